"""Concurrent writer processes for the store tests: each is one expert in its own process with its own
Workspace and engine (as one Voila kernel is), saving drafts of its own sheet."""
from __future__ import annotations

import multiprocessing as mp
import time
from pathlib import Path


def build(root: Path, db: str | None = None) -> list[tuple[int, str, int, str]]:
    """A demo workspace with a drawn panel; one (expert id, name, assignment id, part) per expert."""
    from panel_toolkit import Workspace
    from panel_toolkit.demo import build_demo
    from panel_toolkit.demo.experts import add_demo_panel

    build_demo(root, seed=2024, db=db)
    add_demo_panel(root, seed=2024, db=db)
    ws = Workspace(root, db)
    try:
        a = ws.session("demo").assignments_frame()
    finally:
        ws.close()
    first = a.reset_index().groupby("expert_id").first()
    return [(int(e), str(r["expert_name"]), int(r["id"]), str(r["part"])) for e, r in first.iterrows()]


def _writer(root: str, db: str | None, job, saves: int, barrier, out) -> None:
    from panel_toolkit import Actor, Workspace
    from panel_toolkit.sheets import Entry

    expert_id, name, assignment_id, part = job
    ws = Workspace(root, db)
    session = ws.session("demo", Actor.expert(expert_id, name))
    items = ["A1", "A2", "A3", "B1"] if part == "material" else ["S1", "S2", "S3", "S6"]
    version = session.sheet(assignment_id).version
    barrier.wait()
    committed = []
    for i in range(saves):
        item = items[i % len(items)]
        sheet = session.save_draft(assignment_id, {item: Entry(float(i % 5), None if part == "material" else "verified",
                                                               f"第{i}次")}, expected_version=version)
        version = sheet.version
        committed.append((assignment_id, item, float(i % 5), version, time.time()))
    ws.close()
    out.put(committed)


def start(root: Path, jobs: list, saves: int, db: str | None = None):
    """Start one process per job; returns (processes, barrier, queue). The caller joins via :func:`finish`."""
    ctx = mp.get_context("fork")
    barrier, out = ctx.Barrier(len(jobs) + 1), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(root), db, job, saves, barrier, out)) for job in jobs]
    for p in procs:
        p.start()
    return procs, barrier, out


def finish(procs, out) -> list[tuple]:
    results = [x for _ in procs for x in out.get(timeout=300)]
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    return results


def _logger(url: str, who: int, n: int, barrier) -> None:
    from panel_toolkit.store import Store

    s = Store(url)
    barrier.wait()
    for i in range(n):
        with s.write() as c:
            s.log(c, actor=f"writer{who}", role="expert", action="test.append", target=str(i))
    s.dispose()


def append_concurrently(url: str, processes: int, n: int) -> None:
    """``processes`` processes each append ``n`` events to the log of ``url`` at the same time."""
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(processes)
    procs = [ctx.Process(target=_logger, args=(url, i, n, barrier)) for i in range(processes)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * processes
