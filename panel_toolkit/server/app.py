"""The Voila application behind ``panel-toolkit serve``: only the app notebooks, each behind the gate.

Every handler Voila registers is named in one table (:func:`handler_table`): kept for what the apps need
(kernel, static files, themes, lab extensions), replaced by ours (the render page behind the gate, the
kernel websockets that forward no traceback), or dropped (the tree, the contents API and ``/voila/files``:
no listing and no notebook or file other than the four apps is reachable). A handler the table does not
name — a newer Voila adding a route — stops the server at start instead of being served unchecked.
``/`` and unknown addresses get a static page.

The imports below reach into Voila's modules, which are not a public API: ``pyproject.toml`` pins Voila to
the minor version this table was checked against, and ``tests/server/test_handler_table.py`` pins the table.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import tornado.web
from jupyter_server.auth.logout import LogoutHandler
from jupyter_server.base.handlers import FileFindHandler
from jupyter_server.services.kernels.handlers import KernelHandler
from jupyterlab_server.themes_handler import ThemesHandler
from traitlets import Float, Int, Unicode, default
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import (
    AllowListFileHandler,
    MultiStaticFileHandler,
    TemplateStaticFileHandler,
)
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from .. import settings
from ..errors import PanelError
from ..i18n import text
from . import logmask
from .gate import Gate
from .handlers import (
    STATIC,
    FaviconHandler,
    GatedRenderHandler,
    SafeKernelWebsocketHandler,
    SecurityHeaders,
    StaticPageHandler,
    WarmKernelSocket,
)
from .limits import BURST, PER_MINUTE, RateLimiter
from .pages import all_pages
from .pool import BoundedPool

#: Where our Voila template "panel-toolkit" lives (Chinese loading screen, tab titles from the notebooks'
#: metadata, favicon, nothing from a CDN); serve passes --template=panel-toolkit.
SHARE = Path(__file__).parent / "share" / "jupyter"
#: Voila's handlers served as they are: a kernel's REST resource and its shutdown (the page's own kernel),
#: Voila's and the template's static files, the themes, the lab extensions, and jupyter_server's logout page.
KEPT = (KernelHandler, VoilaShutdownKernelHandler, TemplateStaticFileHandler, MultiStaticFileHandler,
        ThemesHandler, FileFindHandler, LogoutHandler)
#: Voila's handlers served by ours: the page only behind the gate, websockets that forward no traceback.
REPLACED = {TornadoVoilaHandler: GatedRenderHandler, VoilaKernelWebsocketHandler: SafeKernelWebsocketHandler,
            RequestInfoSocketHandler: WarmKernelSocket}
#: Voila's handlers not served: the notebook tree, the contents API and any file of the folder.
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


class UnknownHandler(RuntimeError):
    """Voila registers a handler :func:`handler_table` does not name."""


def handler_table(voila_handlers: list[tuple]) -> list[tuple]:
    """Voila's handlers as we serve them: each kept, replaced by ours or dropped; any other refused."""
    out = []
    for pattern, handler, *rest in voila_handlers:
        if handler in DROPPED:
            continue
        if handler in REPLACED:
            handler = REPLACED[handler]
        elif handler not in KEPT:
            raise UnknownHandler(
                f"Voila registers {handler.__module__}.{handler.__qualname__} at {pattern!r}, which "
                "panel_toolkit/server/app.py neither keeps, replaces nor drops: this Voila is newer than the one "
                "the server was checked with. Install the version pyproject.toml names, or review the handler "
                "and add it to KEPT, REPLACED or DROPPED.")
        out.append((pattern, handler, *rest))
    return out


class PanelVoila(Voila):
    name = "panel-toolkit-voila"
    workspace = Unicode(config=True, help="The workspace folder (sessions/, panel.db); default $PANEL_TOOLKIT_WORKSPACE.")
    db = Unicode(config=True, help="Store URL (default: $PANEL_TOOLKIT_DB, else <workspace>/panel.db).")
    max_kernels = Int(8, config=True, help="Kernels at most (preheated ones included); past it: the busy page.")
    rate_per_minute = Float(PER_MINUTE, config=True, help="Page loads a minute per client after a burst.")
    rate_burst = Int(BURST, config=True, help="Page loads a client may make at once.")
    refill_quiet_s = Float(10.0, config=True, help="Refill the preheated pool after this many quiet seconds.")

    @default("workspace")
    def _workspace_default(self) -> str:
        return settings.get("PANEL_TOOLKIT_WORKSPACE")

    @default("db")
    def _db_default(self) -> str:
        return settings.get("PANEL_TOOLKIT_DB") or ""

    @default("log_format")
    def _log_format_default(self) -> str:   # a time on every line: when a page waited, the log says how long
        return "[%(name)s %(asctime)s.%(msecs)03d]%(highlevel)s %(message)s"

    def init_settings(self):
        self.voila_configuration.page_config_hook = page_config_hook
        app_settings = super().init_settings()
        from ..workspace import Workspace

        workspace = Workspace(self.workspace, self.db or None)
        apps = sorted(p.name for p in Path(self.root_dir).glob("*.ipynb"))
        gate = Gate(workspace, apps)
        km = self.kernel_manager
        pool = (BoundedPool(km, self.max_kernels, self.refill_quiet_s) if self.voila_configuration.preheat_kernel
                else _NoPool(km, self.max_kernels))
        app_settings["panel_toolkit"] = Front(gate, RateLimiter(self.rate_per_minute, self.rate_burst), pool,
                                              all_pages(gate.contact()))
        app_settings["transforms"] = [SecurityHeaders]
        app_settings["serve_traceback"] = False
        return app_settings

    def init_handlers(self):
        return [(r"/", StaticPageHandler, {"kind": "home", "status": 200}),   # also the readiness probe
                (r"/favicon.ico", FaviconHandler),
                (r"/pt-static/(favicon\.svg)", tornado.web.StaticFileHandler, {"path": str(STATIC)}),
                *handler_table(super().init_handlers()),
                (r"/(.*)", StaticPageHandler, {"kind": "not_found", "status": 404})]


PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Linux: receive ``sig`` when the process that started us dies (even by SIGKILL)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: serve's own signal handling still ends us
        pass


def main(argv: list[str] | None = None) -> None:
    lang = settings.get("PANEL_TOOLKIT_LANG")
    try:
        settings.check()
    except PanelError as e:   # one line, before a kernel or the store is touched
        print(text("common.error_prefix", lang) + e.message(lang), file=sys.stderr)
        sys.exit(e.exit_code)
    logmask.install()
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(SHARE), os.environ.get("JUPYTER_PATH")]))
    parent = settings.get("PANEL_TOOLKIT_PARENT_PID")
    if parent:
        die_with_parent()
        if str(os.getppid()) != parent:   # the parent died before prctl
            sys.exit(1)
    try:
        PanelVoila.launch_instance(argv=argv)
    except UnknownHandler as e:
        sys.exit(f"panel_toolkit.server: {e}")
