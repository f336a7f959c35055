"""A workspace: a folder with ``sessions/<id>/session.yaml`` files, optional ``rubrics/``, and
one store (``panel.db`` by default; any SQLAlchemy URL can replace it)."""
from __future__ import annotations

from pathlib import Path

from .actor import Actor
from .config import SessionConfig, load_session_config
from .errors import NotFound
from .store import Store, default_url
from .store.engine import DEFAULT_DB  # noqa: F401  (panel.db; the demo imports it from here)


class Workspace:
    def __init__(self, root: str | Path = ".", db: str | None = None):
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise NotFound(f"工作区文件夹不存在：{self.root}。请用 -w 指定含 sessions/ 的文件夹，或先运行 panel-toolkit demo。",
                           f"No workspace folder {self.root}. Point -w at a folder with sessions/, or run panel-toolkit demo.")
        self.store = Store(db or default_url(self.root))

    def session_ids(self) -> list[str]:
        return sorted(p.parent.name for p in (self.root / "sessions").glob("*/session.yaml"))

    def config(self, session_id: str) -> SessionConfig:
        path = self.root / "sessions" / session_id / "session.yaml"
        if not path.exists():
            known = "、".join(self.session_ids()) or "无"
            raise NotFound(f"找不到评审批次 {session_id}（应有文件 {path}）。已有批次：{known}",
                           f"no session {session_id} (expected {path}). Known sessions: {', '.join(self.session_ids()) or 'none'}")
        return load_session_config(path, rubric_search=[self.root / "rubrics"])

    def session(self, session_id: str, actor: Actor | None = None):
        """The facade every front end calls. Registers the session in the store on first use."""
        from .facade import Session

        return Session(self, self.config(session_id), actor or Actor.city())

    def directory(self, actor: Actor | None = None):
        """The brand directory (劳务品牌目录, 第十五条–第二十一条) of this workspace, as ``actor`` sees it."""
        from .facade.directory import Directory

        return Directory(self, actor or Actor.city())

    def session_for_token(self, token: object):
        """The Session of the expert whose personal link carries ``token``, acting as that expert.

        An unknown, revoked or malformed token raises :class:`~panel_toolkit.errors.AccessDenied` with
        one neutral message for all three, which reveals nothing (the form is checked before any lookup)."""
        import sqlalchemy as sa

        from .panel import tokens
        from .store import schema as t

        if not tokens.is_well_formed(token):
            raise tokens.refused()
        e, tk = t.experts, t.expert_tokens
        q = (sa.select(e.c.id, e.c.name, e.c.session_id).join(tk, tk.c.expert_id == e.c.id)
             .where(tk.c.token_sha256 == tokens.token_sha256(token), tk.c.revoked_at.is_(None)))
        with self.store.read() as conn:
            row = conn.execute(q).first()
        if row is None:
            raise tokens.refused()
        try:
            return self.session(row.session_id, Actor.expert(row.id, row.name))
        except NotFound:  # the session's file is gone: still say nothing
            raise tokens.refused() from None

    def close(self) -> None:
        self.store.dispose()
