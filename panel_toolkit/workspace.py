"""A workspace: a folder with ``sessions/<id>/session.yaml`` files, optional ``rubrics/``, and
one store (``panel.db`` by default; any SQLAlchemy URL can replace it)."""
from __future__ import annotations

import functools
from pathlib import Path

from . import validation
from .actor import Actor
from .config import SessionConfig
from .errors import NotFound
from .store import Store, default_url
from .store.engine import DEFAULT_DB  # noqa: F401  (panel.db; the demo imports it from here)


class Workspace:
    def __init__(self, root: str | Path = ".", db: str | None = None):
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise NotFound(f"工作区文件夹不存在：{self.root}。请用 -w 指定含 sessions/ 的文件夹，或先运行 panel-toolkit demo。",
                           f"No workspace folder {self.root}. Point -w at a folder with sessions/, or run panel-toolkit demo.")
        self._db = validation.store_url(db) if db else None

    @functools.cached_property
    def store(self) -> Store:
        """Opened on first use, so a bad session id or county is refused before any file is touched. Without
        a URL: ``<root>/panel.db``, or the workspace's own database on $PANEL_TOOLKIT_DB_SERVER."""
        return Store(self._db or default_url(self.root))

    def session_ids(self) -> list[str]:
        return sorted(p.parent.name for p in (self.root / "sessions").glob("*/session.yaml"))

    def config(self, session_id: str) -> SessionConfig:
        """The session's rules (session file + rubric), for every front end: from disk while the session is
        open; once its list is confirmed (until a reopen) or it is recognised, the texts kept with the
        confirmation, whatever the files say now (SPEC §7, :mod:`panel_toolkit.facade.frozen`)."""
        session_id = validation.session_id(session_id)  # a name, never a path
        path = self.root / "sessions" / session_id / "session.yaml"
        if not path.exists():
            known = "、".join(self.session_ids()) or "无"
            raise NotFound(f"找不到评审批次 {session_id}（应有文件 {path}）。已有批次：{known}",
                           f"no session {session_id} (expected {path}). Known sessions: {', '.join(self.session_ids()) or 'none'}")
        from .facade.frozen import load_config

        return load_config(self, session_id, path)   # a closed session: the files as confirmed (SPEC §7)

    def session(self, session_id: str, actor: Actor | None = None):
        """The facade every front end calls. Registers the session in the store on first use."""
        from .facade import Session

        config = self.config(session_id)
        return Session(self, config, _known_county(actor or Actor.city(), config.screening_units))

    def directory(self, actor: Actor | None = None):
        """The brand directory (劳务品牌目录, 第十五条–第二十一条) of this workspace, as ``actor`` sees it."""
        from .config.session import CITY_ROUTE, default_counties
        from .facade.directory import Directory

        return Directory(self, _known_county(actor or Actor.city(), (*default_counties(), CITY_ROUTE)))

    def session_for_token(self, token: object):
        """The Session of the expert whose personal link carries ``token``, acting as that expert.

        An unknown, revoked, expired (past the session's ``panel.due_date``) or malformed token raises
        :class:`~panel_toolkit.errors.AccessDenied` with one neutral message for all, which reveals nothing
        (the form is checked before any lookup). Every later write re-checks the link (facade.links)."""
        from .facade.links import lookup
        from .panel import tokens

        info = lookup(self, token)
        if info is None or info.kind != "expert":
            raise tokens.refused()
        try:
            return self.session(info.session_id, info.actor)
        except NotFound:  # the session's file is gone: still say nothing
            raise tokens.refused() from None

    def close(self) -> None:
        if "store" in self.__dict__:
            self.store.dispose()


def _known_county(actor: Actor, units) -> Actor:
    """A county actor's scope as the session spells it (after normalisation: full-width forms, spaces,
    invisible characters); an unknown county is refused, so a look-alike never yields an empty table."""
    if actor.role != "county":
        return actor
    unit = validation.county(actor.scope, units)
    if unit == actor.scope:
        return actor
    return Actor(actor.name.replace(actor.scope, unit), "county", unit)
