"""Constants and small helpers of the browser tier (shared by conftest and the tests)."""
from __future__ import annotations

import importlib.util
import os
import shutil
import socket
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PANEL_TOOLKIT_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 820, "height": 1180}
#: First paint may need a fresh kernel when the preheated pool is still filling (≈7–10 s on 2 cores).
PAGE_TIMEOUT_MS = 60_000
SERVER_START_S = 120


def shoot(page, name: str) -> Path:
    """A screenshot of the viewport into screenshots/ (gitignored), to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def open_local_page(browser, port: int, url: str, contexts: list, viewport: dict | None = None):
    """A page in a new context on ``url``: Chinese locale, the tier's timeout, every request that is not to
    the local server (or a data: URI) aborted. The context is appended to ``contexts`` for closing."""
    context = browser.new_context(viewport=viewport or DESKTOP, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    local = f"http://127.0.0.1:{port}/"
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith((local, "data:"))
                  else route.abort())
    contexts.append(context)
    page = context.new_page()
    page.goto(url)
    return page


def missing_tools() -> list[str]:
    """What the browser and security tiers need and this machine lacks."""
    missing = [] if (Path(CHROMIUM).exists() or shutil.which("chromium")) else [f"chromium ({CHROMIUM})"]
    return missing + [m for m in ("playwright", "voila") if importlib.util.find_spec(m) is None]


def require_tools(tier: str, hint: str = "") -> None:
    """Skip the tier when a tool is missing, except with CI=true: then it fails, never skipped."""
    missing = missing_tools()
    if missing:
        message = f"{tier} tests need {', '.join(missing)}{hint}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " - CI=true: never skipped")
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
