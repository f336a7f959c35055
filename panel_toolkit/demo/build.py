"""Build a demo workspace the way a real session fills up.

The generated applications go into the real Excel template and through the real import, the
city's 复审 of the 市直 route (第十一条) and one removal from the directory (第二十条) are
recorded through the session facade: the demo exercises exactly what a county and the city do.
"""
from __future__ import annotations

import datetime as dt
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from openpyxl import load_workbook

from ..package import bundled_path
from ..config import CITY_ROUTE, SessionConfig
from ..errors import InvalidState
from ..i18n import LANGS, pair, text
from ..intake.reader import HEADER_ROW, SHEET_NAME, canonical_header
from ..intake.template import write_template
from ..materials.storage import FOLDER as MATERIALS_FOLDER
from ..store.engine import drop_default_database
from ..workspace import DEFAULT_DB, Workspace
from . import catalogue as cat
from .generator import DemoRow, generate
from .materials import add_demo_materials

SESSION_ID = "demo"
WORKBOOK = "demo-applications.xlsx"
TITLE = dict(zip(LANGS, pair("demo.title")))      # the demo session's title, {"zh": …, "en": …}
REMOVAL_GROUND = "第二十条(四)"
REMOVAL_YEARS_AGO = 3
#: Everything build_demo creates in the folder, and so everything a rebuild may delete.
CREATED = (DEFAULT_DB, f"{DEFAULT_DB}-wal", f"{DEFAULT_DB}-shm", WORKBOOK)


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`build_demo` built: where, and the counts a user sees first."""

    root: Path
    db: Path
    session_id: str
    workbook: Path
    applications: int
    per_county: dict[str, int] = field(default_factory=dict)
    screened_in: int = 0
    eligible: int = 0     # status pass
    failed: int = 0       # status fail
    to_check: int = 0     # status check: needs a document check

    def message(self, lang: str = "zh") -> str:
        cmd = f"panel-toolkit -w {shlex.quote(str(self.root))}"
        counties = text("demo.county_sep", lang).join(f"{k} {v}" for k, v in self.per_county.items())
        return text("demo.built", lang, root=self.root, session=self.session_id, title=text("demo.title", lang),
                    db=self.db, workbook=self.workbook, applications=self.applications, counties=counties,
                    screened_in=self.screened_in, eligible=self.eligible, failed=self.failed, to_check=self.to_check,
                    cmd=cmd)

    def _repr_html_(self) -> str:
        import html

        return "<pre>" + html.escape(self.message()) + "</pre>"


def build_demo(root: str | Path, seed: int = 2024, db: str | None = None) -> DemoSummary:
    """Create (or recreate) a demo workspace in ``root`` and return what was built; ``db``: its store's URL
    (default ``root/panel.db``), which must then be empty."""
    root = Path(root).resolve()
    clear_previous(root)
    write_session(root, SESSION_ID, TITLE)
    workspace = Workspace(root, db)
    try:
        if db:
            _require_empty_store(workspace)
        session = workspace.session(SESSION_ID)
        rows = generate(session.config, seed=seed)
        workbook = root / WORKBOOK
        write_workbook(workbook, [r.cells for r in rows], session.config)
        session.import_applications(workbook)
        rng = np.random.default_rng(seed)
        _review_city_route(session, rows, rng)
        _record_removals(session, rows)
        add_demo_materials(session, seed)
        return _summary(root, workbook, session, db)
    finally:
        workspace.close()


def _require_empty_store(workspace: Workspace) -> None:
    """A store given by URL is never cleared: the demo needs an empty one."""
    import sqlalchemy as sa

    from ..store import schema

    with workspace.store.read() as conn:
        found = conn.execute(sa.select(schema.sessions.c.id).limit(1)).scalar()
    if found is not None:
        raise InvalidState(f"数据库 {workspace.store.display_url} 中已有评审批次 {found}，示例只写入空数据库；请新建一个空数据库。",
                           f"the store {workspace.store.display_url} already holds session {found}; the demo writes into an "
                           "empty store only: create a new, empty database.")


# -- the folder --------------------------------------------------------------------------------

def clear_previous(root: Path) -> None:
    """Delete what a previous build left, and nothing else. A folder holding any other session
    is a real workspace: refuse rather than delete its store."""
    sessions = root / "sessions"
    others = sorted(p.name for p in sessions.iterdir() if p.is_dir() and p.name != SESSION_ID) if sessions.is_dir() else []
    if others:
        raise InvalidState(
            f"{root} 中已有其他评审批次（{'、'.join(others)}），不是示例工作区；请为示例另选一个空文件夹（--dir）。",
            f"{root} holds other sessions ({', '.join(others)}) and is not a demo workspace; "
            "choose another, empty folder for the demo (--dir).")
    if (root / DEFAULT_DB).exists() and not (sessions / SESSION_ID / "session.yaml").exists():
        raise InvalidState(
            f"{root} 中的 {DEFAULT_DB} 不是示例生成的，不会删除；请为示例另选一个空文件夹（--dir）。",
            f"{root / DEFAULT_DB} was not made by the demo and will not be deleted; "
            "choose another, empty folder for the demo (--dir).")
    for name in CREATED:
        (root / name).unlink(missing_ok=True)
    drop_default_database(root)  # the store on a server ($PANEL_TOOLKIT_DB_SERVER), if that is where it is
    shutil.rmtree(sessions / SESSION_ID, ignore_errors=True)
    shutil.rmtree(root / MATERIALS_FOLDER, ignore_errors=True)


def write_session(root: Path, session_id: str, title: dict[str, str]) -> Path:
    """``sessions/<id>/session.yaml`` with the settings of the bundled 2024 session."""
    source = bundled_path("sessions", "2024", "session.yaml")
    data = yaml.safe_load(source.read_text("utf-8"))
    data.update(id=session_id, title=dict(title))
    # A fictional contact, so the demo can publish its notice (第十三条); the real session leaves it to the bureau.
    data.setdefault("notice", {}).setdefault("contact", {}).update(phone="0417-0000000（示例）", address="营口市（示例地址）")
    data["notice"]["title"] = f"关于{title['zh']}拟认定名单的公示（示例）"
    # Scoring deadline a month from now: the demo's expert links work (they expire at its end, China time).
    data.setdefault("panel", {})["due_date"] = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    path = root / "sessions" / session_id / "session.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (f"# {title['zh']}: generated by panel-toolkit demo with the settings of sessions/2024.\n"
              "# Schema: panel_toolkit/config/schemas/session.schema.json\n")
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def write_workbook(path: Path, rows: list[dict[str, Any]], config: SessionConfig) -> Path:
    """The session's Excel template with ``rows`` typed in below the header, as a county fills it."""
    write_template(path, config)
    wb = load_workbook(path)
    ws = wb[SHEET_NAME] if SHEET_NAME in wb.sheetnames else wb.worksheets[0]
    columns = {canonical_header(c.value): c.column for c in ws[HEADER_ROW] if c.value is not None}
    for r, cells in enumerate(rows, start=HEADER_ROW + 1):
        for header, value in cells.items():
            if value is not None:
                ws.cell(row=r, column=columns[header], value=value)
    wb.save(path)
    return path


# -- decisions the city takes ------------------------------------------------------------------

def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _ids_by_code(session) -> dict[str, int]:
    apps = session.applications_frame()
    return {code: int(i) for i, code in apps["credit_code"].items()}


def _review_city_route(session, rows: list[DemoRow], rng: np.random.Generator) -> None:
    """复审 (第十一条): the city re-reviews the 市直 applications its departments passed; one is sent back."""
    ids = _ids_by_code(session)
    screening = session.screening_frame()
    passed = [r for r in rows if r.get("county") == CITY_ROUTE
              and screening.at[ids[r.get("credit_code")], "initial_decision"] == "passed"]
    if not passed:
        return
    plain = [r for r in passed if r.scenario == "eligible"] or passed
    rejected = plain[int(rng.integers(len(plain)))]
    for r in passed:
        if r is rejected:
            session.record_screening(ids[r.get("credit_code")], "rejected", cat.REVIEW_REJECT_NOTE,
                                     stage="review", decided_by="市人社局")
        else:
            session.record_screening(ids[r.get("credit_code")], "passed", "复审通过", stage="review",
                                     decided_by="市人社局")


def _record_removals(session, rows: list[DemoRow]) -> None:
    """A unit removed from the directory 3 years ago (第二十条(四)) applies again: E7 must catch it."""
    decided_on = years_before(session.config.reference_date, REMOVAL_YEARS_AGO)
    for r in rows:
        if r.scenario == "e7_removed":
            session.record_removal(r.get("credit_code"), r.get("unit_name"), r.get("brand_name"), decided_on,
                                   REMOVAL_GROUND, note="（示例）以不正当手段通过认定，经核实移出劳务品牌目录")


def _summary(root: Path, workbook: Path, session, db: str | None = None) -> DemoSummary:
    df = session.eligibility().to_frame()
    counts = df["county"].value_counts()
    per_county = {u: int(counts.get(u, 0)) for u in session.config.screening_units}
    status = df["status"].value_counts()
    return DemoSummary(
        root=root, db=db or root / DEFAULT_DB, session_id=session.id, workbook=workbook, applications=len(df),
        per_county=per_county, screened_in=int(df["screened_in"].sum()), eligible=int(status.get("pass", 0)),
        failed=int(status.get("fail", 0)), to_check=int(status.get("check", 0)))
