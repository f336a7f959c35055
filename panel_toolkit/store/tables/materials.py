"""Application materials (申报材料): one row per file handed in with an application.

The bytes live content-addressed under ``<workspace>/materials/`` (:mod:`panel_toolkit.materials.storage`);
the row keeps the name people see, the kind, size, page count and SHA-256. A removed file keeps its row
(``removed_at``).
"""
import sqlalchemy as sa

from ..schema import metadata

materials = sa.Table(
    "materials", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id"), nullable=False, index=True),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("kind", sa.String, nullable=False),          # panel_toolkit.materials.files.KINDS
    sa.Column("filename", sa.String, nullable=False),      # as handed in (shown to people)
    sa.Column("media_type", sa.String, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("pages", sa.Integer, nullable=False),        # 1 for an image, 0 for a download-only file
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("removed_at", sa.DateTime(timezone=True)),
)
