"""Closing a session (SPEC §7 "closed is closed") and the chair's tie decisions (SPEC §5).

``session_reopenings``: the chair reopens a confirmed list with a reason; the row voids the confirmation
it names (``proposed_list_id``), so the session can be changed and confirmed again. Recognition (the
``recognitions`` table) closes a session for good. ``tie_decisions``: the chair orders two candidates
whose scores tie on every key (combined, material, site). Both are append-only: the latest row counts.
"""
import sqlalchemy as sa

from ..schema import metadata

session_reopenings = sa.Table(
    "session_reopenings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("proposed_list_id", sa.Integer, nullable=False),      # the confirmation it voids
    sa.Column("reason", sa.String, nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=False),
)

# The day the chair confirmed the list, when it is entered after the fact (a paper decision), like the
# dates of the notice and the recognition; ``proposed_lists.confirmed_at`` stays the time it was recorded.
confirmation_days = sa.Table(
    "confirmation_days", metadata,
    sa.Column("proposed_list_id", sa.Integer, primary_key=True),
    sa.Column("decided_on", sa.Date, nullable=False),
)

tie_decisions = sa.Table(
    "tie_decisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("first_id", sa.Integer, nullable=False),       # the application ranked first of the pair
    sa.Column("second_id", sa.Integer, nullable=False),
    sa.Column("reason", sa.String, nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
)
