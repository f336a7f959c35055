"""Evidence files (佐证材料) an expert keeps with a score sheet: site photos, scans (jpg, png, pdf).

The bytes live under ``<workspace>/evidence/<sheet_id>/``; this table records each file with its
checksum, so a file changed or lost on disk is detected. A removed file keeps its row
(``removed_at``): nothing an expert entered is ever deleted.
"""
import sqlalchemy as sa

from ..schema import metadata

evidence_files = sa.Table(
    "evidence_files", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sheet_id", sa.ForeignKey("score_sheets.id"), nullable=False, index=True),
    sa.Column("item_id", sa.String),                      # the criterion or site item it documents, if any
    sa.Column("filename", sa.String, nullable=False),     # as uploaded (shown to people)
    sa.Column("stored_name", sa.String, nullable=False),  # file name under evidence/<sheet_id>/
    sa.Column("media_type", sa.String, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("actor", sa.String, nullable=False),
    sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("removed_at", sa.DateTime(timezone=True)),
)
