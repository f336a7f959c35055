"""The server's handler table, pinned: every address the server answers and the class that answers it.

The table is built by the real application (``PanelVoila`` over the app notebooks, from the command line
``panel-toolkit serve`` runs) as far as ``init_handlers``, without listening and without a browser. A new
Voila that adds, moves or renames a route changes this table: the test fails here, and the server refuses to
start on a handler it does not name (:func:`panel_toolkit.server.app.handler_table`).
"""
from __future__ import annotations

import shutil

import pytest
import tornado.web

from panel_toolkit.cli.serve import app_folder, voila_command
from panel_toolkit.server import app as server_app
from panel_toolkit.server.app import DROPPED, PanelVoila, UnknownHandler, handler_table

KERNEL = r"(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"
#: (pattern, the answering class) with preheated kernels, as ``serve`` starts the server by default.
PREHEATED = {
    ("/", "panel_toolkit.server.handlers.StaticPageHandler"),
    ("/favicon.ico", "panel_toolkit.server.handlers.FaviconHandler"),
    (r"/pt-static/(favicon\.svg)", "tornado.web.StaticFileHandler"),
    (f"/api/kernels/{KERNEL}", "jupyter_server.services.kernels.handlers.KernelHandler"),
    (f"/api/kernels/{KERNEL}/channels", "panel_toolkit.server.handlers.SafeKernelWebsocketHandler"),
    ("/voila/templates/(.*)", "voila.static_file_handler.TemplateStaticFileHandler"),
    ("/voila/static/(.*)", "voila.static_file_handler.MultiStaticFileHandler"),
    ("/voila/api/themes/(.*)", "jupyterlab_server.themes_handler.ThemesHandler"),
    ("/voila/api/shutdown/(.*)", "voila.shutdown_kernel_handler.VoilaShutdownKernelHandler"),
    ("/logout", "jupyter_server.auth.logout.LogoutHandler"),
    (f"/voila/query/{KERNEL}", "panel_toolkit.server.handlers.WarmKernelSocket"),
    ("/voila/labextensions/(.*)", "jupyter_server.base.handlers.FileFindHandler"),
    ("/voila/render/(.*)", "panel_toolkit.server.handlers.GatedRenderHandler"),
    ("/(.*)", "panel_toolkit.server.handlers.StaticPageHandler"),
}
#: Without preheating (``serve --no-preheat``) the preheated kernels' query socket is not registered.
NOT_PREHEATED = PREHEATED - {(f"/voila/query/{KERNEL}", "panel_toolkit.server.handlers.WarmKernelSocket")}


def served(tmp_path, monkeypatch, preheat: bool) -> list[tuple]:
    """The handler table of the server ``serve`` would start (without listening)."""
    monkeypatch.setenv("JUPYTER_PATH", str(server_app.SHARE))   # as the server's main sets it: our template
    folder = app_folder()
    try:
        cmd = voila_command(8999, pool_size=1, preheat=preheat, notebooks=folder, max_kernels=6,
                            workspace=tmp_path)
        app = PanelVoila()
        app.initialize(cmd[cmd.index("panel_toolkit.server") + 1:])
        app.init_settings()
        return app.init_handlers()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def names(table: list[tuple]) -> set[tuple[str, str]]:
    return {(pattern, f"{handler.__module__}.{handler.__qualname__}") for pattern, handler, *_ in table}


@pytest.mark.parametrize("preheat,expected", [(True, PREHEATED), (False, NOT_PREHEATED)],
                         ids=["preheated", "not-preheated"])
def test_the_server_answers_exactly_these_addresses(tmp_path, monkeypatch, preheat, expected):
    table = served(tmp_path, monkeypatch, preheat)
    assert names(table) == expected
    assert len(table) == len(expected)                       # no address twice
    assert table[0][0] == "/" and table[-1][0] == "/(.*)"    # the home page first, the catch-all last
    assert not {handler for _, handler, *_ in table} & set(DROPPED)


def test_a_handler_the_table_does_not_name_stops_the_start():
    class NewVoilaRoute(tornado.web.RequestHandler):
        pass

    with pytest.raises(UnknownHandler, match="NewVoilaRoute.*'/voila/new'"):
        handler_table([("/voila/new", NewVoilaRoute)])


def test_dropped_handlers_go_and_replaced_ones_are_ours():
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    from panel_toolkit.server.handlers import GatedRenderHandler

    table = handler_table([("/", TornadoVoilaTreeHandler, {}), ("/voila/render/(.*)", TornadoVoilaHandler, {"x": 1})])
    assert table == [("/voila/render/(.*)", GatedRenderHandler, {"x": 1})]
