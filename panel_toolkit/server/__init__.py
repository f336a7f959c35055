"""The web front of the apps: Voila with one trust boundary in front of every page: a page opens only for a valid personal link.

``python -m panel_toolkit.server`` (started by ``panel-toolkit serve``) runs Voila over notebooks/ with our
handlers in front of its render handler:

- :mod:`.gate` — a page is rendered only for a valid, unrevoked, unexpired personal link of the right kind,
  checked *before* any kernel is started or taken from the pool; anything else gets a static page;
- :mod:`.pages` — those static pages (Chinese, the bureau's contact from the session file);
- :mod:`.limits` — a per-client rate limit on page loads and a kernel ceiling (503 + Retry-After past it);
- :mod:`.pool` — the preheated pool: bounded by the ceiling, refilled once a burst of visitors is over;
- :mod:`.handlers` — the handlers, security headers on every response, websocket messages that could carry a
  traceback or a server path never forwarded to the browser;
- :mod:`.logmask` — no token in any log line;
- :mod:`.app` — the Voila application with only the app notebooks reachable.

Nothing here is imported by the domain core; tornado and voila are only needed to serve.
"""
