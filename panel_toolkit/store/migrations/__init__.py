"""Schema migrations of the workspace store (Alembic), for SQLite and PostgreSQL alike.

:class:`panel_toolkit.store.Store` brings every database it opens to the newest revision:

- an empty database is built from :data:`panel_toolkit.store.schema.metadata` (``create_all``, with the
  append-only triggers) and stamped with the head revision — the Alembic cookbook's "build from scratch";
- a database at an older revision is upgraded in place by the scripts in ``versions/``;
- a database made before migrations existed (the store of 2026-11, ``meta.schema_version = 1`` and no
  ``alembic_version`` table) is stamped ``0001`` (that schema) and then upgraded.

``tests/store/test_migrations.py`` checks that the scripts and ``metadata`` agree: upgrading an empty
database through every script gives exactly the tables and columns ``create_all`` gives.

Adding a table or a column (e.g. a new module under ``store/tables/``):

1. define it in ``store/tables/<feature>.py`` as usual;
2. write the script: ``python -m panel_toolkit.store.migrations revision "add <feature> tables"`` compares the
   head schema with ``metadata`` and writes ``versions/NNNN_<slug>.py`` with the ``op.create_table`` /
   ``op.add_column`` calls; read it, and give new NOT NULL columns a ``server_default`` (existing rows);
3. run ``python tests/run.py tests/store`` (both stores, see tests/conftest.py): the drift test passes again.

Until the script exists, a new *table* is still created on open (so a branch works before the owner writes
the migration), but the drift test fails and names it. Never edit a script that has been released.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
#: The revision of the store as it was before migrations (meta.schema_version = 1).
BASELINE = "0001"


def _config(connection: sa.Connection | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision, read from the scripts' ``revision``/``down_revision`` lines: every command
    opens the store and asks this, and importing Alembic to answer it costs a tenth of a second
    (tests/store/test_migrations.py checks it against Alembic's own answer)."""
    import re

    revs, downs = set(), set()
    for script in (HERE / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revs.update(re.findall(r"^revision\b[^=]*=\s*['\"]([^'\"]+)['\"]", text, re.M))
        downs.update(re.findall(r"^down_revision\b[^=]*=\s*['\"]([^'\"]+)['\"]", text, re.M))
    heads = revs - downs
    if len(heads) != 1:  # a branch or an unusual script: let Alembic answer (and complain)
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(_config()).get_current_head()
    return heads.pop()


@lru_cache(maxsize=1)
def known() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    return frozenset(s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions())


def current(conn: sa.Connection) -> str | None:
    """The revision a database is at; ``BASELINE`` for a pre-migration store; None when empty."""
    has = conn.dialect.has_table  # one query each, not a walk of every table
    if has(conn, "alembic_version"):
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return BASELINE if has(conn, "meta") else None


def bring_up_to_date(conn: sa.Connection) -> None:
    """Create, stamp or upgrade the schema on ``conn`` (inside the caller's transaction)."""
    found = current(conn)
    if found == head():  # the usual case: no Alembic import, no schema walk
        return
    from alembic import command

    from .. import schema

    cfg = _config(conn)
    if found is None:
        schema.metadata.create_all(conn)
        conn.execute(schema.meta.insert().values(key="schema_version", value=str(schema.SCHEMA_VERSION)))
        command.stamp(cfg, "head")
        return
    if found not in known():
        from ...errors import StoreUnavailable

        raise StoreUnavailable(f"数据库结构版本为 {found}，比本程序新（本程序为 {head()}）；请升级本程序。",
                               f"store schema revision {found} is newer than this program's ({head()}); upgrade the program.")
    if found == BASELINE and not sa.inspect(conn).has_table("alembic_version"):
        command.stamp(cfg, BASELINE)
    command.upgrade(cfg, "head")
    schema.metadata.create_all(conn)  # tables of a feature whose migration is not written yet (see above)


def revision(message: str, url: str = "sqlite://") -> None:
    """Write a new script under versions/ from the difference between the head schema and ``metadata``."""
    from alembic import command

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        command.upgrade(_config(conn), "head")
        number = len(list((HERE / "versions").glob("[0-9]*.py"))) + 1
        command.revision(_config(conn), message=message, autogenerate=True, rev_id=f"{number:04d}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        sys.exit('usage: python -m panel_toolkit.store.migrations revision "what changes"')
    revision(sys.argv[2])
