"""Dashboard access links (查看链接) for the city's and the counties' HR staff.

The city issues a link per viewer: a city link opens the city's view of a session, a county link the
view of one county only. The link carries a random token; the store keeps only its SHA-256
(:mod:`panel_toolkit.panel.tokens` makes and checks tokens, as for experts). What a viewer sees is
decided here, by the actor the token opens the session as: a county link gives a county
:class:`~panel_toolkit.facade.Session`, whose every frame is limited to that county.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from ..actor import Actor
from ..errors import InvalidState, NotFound
from ..panel import tokens as tok
from ..store import utcnow
from ..store.tables.viewer_tokens import viewer_tokens
from .base import SessionBase

ROLES = ("city", "county")


@dataclass(frozen=True)
class ViewerLink:
    """A link just issued: the only time its token is shown."""

    id: int
    role: str
    scope: str | None
    label: str
    link: str

    def message(self, lang: str = "zh") -> str:
        who = ("city" if self.role == "city" else self.scope) if lang == "en" else ("市级" if self.role == "city" else self.scope)
        if lang == "en":
            return f"Dashboard link {self.id} ({who}{', ' + self.label if self.label else ''}); shown once:\n{self.link}"
        return f"查看链接 {self.id}（{who}{'，' + self.label if self.label else ''}），仅显示这一次：\n{self.link}"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.message())}</pre>"


class ViewersMixin(SessionBase):
    def issue_viewer_link(self, base_url: str, county: str | None = None, label: str = "") -> ViewerLink:
        """A new dashboard link (city only): for ``county`` (one of the session's screening units), or
        the city's view when ``county`` is None. Earlier links stay valid until revoked."""
        self._require("city")
        base_url = tok.check_base_url(base_url)
        if county is not None and county not in self.config.screening_units:
            known = "、".join(self.config.screening_units)
            raise InvalidState(f"“{county}”不是本批次的县(市)区（应为 {known} 之一）。",
                               f"{county!r} is not a screening unit of this session (one of {', '.join(self.config.screening_units)}).")
        role = "city" if county is None else "county"
        token = tok.new_token()
        label = (label or "").strip()
        with self.store.write() as conn:
            link_id = conn.execute(viewer_tokens.insert().values(
                session_id=self.id, role=role, scope=county, label=label, token_sha256=tok.token_sha256(token),
                issued_at=utcnow(), actor=self.actor.name)).inserted_primary_key[0]
            self._log(conn, "viewer.link_issued", str(link_id), role=role, scope=county, label=label, base_url=base_url)
        return ViewerLink(int(link_id), role, county, label, tok.link(base_url, token))

    def viewer_links_frame(self) -> pd.DataFrame:
        """Every dashboard link of the session (city only), without tokens; index = link id."""
        self._require("city")
        v = viewer_tokens
        cols = [v.c.id, v.c.role, v.c.scope, v.c.label, v.c.issued_at, v.c.actor, v.c.revoked_at, v.c.revoked_by]
        with self.store.read() as conn:
            rows = conn.execute(sa.select(*cols).where(v.c.session_id == self.id).order_by(v.c.id)).mappings().all()
        df = pd.DataFrame(rows, columns=[c.name for c in cols]).set_index("id")
        return df.astype({"role": "str", "label": "str", "actor": "str"})

    def revoke_viewer_link(self, link_id: int, reason: str = "") -> None:
        """Stop a dashboard link from working (city only); the row stays, with who revoked it."""
        self._require("city")
        v = viewer_tokens
        with self.store.write() as conn:
            row = conn.execute(sa.select(v.c.id, v.c.revoked_at).where(v.c.session_id == self.id, v.c.id == int(link_id))).first()
            if row is None:
                raise NotFound(f"本批次没有编号为 {link_id} 的查看链接。", f"No dashboard link {link_id} in this session.")
            if row.revoked_at is None:
                conn.execute(v.update().where(v.c.id == int(link_id)).values(revoked_at=utcnow(), revoked_by=self.actor.name))
            self._log(conn, "viewer.link_revoked", str(link_id), reason=(reason or "").strip())


def session_for_viewer_token(workspace, token: object):
    """The Session a dashboard link opens: the city's view, or one county's. An unknown, revoked or
    malformed token raises :class:`~panel_toolkit.errors.AccessDenied` with one neutral message for all
    (the form is checked before any lookup), exactly like an expert's link."""
    if not tok.is_well_formed(token):
        raise tok.refused()
    v = viewer_tokens
    q = sa.select(v.c.session_id, v.c.role, v.c.scope, v.c.label).where(
        v.c.token_sha256 == tok.token_sha256(token), v.c.revoked_at.is_(None))
    with workspace.store.read() as conn:
        row = conn.execute(q).first()
    if row is None:
        raise tok.refused()
    actor = Actor.city(row.label or "市人社局") if row.role == "city" else Actor.county(row.scope, row.label or None)
    try:
        return workspace.session(row.session_id, actor)
    except NotFound:  # the session's file is gone: still say nothing
        raise tok.refused() from None

