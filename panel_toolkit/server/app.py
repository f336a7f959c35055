"""The Voila application behind ``panel-toolkit serve``: only the app notebooks, each behind the gate.

Voila's own handlers are kept for what the apps need (kernel websocket, static files, themes, lab
extensions); its tree, contents API and ``/voila/files`` are not registered, so no listing and no notebook
or file other than the four apps is reachable; ``/`` and unknown addresses get a static page.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import tornado.web
from traitlets import Float, Int, Unicode, default
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.static_file_handler import AllowListFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from . import logmask
from .gate import Gate
from .handlers import (STATIC, FaviconHandler, GatedRenderHandler, SafeKernelWebsocketHandler, SecurityHeaders,
                       StaticPageHandler, WarmKernelSocket)
from .limits import BURST, PER_MINUTE, RateLimiter
from .pages import all_pages
from .pool import BoundedPool

#: Where our Voila template "panel-toolkit" lives (Chinese loading screen, tab titles from the notebooks'
#: metadata, favicon, nothing from a CDN); serve passes --template=panel-toolkit.
SHARE = Path(__file__).parent / "share" / "jupyter"
DROPPED = (TornadoVoilaTreeHandler, VoilaContentsHandler, AllowListFileHandler)
#: Lab extensions only some apps use. Voila gives every page all installed ones; the plotly bundle alone
#: is 4.8 MB of script each expert's browser would fetch and parse for a page that draws no figure.
ONLY_FOR = {"jupyterlab-plotly": {"city_overview.ipynb", "county_dashboard.ipynb"}}


def page_config_hook(page_config: dict, notebook_path: str | None = None, **_) -> dict:
    """Voila's hook (for rendered and preheated pages alike): drop the extensions this app does not use."""
    app = Path(notebook_path or "").name
    page_config["federated_extensions"] = [x for x in page_config.get("federated_extensions", [])
                                           if app in ONLY_FOR.get(x["name"], {app})]
    return page_config


@dataclass
class Front:
    gate: Gate
    limiter: RateLimiter
    pool: BoundedPool | None
    pages: dict[str, str]


class _NoPool:
    """Without preheating: the same ceiling on running kernels."""

    def __init__(self, km, max_kernels: int):
        self.km, self.max_kernels = km, max_kernels
        self.rendering = 0

    def touch(self) -> None:
        pass

    def ready(self, kernel_id: str) -> None:
        pass

    def admits(self, notebook: str) -> bool:
        return len(self.km.list_kernel_ids()) < self.max_kernels


class PanelVoila(Voila):
    name = "panel-toolkit-voila"
    workspace = Unicode(os.environ.get("PANEL_TOOLKIT_WORKSPACE", "."), config=True,
                        help="The workspace folder (sessions/, panel.db); default $PANEL_TOOLKIT_WORKSPACE.")
    db = Unicode(os.environ.get("PANEL_TOOLKIT_DB", ""), config=True,
                 help="Store URL (default: $PANEL_TOOLKIT_DB, else <workspace>/panel.db).")
    max_kernels = Int(8, config=True, help="Kernels at most (preheated ones included); past it: the busy page.")
    rate_per_minute = Float(PER_MINUTE, config=True, help="Page loads a minute per client after a burst.")
    rate_burst = Int(BURST, config=True, help="Page loads a client may make at once.")
    refill_quiet_s = Float(10.0, config=True, help="Refill the preheated pool after this many quiet seconds.")

    @default("log_format")
    def _log_format_default(self) -> str:   # a time on every line: when a page waited, the log says how long
        return "[%(name)s %(asctime)s.%(msecs)03d]%(highlevel)s %(message)s"

    def init_settings(self):
        self.voila_configuration.page_config_hook = page_config_hook
        settings = super().init_settings()
        from ..workspace import Workspace

        workspace = Workspace(self.workspace, self.db or None)
        apps = sorted(p.name for p in Path(self.root_dir).glob("*.ipynb"))
        gate = Gate(workspace, apps)
        km = self.kernel_manager
        pool = (BoundedPool(km, self.max_kernels, self.refill_quiet_s) if self.voila_configuration.preheat_kernel
                else _NoPool(km, self.max_kernels))
        settings["panel_toolkit"] = Front(gate, RateLimiter(self.rate_per_minute, self.rate_burst), pool,
                                          all_pages(gate.contact()))
        settings["transforms"] = [SecurityHeaders]
        settings["serve_traceback"] = False
        return settings

    def init_handlers(self):
        out = [(r"/", StaticPageHandler, {"kind": "home", "status": 200}),   # also the readiness probe
               (r"/favicon.ico", FaviconHandler),
               (r"/pt-static/(favicon\.svg)", tornado.web.StaticFileHandler, {"path": str(STATIC)})]
        for pattern, handler, *rest in super().init_handlers():
            if handler in DROPPED or pattern.rstrip("/") == self.server_url.rstrip("/"):
                continue
            handler = {TornadoVoilaHandler: GatedRenderHandler,
                       VoilaKernelWebsocketHandler: SafeKernelWebsocketHandler,
                       RequestInfoSocketHandler: WarmKernelSocket}.get(handler, handler)
            out.append((pattern, handler, *rest))
        out.append((r"/(.*)", StaticPageHandler, {"kind": "not_found", "status": 404}))
        return out


PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Linux: receive ``sig`` when the process that started us dies (even by SIGKILL)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: serve's own signal handling still ends us
        pass


def main(argv: list[str] | None = None) -> None:
    logmask.install()
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(SHARE), os.environ.get("JUPYTER_PATH")]))
    if os.environ.get("PANEL_TOOLKIT_PARENT_PID"):
        die_with_parent()
        if str(os.getppid()) != os.environ["PANEL_TOOLKIT_PARENT_PID"]:   # the parent died before prctl
            sys.exit(1)
    PanelVoila.launch_instance(argv=argv)
