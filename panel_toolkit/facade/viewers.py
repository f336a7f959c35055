"""Staff links (查看链接) for the city's and the counties' HR staff: the dashboards and the directory page.

The city issues a link per person (``issued_to``): a city link opens the city's view of a session, a
county link the view of one county only. The link carries a random token; the store keeps only its
SHA-256 (:mod:`panel_toolkit.panel.tokens`, as for experts). A staff link expires (``expires_on``, default
:data:`~panel_toolkit.facade.links.STAFF_LINK_DAYS` days after issue) and can be revoked. Whoever opens it is
a *viewer*: a read-only actor of the city's or the county's scope (:meth:`panel_toolkit.actor.Actor.viewer`),
so every frame of a county link is limited to that county and no write is accepted.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from ..errors import InvalidState, NotFound
from ..panel import tokens as tok
from ..store import utcnow
from ..store.tables.viewer_tokens import viewer_tokens
from ..i18n import text
from .context import Service, writes
from .links import CHINA, STAFF_LINK_DAYS, end_of_day, lookup

ROLES = ("city", "county")


@dataclass(frozen=True)
class ViewerLink:
    """A link just issued: the only time its token is shown."""

    id: int
    role: str
    scope: str | None
    label: str
    link: str
    issued_to: str = ""
    expires_on: dt.date | None = None

    def message(self, lang: str = "zh") -> str:
        holder = self.issued_to or self.label
        return text("facade.viewer_link", lang, id=self.id,
                    who=text("facade.viewer_city", lang) if self.role == "city" else self.scope,
                    holder=text("facade.viewer_holder", lang, holder=holder) if holder else "",
                    until=text("facade.viewer_until", lang, day=self.expires_on) if self.expires_on else "",
                    link=self.link)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self.message())}</pre>"


class Viewers(Service):
    @writes
    def issue_viewer_link(self, base_url: str, county: str | None = None, label: str = "", *, issued_to: str = "",
                          expires_on: dt.date | None = None) -> ViewerLink:
        """A new staff link (city only) for the person ``issued_to``: for ``county`` (one of the session's
        screening units), or the city's view when ``county`` is None. It works until the end of
        ``expires_on`` (China time; default :data:`STAFF_LINK_DAYS` days from today) unless revoked."""
        self._require("city")
        base_url = tok.check_base_url(base_url)
        if county is not None and county not in self.config.screening_units:
            known = "、".join(self.config.screening_units)
            raise InvalidState(f"“{county}”不是本批次的县(市)区（应为 {known} 之一）。",
                               f"{county!r} is not a screening unit of this session (one of {', '.join(self.config.screening_units)}).")
        today = dt.datetime.now(CHINA).date()
        expires_on = expires_on or today + dt.timedelta(days=STAFF_LINK_DAYS)
        if expires_on < today:
            raise InvalidState(f"有效期 {expires_on} 早于今天，请给出今天或以后的日期。",
                               f"The expiry date {expires_on} is in the past; give today or a later date.")
        role = "city" if county is None else "county"
        token = tok.new_token()
        label, issued_to = (label or "").strip(), (issued_to or label or "").strip()
        with self.store.write() as conn:
            link_id = conn.execute(viewer_tokens.insert().values(
                session_id=self.id, role=role, scope=county, label=label, issued_to=issued_to,
                token_sha256=tok.token_sha256(token), issued_at=utcnow(),
                expires_at=end_of_day(expires_on).astimezone(dt.timezone.utc), actor=self.actor.name)).inserted_primary_key[0]
            self._log(conn, "viewer.link_issued", str(link_id), role=role, scope=county, label=label, issued_to=issued_to,
                      expires_on=expires_on.isoformat(), base_url=base_url)
        return ViewerLink(int(link_id), role, county, label, tok.link(base_url, token), issued_to, expires_on)

    def viewer_links_frame(self) -> pd.DataFrame:
        """Every staff link of the session (city only), without tokens; index = link id."""
        self._require("city")
        v = viewer_tokens
        cols = [v.c.id, v.c.role, v.c.scope, v.c.issued_to, v.c.label, v.c.issued_at, v.c.expires_at, v.c.actor,
                v.c.revoked_at, v.c.revoked_by]
        with self.store.read() as conn:
            rows = conn.execute(sa.select(*cols).where(v.c.session_id == self.id).order_by(v.c.id)).mappings().all()
        df = pd.DataFrame(rows, columns=[c.name for c in cols]).set_index("id")
        return df.astype({"role": "str", "issued_to": "str", "label": "str", "actor": "str"})

    @writes
    def revoke_viewer_link(self, link_id: int, reason: str = "") -> None:
        """Stop a staff link from working (city only); the row stays, with who revoked it."""
        self._require("city")
        v = viewer_tokens
        with self.store.write() as conn:
            row = conn.execute(sa.select(v.c.id, v.c.revoked_at).where(v.c.session_id == self.id, v.c.id == int(link_id))).first()
            if row is None:
                raise NotFound(f"本批次没有编号为 {link_id} 的查看链接。", f"No staff link {link_id} in this session.")
            if row.revoked_at is None:
                conn.execute(v.update().where(v.c.id == int(link_id)).values(revoked_at=utcnow(), revoked_by=self.actor.name))
            self._log(conn, "viewer.link_revoked", str(link_id), reason=(reason or "").strip())


def session_for_viewer_token(workspace, token: object, city_only: bool = False):
    """The read-only Session a staff link opens: the city's view, or one county's. An unknown, revoked,
    expired or malformed token (or a county link where ``city_only``) raises
    :class:`~panel_toolkit.errors.AccessDenied` with one neutral message for all, like an expert's link."""
    info = lookup(workspace, token)
    if info is None or info.kind != "staff" or (city_only and not info.city):
        raise tok.refused()
    try:
        return workspace.session(info.session_id, info.actor)
    except NotFound:  # the session's file is gone: still say nothing
        raise tok.refused() from None
