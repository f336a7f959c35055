"""Static PNG export of a figure for reports (kaleido + a Chromium on the machine).

kaleido 1.x drives a local Chromium; Debian's ``/usr/bin/chromium`` is used when ``BROWSER_PATH`` is not
set. Without a browser, :func:`write_png` raises :class:`~panel_toolkit.errors.StaticExportUnavailable`
with how to fix it, rather than trying to download one (there is no network in production).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import plotly.graph_objects as go

from .. import settings
from ..errors import StaticExportUnavailable

DEBIAN_CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT, SCALE = 1000, 560, 2


def browser_path() -> str | None:
    """The Chromium kaleido will use: ``$BROWSER_PATH``, Debian's, or one on PATH."""
    for candidate in (settings.get("BROWSER_PATH"), DEBIAN_CHROMIUM):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def static_export_available() -> bool:
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False
    return browser_path() is not None


def write_png(fig: go.Figure, path: str | Path, *, width: int = WIDTH, height: int | None = None,
              scale: float = SCALE) -> Path:
    """Write ``fig`` as a PNG (white background, the figure's own height unless given)."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        raise StaticExportUnavailable("未安装 kaleido，无法导出静态图片；请安装：pip install kaleido",
                                      "kaleido is not installed; install it: pip install kaleido") from None
    browser = browser_path()
    if browser is None:
        raise StaticExportUnavailable("未找到 Chromium 浏览器，无法导出静态图片；请安装：apt-get install chromium fonts-wqy-microhei",
                                      "No Chromium found for static export; install it: apt-get install chromium "
                                      "fonts-wqy-microhei (or set BROWSER_PATH)")
    os.environ.setdefault("BROWSER_PATH", browser)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.write_image(path, format="png", width=width, height=height or fig.layout.height or HEIGHT, scale=scale)
    return path
