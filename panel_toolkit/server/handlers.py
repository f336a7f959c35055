"""Tornado handlers in front of (and instead of parts of) Voila's.

Every response carries :data:`SECURITY_HEADERS` (a transform, so no handler can forget them). The render
handler admits a request only after the rate limit, the link and the kernel ceiling said yes, all before
Voila touches a kernel. The kernel websocket forwards nothing that could carry a traceback or a server
path: error messages, stderr streams, error replies, and any message quoting a traceback or one of the
server's folders are dropped (the server log still has them).
"""
from __future__ import annotations

import inspect
import json
import logging
import sys
from pathlib import Path

import tornado.web
from traitlets.config import Application
from voila.tornado.handler import TornadoVoilaHandler
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from .pages import FAVICON

log = logging.getLogger("panel_toolkit.server")

# blob: in script-src: anywidget imports each widget's own JavaScript (the save bar, the upload check) from a
# blob URL made in the page; nothing outside this origin can be loaded.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
RETRY_AFTER_BUSY_S = 30
STATIC = Path(__file__).parent / "static"
LOOPBACK = {"127.0.0.1", "::1"}


class SecurityHeaders(tornado.web.OutputTransform):
    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for k, v in SECURITY_HEADERS.items():
            headers[k] = v
        return status_code, headers, chunk


def client_of(request) -> str:
    """The visitor's address: behind the local reverse proxy (nginx on this host) its X-Real-IP."""
    ip = request.remote_ip or ""
    if ip in LOOPBACK:
        ip = request.headers.get("X-Real-IP", ip).strip() or ip
    return ip


class PageMixin:
    def page(self, status: int, kind: str, retry_after: int | None = None) -> None:
        self.clear()
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        if retry_after:
            self.set_header("Retry-After", str(int(retry_after)))
        self.finish(self.settings["panel_toolkit"].pages[kind])


class StaticPageHandler(PageMixin, tornado.web.RequestHandler):
    """``/`` and every address that is not an app: a page, never a listing."""

    def initialize(self, kind: str = "not_found", status: int = 404):
        self.kind, self.status = kind, status

    def get(self, *_args):
        front = self.settings["panel_toolkit"]
        ok, wait = front.limiter.allow(client_of(self.request))
        if not ok:
            return self.page(429, "slow", wait)
        self.page(self.status, self.kind)

    head = get

    def post(self, *_args):
        self.page(404, "not_found")

    put = delete = patch = post


class GatedRenderHandler(PageMixin, TornadoVoilaHandler):
    """Voila's render handler, behind the rate limit, the link check and the kernel ceiling."""

    async def prepare(self):
        front = self.settings["panel_toolkit"]
        ok, wait = front.limiter.allow(client_of(self.request))
        if not ok:
            return self.page(429, "slow", wait)
        notebook = (self.path_args[0] if self.path_args else "") or ""
        if notebook not in front.gate.apps:
            return self.page(404, "not_found")
        if not front.gate.admits(notebook, self.get_query_argument("token", None)):
            return self.page(403, "neutral")
        if not front.pool.admits(notebook):
            log.warning("kernel ceiling (%d) reached: busy page for %s", front.pool.max_kernels, notebook)
            return self.page(503, "busy", RETRY_AFTER_BUSY_S)
        front.pool.rendering += 1          # the pool does not refill while pages are being rendered
        self._rendering = True
        result = super().prepare()
        if inspect.isawaitable(result):
            await result

    def _done_rendering(self) -> None:
        if getattr(self, "_rendering", False):
            self._rendering = False
            pool = self.settings["panel_toolkit"].pool
            pool.rendering -= 1
            pool.touch()

    def on_finish(self):
        self._done_rendering()
        super().on_finish()

    def on_connection_close(self):
        self._done_rendering()
        super().on_connection_close()


def _sensitive_strings() -> list[str]:
    from .. import package

    paths = {sys.prefix, sys.base_prefix, str(Path(package.__file__).resolve().parents[1])}
    # 'File "/' also as it appears inside JSON text (the quote escaped)
    return ["Traceback (most recent call last)", 'File "/', 'File \\"/', *sorted(p for p in paths if len(p) > 1)]


class SafeKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """The kernel's messages to the browser, minus anything that could show a traceback or a server path."""

    SENSITIVE = _sensitive_strings()

    async def open(self, kernel_id):
        self.settings["panel_toolkit"].pool.touch()      # a page is still loading: no refill yet
        return await super().open(kernel_id)

    def write_message(self, message, binary: bool = False):
        if self._unsafe(message):
            return None
        return super().write_message(message, binary)

    @classmethod
    def _parts(cls, message) -> tuple[dict, dict, str]:
        """(header, content, raw text) of a message in any of the websocket formats."""
        if isinstance(message, dict):
            return message.get("header") or {}, message.get("content") or {}, json.dumps(message)
        if isinstance(message, str):
            try:
                msg = json.loads(message)
                return msg.get("header") or {}, msg.get("content") or {}, message
            except ValueError:
                return {}, {}, message
        raw = bytes(message)
        text = raw.decode("utf-8", "replace")
        try:  # the v1 kernel websocket protocol: offsets, then channel, header, parent, metadata, content
            n = int.from_bytes(raw[:8], "little")
            offsets = [int.from_bytes(raw[8 * (i + 1):8 * (i + 2)], "little") for i in range(n)]
            header = json.loads(raw[offsets[1]:offsets[2]])
            content = json.loads(raw[offsets[4]:offsets[5]]) if n > 5 else {}
            return header, content, text
        except Exception:
            return {}, {}, text

    @classmethod
    def _unsafe(cls, message) -> bool:
        header, content, text = cls._parts(message)
        kind = header.get("msg_type", "")
        why = None
        if kind == "error":
            why = "error message"
        elif kind == "stream" and content.get("name") == "stderr":
            why = "stderr stream"
        elif isinstance(content, dict) and content.get("status") == "error":
            why = "error reply"
        elif any(s in text for s in cls.SENSITIVE):
            why = "traceback or server path"
        if why:
            log.warning("kernel message not forwarded to the browser (%s, %s)", kind or "?", why)
        return why is not None


class WarmKernelSocket(RequestInfoSocketHandler):
    """A preheated kernel connects here when its notebook reaches ``get_query_string()``: its imports
    and store are done and it waits for a visitor. Voila logs a pool as "filled" when the kernels have
    started, seconds earlier; this line says when they are really ready (benchmarks and operators wait for it)."""

    def open(self, kernel_id: str) -> None:
        # Only a kernel of this server waits here: it connects from this host without passing the proxy, once.
        # Whoever else took its place would receive the next visitor's address, token included.
        if (client_of(self.request) not in LOOPBACK or "X-Forwarded-For" in self.request.headers
                or kernel_id in RequestInfoSocketHandler._waiters):
            log.warning("request-info connection refused (not a waiting kernel of this server)")
            self.close()
            return
        super().open(kernel_id)
        self.settings["panel_toolkit"].pool.ready(kernel_id)
        (Application.instance().log if Application.initialized() else log).info(
            "Preheated kernel %s is ready for a visitor", kernel_id)

    def on_close(self) -> None:
        # Voila's on_close deletes the last waiter listed when this connection is not among them
        if self in RequestInfoSocketHandler._waiters.values():
            super().on_close()


class FaviconHandler(tornado.web.RequestHandler):
    def get(self):
        self.redirect(FAVICON, permanent=True)
