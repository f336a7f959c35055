"""A throwaway PostgreSQL cluster for the test suite: ``initdb`` into a temporary folder as an unprivileged
user, ``pg_ctl start`` on a free local port (Unix socket only), stopped and deleted at the end.

    with cluster() as url:      # postgresql+psycopg://postgres@/postgres?host=…&port=…
        ...

``binaries()`` finds the server programs ($PANEL_TOOLKIT_PG_BIN, PATH, /usr/lib/postgresql/<v>/bin).
As root the server runs as the ``postgres`` user (initdb refuses root).
"""
from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator


def binaries() -> Path | None:
    candidates = [os.environ.get("PANEL_TOOLKIT_PG_BIN", "")]
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(str(Path(found).parent))
    candidates += [str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]
    for c in candidates:
        if c and (Path(c) / "initdb").is_file() and (Path(c) / "pg_ctl").is_file():
            return Path(c)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_user(cmd: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


@contextlib.contextmanager
def cluster(bin_dir: Path | None = None) -> Iterator[str]:
    bin_dir = bin_dir or binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    user = None
    if os.geteuid() == 0:
        user = "postgres" if _user_exists("postgres") else "nobody"
    root = Path(tempfile.mkdtemp(prefix="panel-toolkit-pg-"))
    data, port = root / "data", free_port()
    if user:
        shutil.chown(root, user)
    os.chmod(root, 0o755)
    subprocess.run(_as_user([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                             "--no-sync"], user), check=True, stdout=subprocess.DEVNULL, cwd=root)
    options = (f"-p {port} -k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=400")
    started = False
    try:
        subprocess.run(_as_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
                                 "-w", "start"], user), check=True, stdout=subprocess.DEVNULL, cwd=root)
        started = True
        yield f"postgresql+psycopg://postgres@/postgres?host={root}&port={port}"
    finally:
        if started:
            subprocess.run(_as_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], user),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=root)
        shutil.rmtree(root, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
