"""Access links of dashboard viewers (查看链接): the city's HR staff and each county's HR bureau.

Like an expert's personal link (:mod:`panel_toolkit.panel.tokens`), only the token's SHA-256 is kept, and
revoking sets ``revoked_at``; rows stay. ``role`` is ``city`` or ``county``; ``scope`` is the county (one
of the session's screening units, 市直 included) for a county link, null for a city link. ``issued_to``
names the person holding the link; ``expires_at`` ends it (default 90 days after issue).
"""
import sqlalchemy as sa

from ..schema import metadata

viewer_tokens = sa.Table(
    "viewer_tokens", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("role", sa.Enum("city", "county", name="viewer_role", native_enum=False), nullable=False),
    sa.Column("scope", sa.String),
    sa.Column("label", sa.String, nullable=False, default=""),   # who holds it, e.g. 盖州市人社局 张科长
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("issued_to", sa.String, nullable=False, server_default=""),  # the person it was issued to
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True)),                   # null: never (older links)
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_by", sa.String),
)
