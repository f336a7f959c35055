"""Tables of the workspace store (SQLAlchemy Core).

One database per workspace. Rows are never deleted: decisions (screenings, removals, sheet
versions) are appended and the latest counts, so nothing a user entered is ever lost; the
log tables (:data:`.append_only.TABLES`) are append-only, enforced by triggers on SQLite and PostgreSQL,
and each event is hash-chained to the one before (:mod:`.chain`).

A change here or under ``tables/`` needs a migration script: see :mod:`panel_toolkit.store.migrations`.
"""
from __future__ import annotations

import sqlalchemy as sa

from ..intake.fields import FIELDS
from . import append_only

#: Kept in ``meta`` for programs older than the migrations (they refuse a store whose version is not theirs).
SCHEMA_VERSION = 2

metadata = sa.MetaData()

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String, primary_key=True),
    sa.Column("value", sa.String, nullable=False),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("title_zh", sa.String, nullable=False),
    sa.Column("title_en", sa.String, nullable=False),
    sa.Column("reference_date", sa.Date, nullable=False),
    sa.Column("rubric_id", sa.String, nullable=False),
    sa.Column("rubric_version", sa.String, nullable=False),
    sa.Column("rubric_sha256", sa.String, nullable=False),
    sa.Column("config_sha256", sa.String, nullable=False),
    sa.Column("config_path", sa.String, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

_SQL_TYPES = {"count": sa.Integer, "bool": sa.Boolean, "date": sa.Date}

applications = sa.Table(
    "applications", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    *(sa.Column(f.key, _SQL_TYPES.get(f.kind, sa.String), nullable=not f.required)
      for f in FIELDS if f.kind != "decision" and f.key != "screening_reason"),
    sa.Column("source_file", sa.String, nullable=False),
    sa.Column("source_row", sa.Integer, nullable=False),
    sa.Column("row_sha256", sa.String, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("session_id", "credit_code", name="uq_application_credit_code"),
)

# 初审 (第十条) by the county or the city department, and 复审 (第十一条) by the city for the 市直 route.
screenings = sa.Table(
    "screenings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("stage", sa.Enum("initial", "review", name="screening_stage", native_enum=False), nullable=False),
    sa.Column("decision", sa.Enum("passed", "rejected", name="screening_decision", native_enum=False), nullable=False),
    sa.Column("reason", sa.String, nullable=False, default=""),
    sa.Column("decided_by", sa.String, nullable=False),   # the deciding unit, e.g. 盖州市人社局
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
)

# Removals from the brand directory (第二十条); eligibility E7 reads them for the 5-year ban.
removals = sa.Table(
    "removals", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("credit_code", sa.String, nullable=False, index=True),
    sa.Column("unit_name", sa.String, nullable=False),
    sa.Column("brand_name", sa.String, nullable=False),
    sa.Column("decided_on", sa.Date, nullable=False),
    sa.Column("ground", sa.String, nullable=False),       # e.g. 第二十条(四)
    sa.Column("note", sa.String, nullable=False, default=""),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)

experts = sa.Table(
    "experts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("employer", sa.String, nullable=False),
    sa.Column("employer_credit_code", sa.String),
    sa.Column("county", sa.String),
    sa.Column("field", sa.String),
    sa.Column("title", sa.String),
    sa.Column("phone", sa.String, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("session_id", "phone", name="uq_expert_phone"),
)

assignments = sa.Table(
    "assignments", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("expert_id", sa.ForeignKey("experts.id"), nullable=False, index=True),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("part", sa.Enum("material", "site", name="sheet_part", native_enum=False), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("expert_id", "application_id", "part", name="uq_assignment"),
)

# A score sheet: one per assignment and revision. ``version`` is the optimistic-lock counter a
# form bumps on every save; a chair-requested revision is a new row pointing at the original.
score_sheets = sa.Table(
    "score_sheets", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("assignment_id", sa.ForeignKey("assignments.id"), nullable=False, index=True),
    sa.Column("revision", sa.Integer, nullable=False, default=0),
    sa.Column("revision_of", sa.ForeignKey("score_sheets.id")),
    sa.Column("revision_reason", sa.String),
    sa.Column("status", sa.Enum("draft", "submitted", name="sheet_status", native_enum=False), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.Column("veto_json", sa.String, nullable=False, default="[]"),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True)),
    sa.UniqueConstraint("assignment_id", "revision", name="uq_sheet_revision"),
)

score_items = sa.Table(
    "score_items", metadata,
    sa.Column("sheet_id", sa.ForeignKey("score_sheets.id"), primary_key=True),
    sa.Column("item_id", sa.String, primary_key=True),   # criterion (A1…) or site item (S1…)
    sa.Column("score", sa.Float),
    sa.Column("verdict", sa.String),
    sa.Column("comment", sa.String, nullable=False, default=""),
)

# -- the expert panel (第十二条): access tokens, declared conflicts, draws ---------------------------

# A personal link's token is never stored: only its SHA-256. Revoking sets revoked_at; rows stay.
expert_tokens = sa.Table(
    "expert_tokens", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("expert_id", sa.ForeignKey("experts.id"), nullable=False, index=True),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_by", sa.String),
)

# 申报回避: an expert ↔ application conflict declared by the expert or the chair, with its reason.
declared_conflicts = sa.Table(
    "declared_conflicts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("expert_id", sa.ForeignKey("experts.id"), nullable=False, index=True),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("reason", sa.String, nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("expert_id", "application_id", name="uq_declared_conflict"),
)

# Every draw, kept for verification: seed, parameters, fingerprints and a snapshot of its inputs
# and result (panel_toolkit.panel.record). The latest row of a session is its current draw.
draws = sa.Table(
    "draws", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("algorithm", sa.String, nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("per_candidate", sa.Integer, nullable=False),
    sa.Column("site_team", sa.Integer, nullable=False),
    sa.Column("pool_sha256", sa.String(64), nullable=False),
    sa.Column("candidates_sha256", sa.String(64), nullable=False),
    sa.Column("conflicts_sha256", sa.String(64), nullable=False),
    sa.Column("result_sha256", sa.String(64), nullable=False),
    sa.Column("snapshot", sa.JSON, nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("reason", sa.String, nullable=False, default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("role", sa.String, nullable=False),
    sa.Column("session_id", sa.String, index=True),
    sa.Column("action", sa.String, nullable=False),
    sa.Column("target", sa.String, nullable=False, default=""),
    sa.Column("details", sa.JSON, nullable=False, default=dict),
    sa.Column("prev_sha256", sa.String(64)),    # the hash chain (store.chain); null only before the first event
    sa.Column("sha256", sa.String(64)),
)


def _import_feature_tables() -> None:
    """Import every module of :mod:`panel_toolkit.store.tables` so their tables join ``metadata``."""
    import importlib
    import pkgutil

    from . import tables

    for mod in pkgutil.iter_modules(tables.__path__):
        importlib.import_module(f"{tables.__name__}.{mod.name}")


_import_feature_tables()
for _name in append_only.TABLES:
    append_only.attach(metadata.tables[_name])
