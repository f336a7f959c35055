"""Corrections of removals (第二十条): a removal recorded in error is never edited or deleted; a correction
row voids it, with the reason, who and when. Eligibility E7 of a session reads the removals and
corrections recorded before the session closed (SPEC §7)."""
import sqlalchemy as sa

from ..schema import metadata

removal_corrections = sa.Table(
    "removal_corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("removal_id", sa.ForeignKey("removals.id"), nullable=False, index=True),
    sa.Column("reason", sa.String, nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)
