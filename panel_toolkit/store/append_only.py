"""Append-only tables, enforced by the database on both dialects.

SQLite: BEFORE UPDATE and BEFORE DELETE triggers, and a BEFORE INSERT trigger refusing an existing id —
``REPLACE INTO`` / ``INSERT OR REPLACE`` deletes the old row without firing DELETE triggers.
PostgreSQL: a row trigger refusing UPDATE and DELETE (``INSERT … ON CONFLICT DO UPDATE`` fires it too) and a
statement trigger refusing TRUNCATE. Either way the statement fails with an integrity error naming the table.
"""
from __future__ import annotations

import sqlalchemy as sa

#: The log tables: the event log, the directory's dated events, the annual reports received.
TABLES = ("events", "directory_events", "annual_reports")

PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION panel_toolkit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation'; END $$"
)


def sqlite_ddl(table: str, *, replace: bool = True) -> list[str]:
    refuse = f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
    out = [f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} {refuse}" for op in ("UPDATE", "DELETE")]
    if replace:
        out.append(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                   f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) {refuse}")
    return out


def postgresql_ddl(table: str) -> list[str]:
    return [PG_FUNCTION,
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION panel_toolkit_append_only()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION panel_toolkit_append_only()"]


def ddl(dialect: str, table: str) -> list[str]:
    return {"sqlite": sqlite_ddl, "postgresql": postgresql_ddl}[dialect](table)


def attach(table: sa.Table) -> None:
    """Create the triggers whenever ``table`` is created (``metadata.create_all``)."""
    for dialect in ("sqlite", "postgresql"):
        for statement in ddl(dialect, table.name):
            sa.event.listen(table, "after_create", sa.DDL(statement.replace("%", "%%")).execute_if(dialect=dialect))
