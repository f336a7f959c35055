"""The chair decides ties (SPEC §5): the ranking obeys the decision and says so; the
facade records it with a reason, refuses a pair that is not tied, and the decision enters the inputs hash."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from panel_toolkit import Workspace
from panel_toolkit.aggregation import pipeline as pl
from panel_toolkit.store import utcnow
from panel_toolkit.store.tables.closure import tie_decisions
from panel_toolkit.aggregation.ranking import rank_candidates
from panel_toolkit.cli.main import cli
from panel_toolkit.errors import InvalidState

from ..notice.builders import confirmed_demo, copy_workspace


def frame(rows: dict, chair: dict | None = None) -> pd.DataFrame:
    df = pd.DataFrame([dict(application_id=a, material=m, site=s) for a, (m, s) in rows.items()]).set_index("application_id")
    for c in ("excluded_code", "excluded_reason", "excluded_reason_en", "incomplete_reason", "incomplete_reason_en"):
        df[c] = pd.array([""] * len(df), dtype="str")
    if chair is not None:
        df["chair_order"] = df.index.map(chair).fillna(0).astype("int64")
    return df


def test_the_chair_s_order_breaks_a_tie_at_the_quota():
    rows = {1: (90, 90), 2: (80, 90), 3: (80, 90), 4: (75, 75)}
    before = rank_candidates(frame(rows), 0.6, 0.4, 70, 2)
    assert before["tie_at_quota"].tolist() == [False, True, True, False]           # flagged: 请主席决定
    after = rank_candidates(frame(rows, {3: 1, 2: -1}), 0.6, 0.4, 70, 2)
    assert after["rank"].tolist() == [1, 3, 2, 4]
    assert after["conclusion"].tolist() == ["proposed", "not_proposed", "proposed", "not_proposed"]
    assert not after["tie"].any() and not after["tie_at_quota"].any()
    assert "主席决定排序" in after.loc[3, "reason"] and "主席决定排序" in after.loc[2, "reason"]
    assert "主席决定" not in after.loc[1, "reason"]
    no_decision = rank_candidates(frame(rows, {}), 0.6, 0.4, 70, 2)
    assert np.array_equal(no_decision["rank"].to_numpy(), before["rank"].to_numpy())


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return confirmed_demo(tmp_path_factory.mktemp("ties-template") / "ws")


def test_tie_decide_records_refuses_untied_pairs_and_changes_the_hash(template, tmp_path):
    root = copy_workspace(template, tmp_path / "ws")
    run = lambda *a: CliRunner().invoke(cli, ["-w", str(root), *map(str, a)])  # noqa: E731
    r = run("tie", "decide", "demo", 1, 2, "--order", "2,1", "--reason", "实地核查更扎实")
    assert r.exit_code == 60, r.output                                              # confirmed: frozen
    ws = Workspace(root)
    try:
        s = ws.session("demo")
        s.reopen("主席须决定并列")
        ranked = s.aggregate().to_frame()
        ranked = ranked[ranked["rank"].notna()]
        a, b = (int(i) for i in ranked.index[:2])
        with pytest.raises(InvalidState, match="not tied"):
            s.decide_tie(a, b, "理由")
        with pytest.raises(InvalidState):
            s.decide_tie(a, b, "  ")
        assert s.tie_order() == {}
        # the reader: stored decisions (latest per pair) reach the candidates and the inputs hash
        before = pl.inputs_sha256(s.aggregation_inputs(items=True))
        with ws.store.write() as conn:
            for first, second in ((a, b), (b, a)):
                conn.execute(tie_decisions.insert().values(session_id="demo", first_id=first, second_id=second,
                                                           reason="r", actor="市人社局", decided_at=utcnow()))
        assert s.tie_order() == {b: 1, a: -1}
        assert s.aggregation_inputs().candidates.loc[b, "chair_order"] == 1
        assert pl.inputs_sha256(s.aggregation_inputs(items=True)) != before
    finally:
        ws.close()
    assert "实地核查" not in run("tie", "list", "demo").output and run("tie", "list", "demo").exit_code == 0
    r = run("tie", "decide", "demo", 1, 2, "--order", "3,1", "--reason", "x")
    assert r.exit_code == 70 and "--order 须依次列出 1 和 2" in r.output   # InvalidArgument
