"""Constants and small helpers of the browser tier (shared by conftest and the tests)."""
from __future__ import annotations

import os
from pathlib import Path

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
