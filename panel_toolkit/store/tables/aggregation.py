"""The chair's decisions on the panel's scores (第十二条): veto decisions and confirmed proposed lists.

Rows are appended, never changed: the latest decision per (application, veto) counts, and the
latest confirmation of a session is its proposed list (拟认定名单); earlier ones stay for the record.
"""
import sqlalchemy as sa

from ..schema import metadata

# 一票否决: an expert proposes a veto on a sheet (score_sheets.veto_json); the chair confirms or dismisses it here.
veto_decisions = sa.Table(
    "veto_decisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("veto_id", sa.String, nullable=False),
    sa.Column("decision", sa.Enum("confirmed", "dismissed", name="veto_decision", native_enum=False), nullable=False),
    sa.Column("reason", sa.String, nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
)

# The chair's confirmation of the proposed list: who, when, which method, a SHA-256 of the inputs
# (current sheets, rubric, eligibility, veto decisions) and a JSON snapshot of every row as confirmed.
proposed_lists = sa.Table(
    "proposed_lists", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("method", sa.String, nullable=False),
    sa.Column("rubric_id", sa.String, nullable=False),
    sa.Column("rubric_version", sa.String, nullable=False),
    sa.Column("rubric_sha256", sa.String(64), nullable=False),
    sa.Column("config_sha256", sa.String(64), nullable=False),
    sa.Column("inputs_sha256", sa.String(64), nullable=False),
    sa.Column("counts", sa.JSON, nullable=False),
    sa.Column("snapshot", sa.JSON, nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
)
