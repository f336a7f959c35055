"""The public notice (公示, 第十三条), objections (异议) and recognition (认定授牌, 第十四条).

Nothing here is overwritten: a re-published notice is a new row (the latest counts), an objection's
investigation and decision are appended as steps (the latest step is its status), and recognition
writes one row per candidate on the notice, recognised or excluded with the reason.
"""
import sqlalchemy as sa

from ..schema import metadata

notices = sa.Table(
    "notices", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("publish_date", sa.Date, nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),        # the period ends at the close of this day
    sa.Column("working_days", sa.Integer, nullable=False),
    sa.Column("rule", sa.String, nullable=False),          # counting rule id (notice.period.RULES)
    sa.Column("list_sha256", sa.String(64), nullable=False),
    sa.Column("snapshot", sa.JSON, nullable=False),        # the list and the texts as published
    sa.Column("calendar_sources", sa.JSON, nullable=False),
    sa.Column("reason", sa.String, nullable=False, default=""),   # why it was published again
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

objections = sa.Table(
    "objections", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("notice_id", sa.ForeignKey("notices.id"), nullable=False, index=True),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("objector_name", sa.String, nullable=False),
    sa.Column("objector_contact", sa.String, nullable=False, default=""),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),   # UTC
    sa.Column("received_on", sa.Date, nullable=False),                      # the day in China (UTC+8)
    sa.Column("content", sa.String, nullable=False),
    sa.Column("late", sa.Boolean, nullable=False),         # received after the period ended
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

objection_steps = sa.Table(
    "objection_steps", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("objection_id", sa.ForeignKey("objections.id"), nullable=False, index=True),
    sa.Column("step", sa.Enum("investigating", "decided", name="objection_step", native_enum=False), nullable=False),
    sa.Column("decision", sa.Enum("upheld", "not_upheld", name="objection_decision", native_enum=False)),
    sa.Column("note", sa.String, nullable=False),          # findings, or the reason of the decision
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

recognitions = sa.Table(
    "recognitions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("notice_id", sa.ForeignKey("notices.id"), nullable=False),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False),
    sa.Column("outcome", sa.Enum("recognised", "excluded", name="recognition_outcome", native_enum=False), nullable=False),
    sa.Column("reason", sa.String, nullable=False, default=""),
    sa.Column("certificate_no", sa.String),                # = directory_entries.certificate_no when recognised
    sa.Column("recognised_on", sa.Date, nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("session_id", "application_id", name="uq_recognition"),
)
