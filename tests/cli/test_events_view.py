"""``panel-toolkit events``: a readable table — local times without a zone, details as text, not dicts."""
from __future__ import annotations

import re

from click.testing import CliRunner

from panel_toolkit.cli.main import cli


def test_events_are_a_readable_table(workspace_dir):
    def run(*args, lang="zh"):
        return CliRunner().invoke(cli, ["-w", str(workspace_dir), "--lang", lang, *args])

    assert run("screening", "2024", "1", "--pass").exit_code != 0   # no application 1: nothing logged but the session
    r = run("events", "2024")
    assert r.exit_code == 0, r.output
    assert "时间" in r.output and "session.registered" in r.output and "rubric: yingkou-2023-default" in r.output
    assert "{" not in r.output and "'" not in r.output and "+00:00" not in r.output
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r.output)
    assert "details" in run("events", "2024", lang="en").output
