"""The tamper-evident log: the events' hash chain, and append-only triggers on both dialects.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Adds ``events.prev_sha256`` / ``events.sha256`` and chains the events already there (in id order); adds the
SQLite trigger that refuses REPLACE (an INSERT over an existing id) on the log tables, and on PostgreSQL the
triggers refusing UPDATE, DELETE and TRUNCATE (the store of 2026-11 had none there). Sets meta.schema_version
to 2, so an older program refuses this store instead of writing unchained events.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from panel_toolkit.store import chain
from panel_toolkit.store.append_only import TABLES, ddl

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.add_column("events", sa.Column("prev_sha256", sa.String(64)))
    op.add_column("events", sa.Column("sha256", sa.String(64)))
    if dialect == "sqlite":  # the baseline's UPDATE/DELETE triggers: lifted while the chain is written
        for table in TABLES:
            for what in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{what}")
    events = sa.table("events", *(sa.column(c) for c in ("id", "prev_sha256", "sha256", *chain.CONTENT)))
    events.c.details.type = sa.JSON()
    events.c.at.type = sa.DateTime()
    prev = None
    rows = bind.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    for row in rows:
        sha = chain.link(prev, row)
        bind.execute(events.update().where(events.c.id == row["id"]).values(prev_sha256=prev, sha256=sha))
        prev = sha
    for table in TABLES:
        for statement in ddl(dialect, table):
            op.execute(statement)
    op.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("the event chain is not removed: restore a backup taken before the upgrade")
