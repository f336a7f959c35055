"""The brand directory (劳务品牌目录, 第十五条): one row per recognised brand.

Recognition (第十四条) creates the entry; dynamic management (第十五–二十一条) changes its status
through dated events kept elsewhere. ``certificate_no`` is the unique number on the certificate and
plaque (第二十二条).
"""
import sqlalchemy as sa

from ..schema import metadata

directory_entries = sa.Table(
    "directory_entries", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("credit_code", sa.String, nullable=False, index=True),
    sa.Column("unit_name", sa.String, nullable=False),
    sa.Column("brand_name", sa.String, nullable=False),
    sa.Column("county", sa.String, nullable=False),
    sa.Column("industry", sa.String, nullable=False, default=""),
    sa.Column("session_id", sa.ForeignKey("sessions.id")),          # null for brands recognised before the toolkit
    sa.Column("application_id", sa.ForeignKey("applications.id")),
    sa.Column("certificate_no", sa.String, nullable=False, unique=True),
    sa.Column("recognised_on", sa.Date, nullable=False),
    sa.Column("status", sa.String, nullable=False, default="active"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
