"""A workspace folder: ``sessions/<id>/session.yaml`` files, optional ``rubrics/``, and one store
(``panel.db`` by default; any SQLAlchemy URL can replace it).

:class:`Folder` opens the store and reads the rules; it builds no session. :class:`panel_toolkit.Workspace`
(the factory every front end holds) extends it with the session, directory and link facades. Nothing here
imports the facade, so the facade's services can be given a folder without an import circle.
"""
from __future__ import annotations

import functools
import threading
from pathlib import Path

from . import rules as _rules
from . import validation
from .config import SessionConfig
from .errors import NotFound
from .store import Store, default_url
from .store.engine import DEFAULT_DB  # noqa: F401  (panel.db; the demo imports it from here)
from .store.queries import closure as closing


class Folder:
    def __init__(self, root: str | Path = ".", db: str | None = None):
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise NotFound(f"工作区文件夹不存在：{self.root}。请用 -w 指定含 sessions/ 的文件夹，或先运行 panel-toolkit demo。",
                           f"No workspace folder {self.root}. Point -w at a folder with sessions/, or run panel-toolkit demo.")
        self._db = validation.store_url(db) if db else None
        self._rules: dict[str, tuple[tuple, SessionConfig]] = {}
        self._rules_lock = threading.Lock()

    @functools.cached_property
    def store(self) -> Store:
        """Opened on first use, so a bad session id or county is refused before any file is touched. Without
        a URL: ``<root>/panel.db``, or the workspace's own database on $PANEL_TOOLKIT_DB_SERVER."""
        return Store(self._db or default_url(self.root))

    def session_ids(self) -> list[str]:
        return sorted(p.parent.name for p in (self.root / "sessions").glob("*/session.yaml"))

    def session_file(self, session_id: str) -> Path:
        session_id = validation.session_id(session_id)  # a name, never a path
        path = self.root / "sessions" / session_id / "session.yaml"
        if not path.exists():
            known = self.session_ids()
            raise NotFound(f"找不到评审批次 {session_id}（应有文件 {path}）。已有批次：{'、'.join(known) or '无'}",
                           f"no session {session_id} (expected {path}). Known sessions: {', '.join(known) or 'none'}")
        return path

    def rules(self, session_id: str) -> SessionConfig:
        """The session's rules (session file + rubric), the one reader for every front end (the gate, the links,
        the apps, the CLI): from disk while the session is open; once its list is confirmed (until a reopen) or
        it is recognised, the texts kept with the confirmation, whatever the files say now (SPEC §7,
        :mod:`panel_toolkit.rules`).

        Parsed rules are reused while the key stays the same: the session file and its rubric (path, inode, size,
        modification and change times: a copy that keeps the old modification time still changes the change
        time), the folders a rubric is looked up in (a bureau's own ``rubrics/<id>.yaml`` added or removed changes
        which file the session names), and the confirmation that closes the session (a confirmation or a reopen in
        another process switches between kept texts and files). The key is taken *before* reading, so a file
        edited while it was read is read again next time."""
        path = self.session_file(session_id)
        with self._rules_lock:
            cached = self._rules.get(session_id)
        key, closing_row = self._rules_key(path, cached[1] if cached else None)
        if cached is not None and key is not None and cached[0] == key:
            return cached[1]
        with self.store.read() as conn:
            kept = {} if closing_row is None else closing.kept_files(conn, closing_row["id"])
        config = _rules.load(self.root, closing_row, kept, session_id, path)
        if key is not None:
            with self._rules_lock:
                self._rules[session_id] = (key, config)
        return config

    config = rules   # the name the front ends have used since the first release

    def _rules_key(self, path: Path, config: SessionConfig | None) -> tuple[tuple | None, dict | None]:
        """The cache key (None when a file cannot be looked at) and the confirmation that closes the session,
        which a miss reads the kept texts of."""
        files = [path] + ([Path(config.rubric.path)] if config is not None else [])
        folders = [path.parent, self.root / "rubrics"]   # where a rubric is looked up first
        with self.store.read() as conn:
            closing_row = closing.closing_list(conn, path.parent.name)
        try:
            stats = tuple((str(f), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
                          for f in files for st in (f.stat(),))
        except OSError:
            return None, closing_row
        stats += tuple((str(d), d.stat().st_mtime_ns if d.is_dir() else None) for d in folders)
        return (*stats, None if closing_row is None else closing_row["id"]), closing_row

    def warm(self) -> None:
        """Read every session's rules now (a preheated app kernel does this before a request arrives)."""
        for sid in self.session_ids():
            try:
                self.rules(sid)
            except Exception:  # noqa: BLE001 - a broken session file is reported when it is opened
                pass

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.dispose()
