"""Print HTML to PDF (or a PNG screenshot) with headless Chromium, when it is installed.

Debian's ``/usr/bin/chromium`` (``apt-get install chromium fonts-wqy-microhei``; without a CJK font
Chinese prints as boxes). ``BROWSER_PATH`` names another binary. Without one, PDF output raises
:class:`~panel_toolkit.errors.RendererUnavailable` and HTML remains available.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .. import settings
from ..errors import RendererUnavailable

TIMEOUT_S = 90
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    named = settings.get("BROWSER_PATH")          # the setting, or its default (Debian's binary)
    if named and Path(named).exists():
        return named
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(html: str, *args: str) -> None:
    exe = find_chromium()
    if exe is None:
        raise RendererUnavailable(
            "未找到 Chromium，无法生成 PDF；HTML 版本可用浏览器打印（apt-get install chromium fonts-wqy-microhei）。",
            "Chromium is not installed, so no PDF can be made; print the HTML version from a browser "
            "(apt-get install chromium fonts-wqy-microhei).")
    with tempfile.TemporaryDirectory(prefix="panel-toolkit-print-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, "utf-8")
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--no-default-browser-check", "--disable-extensions",
               f"--user-data-dir={Path(tmp) / 'profile'}", *args, page.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S,
                                  env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise RendererUnavailable(f"Chromium 在 {TIMEOUT_S} 秒内未完成打印。",
                                      f"Chromium did not finish printing within {TIMEOUT_S} s.") from None
        if done.returncode != 0:
            raise RendererUnavailable(f"Chromium 打印失败：{done.stderr.strip()[-300:]}",
                                      f"Chromium failed to print: {done.stderr.strip()[-300:]}")


def html_to_pdf(html: str) -> bytes:
    """The page printed to PDF with the page size of its CSS (@page), without header and footer."""
    with tempfile.TemporaryDirectory(prefix="panel-toolkit-pdf-") as tmp:
        out = Path(tmp) / "out.pdf"
        _run(html, "--no-pdf-header-footer", "--print-to-pdf-no-header", f"--print-to-pdf={out}")
        if not out.exists():
            raise RendererUnavailable("Chromium 未生成 PDF 文件。", "Chromium wrote no PDF file.")
        return out.read_bytes()


def html_to_png(html: str, out: str | Path, width: int = 1240, height: int = 1754) -> Path:
    """A screenshot of the page (to look at what a person sees)."""
    out = Path(out).resolve()
    _run(html, "--hide-scrollbars", f"--window-size={width},{height}", f"--screenshot={out}")
    return out
