"""``panel-toolkit serve``: the Voila apps (notebooks/) on 127.0.0.1.

Settings follow the project's Voila notes: preheated kernels (a page is interactive in ~2–3 s instead
of ~7 s), tracebacks never sent to the browser, and idle kernels culled — closing a tab does not shut
its kernel down (voila#1458), so a kernel without a browser connection for ``cull_idle`` seconds is
stopped; a tab left open keeps its kernel (``cull_connected=False``). The kernels find the workspace
through $PANEL_TOOLKIT_WORKSPACE and $PANEL_TOOLKIT_DB.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from . import params
from .edge import translate_errors
from .main import cli, lang_of

HOST = "127.0.0.1"
DEFAULT_PORT = 8866
#: Preheated kernels kept ready per notebook; each holds ~100–150 MB.
DEFAULT_POOL_SIZE = 2
#: Seconds a kernel without a browser connection lives on (a closed tab), and how often to check.
CULL_IDLE_SECONDS = 900
CULL_INTERVAL_SECONDS = 60
EXPERT_APP = "expert_scoring.ipynb"


def notebooks_dir() -> Path:
    """The apps: the repository's notebooks/, shipped in the wheel as package data."""
    from .. import bundled_path

    return bundled_path("notebooks")


def app_url(port: int, notebook: str = EXPERT_APP, host: str = HOST) -> str:
    return f"http://{host}:{port}/voila/render/{notebook}"


def apps(notebooks: Path | None = None) -> list[str]:
    """The notebooks that are apps (metadata ``panel_toolkit.app: true``), relative to notebooks/.
    Only these get preheated kernels: preheating runs a notebook at server start, which an analyst
    notebook must not do."""
    root = notebooks or notebooks_dir()
    out = []
    for path in sorted(root.glob("*.ipynb")):
        try:
            meta = json.loads(path.read_text("utf-8")).get("metadata", {}).get("panel_toolkit", {})
        except (OSError, ValueError):
            continue
        if meta.get("app") is True:
            out.append(path.name)
    return out


def voila_command(port: int, *, pool_size: int = DEFAULT_POOL_SIZE, preheat: bool = True,
                  cull_idle: int = CULL_IDLE_SECONDS, cull_interval: int = CULL_INTERVAL_SECONDS,
                  notebooks: Path | None = None, preheated: list[str] | None = None) -> list[str]:
    """The voila command line (run with the environment of :func:`voila_env`). ``preheated``: the apps
    that get a pool of preheated kernels (default: every app, see :func:`apps`)."""
    root = notebooks or notebooks_dir()
    cmd = [sys.executable, "-m", "voila", str(root), "--no-browser", f"--port={int(port)}",
           f"--Voila.ip={HOST}", "--show_tracebacks=False",
           f"--MappingKernelManager.cull_idle_timeout={int(cull_idle)}",
           f"--MappingKernelManager.cull_interval={int(cull_interval)}",
           "--MappingKernelManager.cull_connected=False"]
    if preheat:
        chosen = apps(root) if preheated is None else preheated
        pools = {"default": {"pool_size": 0}, **{name: {"pool_size": int(pool_size)} for name in chosen}}
        cmd += ["--preheat_kernel=True", f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}"]
    return cmd


def voila_env(workspace: str | Path, db: str | None = None, lang: str = "zh", base: dict | None = None) -> dict:
    """The server's environment: the kernels inherit the workspace and store to use."""
    env = dict(os.environ if base is None else base)
    env["PANEL_TOOLKIT_WORKSPACE"] = str(Path(workspace).resolve())
    if db:
        env["PANEL_TOOLKIT_DB"] = str(db)
    else:
        env.pop("PANEL_TOOLKIT_DB", None)
    env["PANEL_TOOLKIT_LANG"] = lang
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def run_server(workspace: str | Path, db: str | None, lang: str, port: int, pool_size: int, preheat: bool,
               cull_idle: int) -> int:
    """Run voila in the foreground until Ctrl+C; returns its exit status."""
    proc = subprocess.Popen(voila_command(port, pool_size=pool_size, preheat=preheat, cull_idle=cull_idle),
                            env=voila_env(workspace, db, lang))
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            return proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()


SERVE_OPTIONS = [
    click.option("--port", type=params.PORT, default=DEFAULT_PORT, show_default=True, help="Port on 127.0.0.1."),
    click.option("--pool-size", type=params.Integer(0, 64), default=DEFAULT_POOL_SIZE, show_default=True,
                 help="Preheated kernels kept ready per app."),
    click.option("--no-preheat", is_flag=True, help="Start a kernel per page instead (slower first paint)."),
    click.option("--cull-idle", type=params.Integer(0, 10**7), default=CULL_IDLE_SECONDS, show_default=True,
                 help="Stop a kernel this many seconds after its browser tab went away."),
]


def serve_options(fn):
    for option in reversed(SERVE_OPTIONS):
        fn = option(fn)
    return fn


@cli.command()
@serve_options
@click.pass_context
@translate_errors
def serve(ctx, port, pool_size, no_preheat, cull_idle):
    """Serve the Voila apps (expert scoring: notebooks/expert_scoring.ipynb) on 127.0.0.1."""
    o = ctx.find_root().obj
    lang = lang_of(ctx)
    workspace = Path(o["workspace"]).resolve()
    if lang == "en":
        click.echo(f"Serving the apps of workspace {workspace} on http://{HOST}:{port}/ (Ctrl+C stops).\n"
                   f"  expert scoring: {app_url(port)}?token=… (each expert's personal link: panel-toolkit links)")
    else:
        click.echo(f"正在提供工作区 {workspace} 的网页应用：http://{HOST}:{port}/（按 Ctrl+C 停止）\n"
                   f"  专家评分：{app_url(port)}?token=…（专家个人链接见 panel-toolkit links）")
    sys.exit(run_server(workspace, o["db"], lang, port, pool_size, not no_preheat, cull_idle))
