"""docs/deploy-postgres.md's roles, run as written (names made unique): the app role works — opens the store,
writes, appends events — but cannot UPDATE, DELETE or TRUNCATE the log tables, nor disable their triggers.
PostgreSQL only (it runs in the suite's PostgreSQL pass)."""
from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.cli.main import cli
from panel_toolkit.intake import creditcode
from panel_toolkit.store.engine import ENV_SERVER, url_for

DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy-postgres.md"


def sql_blocks() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOC.read_text("utf-8"), re.S)


def _run(url: str, block: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for statement in filter(str.strip, block.split(";")):
            conn.exec_driver_sql(statement)
    engine.dispose()


@pytest.mark.skipif(not os.environ.get(ENV_SERVER), reason="PostgreSQL only: runs in the suite's PostgreSQL pass")
def test_the_app_role_cannot_change_the_log(workspace_dir):
    server = sa.make_url(url_for(os.environ[ENV_SERVER]))
    tag = secrets.token_hex(4)
    rename = lambda sql: (sql.replace("panel_owner", f"owner_{tag}").replace("panel_app", f"app_{tag}")  # noqa: E731
                          .replace("DATABASE panel", f"DATABASE panel_{tag}"))
    create, grants = (rename(b) for b in sql_blocks())
    _run(server.render_as_string(hide_password=False), create)
    owner = server.set(username=f"owner_{tag}", database=f"panel_{tag}").render_as_string(hide_password=False)
    app = server.set(username=f"app_{tag}", database=f"panel_{tag}").render_as_string(hide_password=False)
    first = CliRunner().invoke(cli, ["-w", str(workspace_dir), "--db", owner, "events", "verify"])
    assert first.exit_code == 0, first.output
    _run(owner, grants)

    ws = Workspace(workspace_dir, app)                 # the servers' role: reads, writes, appends events
    try:
        s = ws.session("2024")
        s.record_removal(creditcode.make("91210800MA0000001"), "示例单位", "示例品牌", dt.date(2026, 1, 5), "第二十条(四)")
        assert len(s.events_frame()) >= 2
        for statement in ("UPDATE events SET actor = 'x'", "DELETE FROM events", "TRUNCATE events",
                          "UPDATE directory_events SET note = 'x'", "DELETE FROM annual_reports",
                          "ALTER TABLE events DISABLE TRIGGER USER"):
            with pytest.raises(sa.exc.ProgrammingError, match="permission denied|must be owner"):
                with ws.store.write() as c:
                    c.exec_driver_sql(statement)
    finally:
        ws.close()
    verified = CliRunner().invoke(cli, ["--db", app, "events", "verify"])
    assert verified.exit_code == 0, verified.output
