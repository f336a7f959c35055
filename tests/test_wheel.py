"""A real package: build the wheel from a clean copy of the repository, install it (not editable) into
a fresh venv, and run it from a folder far from the checkout: ``demo --no-serve``, ``serve`` and
``python -m panel_toolkit``. The default rubric, the session template and the apps must come from the
wheel.

The dependencies (pandas, Voila…) are not downloaded again: the fresh venv sees this environment's
site-packages through a ``.pth`` line (which does not run this environment's editable-install hook) and
Voila's templates through JUPYTER_PATH, so ``panel_toolkit`` itself can only come from the wheel — the
test checks that it does.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _tracked_copy(target: Path) -> Path:
    """The files git tracks (links kept as links), as a clean clone would have them."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True).stdout.split(b"\0")
    for name in filter(None, files):
        src, dst = REPO / name.decode(), target / name.decode()
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the working tree
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst, follow_symlinks=False)
    return target


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    src = _tracked_copy(base / "clone")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(base / "dist")],
                   check=True, capture_output=True)
    [wheel] = (base / "dist").glob("panel_toolkit-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "_test_dependencies.pth").write_text(
        "\n".join(dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])) + "\n")
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True)
    shutil.rmtree(src)  # nothing may be read from the copy of the checkout
    return venv


def _env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANEL_TOOLKIT_") and k != "PYTHONPATH"}
    # Voila's page templates are data files of the shared dependencies (share/jupyter), like the .pth above.
    return {**env, "HOME": str(tmp), "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}


def test_the_package_comes_from_the_wheel(fresh, tmp_path):
    out = subprocess.run([fresh / "bin" / "python", "-c",
                          "import panel_toolkit as p; print(p.__file__); print(p.bundled_path('rubrics'))"],
                         cwd=tmp_path, env=_env(tmp_path), check=True, capture_output=True, text=True).stdout
    assert out.startswith(str(fresh)) and str(REPO) not in out


def test_python_dash_m_runs_the_cli(fresh, tmp_path):
    r = subprocess.run([fresh / "bin" / "python", "-m", "panel_toolkit", "--help"], cwd=tmp_path,
                       env=_env(tmp_path), capture_output=True, text=True)
    assert r.returncode == 0 and "营口市劳务品牌认定" in r.stdout


def test_demo_and_serve_from_the_installed_wheel(fresh, tmp_path):
    env = _env(tmp_path)
    exe = fresh / "bin" / "panel-toolkit"
    r = subprocess.run([exe, "demo", "--no-serve", "--dir", "ws"], cwd=tmp_path, env=env, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    demo_out = r.stdout
    assert (tmp_path / "ws" / "sessions" / "demo" / "session.yaml").exists() and "serve --port" in r.stdout
    r = subprocess.run([exe, "-w", "ws", "session", "show", "demo"], cwd=tmp_path, env=env, capture_output=True,
                       text=True)
    assert r.returncode == 0 and "yingkou-2023-default" in r.stdout   # the bundled rubric, found in the wheel

    token = re.search(r"expert_scoring\.ipynb\?token=([\w-]+)", demo_out).group(1)   # a demo expert's link
    port = _free_port()
    server = subprocess.Popen([exe, "-w", "ws", "serve", "--port", str(port), "--no-preheat"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    page = f"http://127.0.0.1:{port}/voila/render/expert_scoring.ipynb"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).close()   # the landing page: up
                break
            except OSError:
                time.sleep(0.5)
        assert server.poll() is None, server.stdout.read().decode("utf-8", "replace")
        with pytest.raises(urllib.error.HTTPError) as refused:         # the gate's static page, from package data
            urllib.request.urlopen(page, timeout=60)
        assert refused.value.code == 403 and "链接" in refused.value.read().decode("utf-8")
        with urllib.request.urlopen(f"{page}?token={token}", timeout=120) as resp:
            body = resp.read().decode("utf-8", "replace")
        assert "pt-app" in body and "Traceback" not in body   # the app ran, from the wheel's package data
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
