"""``panel-toolkit serve``: the four apps (notebooks/) on 127.0.0.1, behind one trust boundary.

It runs :mod:`panel_toolkit.server` (Voila with our handlers in front, see there): a page opens only for a
valid personal link of the right kind, checked before any kernel is used; only the app notebooks are
reachable; tracebacks never reach a browser; a kernel ceiling (``--max-kernels``, default from the machine's
memory) shows a Chinese busy page past it; a per-client rate limit on page loads. Preheated kernels are kept
ready for the expert app (``--pool-size``, else the newest session's ``panel.pool_size``) and one for each
dashboard; idle kernels are culled — closing a tab does not shut its kernel down (voila#1458).

The server is serve's child, in serve's process group: Ctrl+C or SIGTERM ends it (Voila then shuts every
kernel down), and it gets SIGTERM if serve itself is killed (PR_SET_PDEATHSIG); kernels exit when the
server is gone (ipykernel watches its parent). The kernels find the workspace through
$PANEL_TOOLKIT_WORKSPACE and $PANEL_TOOLKIT_DB.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import click

from . import params
from .edge import translate_errors
from .group import cli, lang_of
from .output import say

HOST = "127.0.0.1"
DEFAULT_PORT = 8866
#: Preheated expert-app kernels when neither --pool-size nor the session says (each holds ~150 MB).
DEFAULT_POOL_SIZE = 4
#: Seconds a kernel without a browser connection lives on (a closed tab), and how often to check.
CULL_IDLE_SECONDS = 900
CULL_INTERVAL_SECONDS = 60
IOPUB_TIMEOUT_S = 60      # see voila_command
EXPERT_APP = "expert_scoring.ipynb"
TEMPLATE = "panel-toolkit"


def notebooks_dir() -> Path:
    """The apps: the repository's notebooks/, shipped in the wheel as package data."""
    from ..package import bundled_path

    return bundled_path("notebooks")


def app_url(port: int, notebook: str = EXPERT_APP, host: str = HOST) -> str:
    return f"http://{host}:{port}/voila/render/{notebook}"


def apps(notebooks: Path | None = None) -> list[str]:
    """The notebooks that are apps (metadata ``panel_toolkit.app: true``), relative to notebooks/.
    Only these are served and preheated: preheating runs a notebook at server start, which an analyst
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


def app_folder(notebooks: Path | None = None) -> Path:
    """A folder holding copies of the app notebooks only, so Voila cannot reach any other."""
    import shutil
    import tempfile

    root = notebooks or notebooks_dir()
    folder = Path(tempfile.mkdtemp(prefix="panel-toolkit-apps-"))
    for name in apps(root):
        shutil.copy2(root / name, folder / name)
    return folder


def pool_sizes(expert_pool: int, max_kernels: int, notebooks: Path | None = None,
               preheated: list[str] | None = None) -> dict[str, int]:
    """The preheated pool of each app: ``expert_pool`` for the expert app, one for each other app, all
    together below the kernel ceiling (the expert app keeps what fits)."""
    chosen = apps(notebooks) if preheated is None else preheated
    others = {name: 1 for name in chosen if name != EXPERT_APP}
    room = max(0, max_kernels - 1 - sum(others.values()))
    sizes = {**others, **({EXPERT_APP: min(int(expert_pool), room)} if EXPERT_APP in chosen else {})}
    return sizes


def voila_command(port: int, *, pool_size: int = DEFAULT_POOL_SIZE, preheat: bool = True,
                  cull_idle: int = CULL_IDLE_SECONDS, cull_interval: int = CULL_INTERVAL_SECONDS,
                  notebooks: Path | None = None, preheated: list[str] | None = None, max_kernels: int | None = None,
                  workspace: str | Path | None = None, db: str | None = None, rate_per_minute: float | None = None,
                  rate_burst: int | None = None) -> list[str]:
    """The server's command line (run with the environment of :func:`voila_env`). ``notebooks``: a folder
    of app notebooks only (see :func:`app_folder`); ``preheated``: the apps that get a preheated pool."""
    from ..server.limits import default_max_kernels

    root = notebooks or notebooks_dir()
    max_kernels = int(max_kernels or default_max_kernels())
    cmd = [sys.executable, "-m", "panel_toolkit.server", str(root), "--no-browser", f"--port={int(port)}",
           f"--Voila.ip={HOST}", "--show_tracebacks=False", f"--template={TEMPLATE}",
           f"--PanelVoila.max_kernels={max_kernels}",
           f"--MappingKernelManager.cull_idle_timeout={int(cull_idle)}",
           f"--MappingKernelManager.cull_interval={int(cull_interval)}",
           "--MappingKernelManager.cull_connected=False",
           # a cell's widget output may reach the server well after its execute_reply when many pages open
           # at once; past this wait Voila drops that output and the page stays blank (nbclient's default: 4 s)
           f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_S}",
           # kernels talk over Unix sockets, not TCP ports: with a pool of 20 starting at once, two kernels
           # were given the same free port and one died (Address already in use); nor can another local
           # user connect to a kernel
           "--KernelManager.transport=ipc"]
    if workspace is not None:   # else $PANEL_TOOLKIT_WORKSPACE (voila_env)
        cmd.append(f"--PanelVoila.workspace={Path(workspace).resolve()}")
    if db:
        cmd.append(f"--PanelVoila.db={db}")
    if rate_per_minute is not None:
        cmd.append(f"--PanelVoila.rate_per_minute={float(rate_per_minute)}")
    if rate_burst is not None:
        cmd.append(f"--PanelVoila.rate_burst={int(rate_burst)}")
    if preheat:
        sizes = pool_sizes(pool_size, max_kernels, root, preheated)
        pools = {"default": {"pool_size": 0}, **{name: {"pool_size": n} for name, n in sizes.items()}}
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
    env["PANEL_TOOLKIT_PARENT_PID"] = str(os.getpid())
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def start_server(cmd: list[str], env: dict, **popen) -> subprocess.Popen:
    """The server as our child, in our process group. It ends itself when we die: its ``main`` asks Linux
    for SIGTERM on our death and checks we are still its parent (``PANEL_TOOLKIT_PARENT_PID`` of
    :func:`voila_env`). No ``preexec_fn``: code between fork and exec can hang a threaded parent."""
    return subprocess.Popen(cmd, env=env, **popen)


def stop_server(proc: subprocess.Popen, timeout: float = 20) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def session_pool_size(workspace: str | Path, db: str | None = None) -> int:
    """``panel.pool_size`` of the newest session of the workspace (the one being scored)."""
    from ..workspace import Workspace

    ws = Workspace(workspace, db)
    try:
        ids = ws.session_ids()
        return ws.config(ids[-1]).pool_size if ids else DEFAULT_POOL_SIZE
    except Exception:   # a broken session file is reported when a page opens it
        return DEFAULT_POOL_SIZE
    finally:
        ws.close()


def run_server(workspace: str | Path, db: str | None, lang: str, port: int, pool_size: int | None, preheat: bool,
               cull_idle: int, max_kernels: int | None = None, rate_per_minute: float | None = None) -> int:
    """Run the server in the foreground until Ctrl+C or SIGTERM; returns its exit status."""
    folder = app_folder()
    pool = session_pool_size(workspace, db) if pool_size is None else pool_size
    cmd = voila_command(port, pool_size=pool, preheat=preheat, cull_idle=cull_idle, notebooks=folder,
                        max_kernels=max_kernels, workspace=workspace, db=db, rate_per_minute=rate_per_minute)
    proc = start_server(cmd, voila_env(workspace, db, lang))
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.send_signal(signal.SIGTERM))
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return stop_server(proc)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            stop_server(proc)
        shutil.rmtree(folder, ignore_errors=True)


SERVE_OPTIONS = [
    click.option("--port", type=params.PORT, default=DEFAULT_PORT, show_default=True, help="Port on 127.0.0.1."),
    click.option("--pool-size", type=params.Integer(0, 200), default=None,
                 help=f"Preheated expert-app kernels (default: the session's panel.pool_size, else {DEFAULT_POOL_SIZE})."),
    click.option("--max-kernels", type=params.Integer(1, 10_000), default=None,
                 help="Kernels at most; past it visitors see a busy page (default: ~60 % of memory / 200 MB)."),
    click.option("--rate-limit", type=click.FloatRange(0.1, 10_000), default=None,
                 help="Page loads a minute per client after a burst of 20 (default 30)."),
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
def serve(ctx, port, pool_size, max_kernels, rate_limit, no_preheat, cull_idle):
    """Serve the apps on 127.0.0.1 (put a TLS reverse proxy in front: docs/deploy.md). Each page needs a
    personal link: experts' from `links`, staff's from `viewer-link`."""
    o = ctx.find_root().obj
    lang = lang_of(ctx)
    workspace = Path(o["workspace"]).resolve()
    say(ctx, "serving", workspace=workspace, host=HOST, port=port, url=app_url(port))
    sys.exit(run_server(workspace, o["db"], lang, port, pool_size, not no_preheat, cull_idle, max_kernels, rate_limit))
