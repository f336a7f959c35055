"""Shared fixtures: real workspaces in tmp_path with real stores, the 2024 session config,
a seeded factory of valid applications, and writers of real .xlsx (made by write_template) and .csv.

The store: SQLite by default; ``--store postgresql`` (or $PANEL_TOOLKIT_TEST_STORE=postgresql) runs every test
on PostgreSQL: the server of $PANEL_TOOLKIT_TEST_PG, or a throwaway cluster started here (tests/pg_cluster.py).
It is handed to the code under test as $PANEL_TOOLKIT_DB_SERVER, so each workspace opened without --db —
in this process, in CLI subprocesses and in Voila kernels alike — gets a fresh database of its own
(store.engine.default_url); tests need no change. ``store_url`` gives a test an empty store of the chosen kind.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import importlib.util
import os
import random
import shutil
from pathlib import Path

import openpyxl
import pytest

from panel_toolkit.config import load_session_config
from panel_toolkit.intake import creditcode
from panel_toolkit.intake.fields import BY_KEY, DECLARATIONS
from panel_toolkit.intake.template import write_template

REPO = Path(__file__).resolve().parents[1]
DIVISIONS = {"站前区": "210802", "西市区": "210803", "鲅鱼圈区": "210804", "老边区": "210811",
             "盖州市": "210881", "大石桥市": "210882", "市直": "210800"}
TRADES = [("家政服务", "育婴员", "嫂"), ("建筑", "焊工", "匠"), ("餐饮", "中式烹调师", "厨师"), ("渔业", "渔工", "工")]


def pytest_addoption(parser):
    parser.addoption("--store", choices=["sqlite", "postgresql"],
                     default=os.environ.get("PANEL_TOOLKIT_TEST_STORE", "sqlite"),
                     help="Run the suite on this store (postgresql: $PANEL_TOOLKIT_TEST_PG or a throwaway cluster).")


_CLUSTER = contextlib.ExitStack()


def pg_cluster():
    spec = importlib.util.spec_from_file_location("pg_cluster", Path(__file__).with_name("pg_cluster.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_configure(config):
    from panel_toolkit.store.engine import ENV_SERVER

    if config.getoption("--store") != "postgresql":
        os.environ.pop(ENV_SERVER, None)
        return
    server = os.environ.get("PANEL_TOOLKIT_TEST_PG") or _CLUSTER.enter_context(pg_cluster().cluster())
    os.environ[ENV_SERVER] = server


def pytest_unconfigure(config):
    _CLUSTER.close()


def pytest_report_header(config):
    return f"store: {config.getoption('--store')}"


@pytest.fixture(scope="session", autouse=True)
def own_validation_cache(tmp_path_factory):
    """Schema passes are remembered in a cache folder (panel_toolkit.config.loader): the tests use their
    own, never the user's ~/.cache, and subprocesses inherit it."""
    mp = pytest.MonkeyPatch()
    mp.setenv("PANEL_TOOLKIT_CACHE", str(tmp_path_factory.mktemp("validation-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session", autouse=True)
def copies_carry_their_database(request):
    """On PostgreSQL a workspace's store is not a file in its folder: ``shutil.copytree`` of a workspace (tests
    build one per module and copy it per test) also clones its database (``CREATE DATABASE … TEMPLATE``)."""
    if request.config.getoption("--store") != "postgresql":
        yield
        return
    original = shutil.copytree

    def copytree(src, dst, *args, **kwargs):
        out = original(src, dst, *args, **kwargs)
        if (Path(src) / "sessions").is_dir():
            clone_database(Path(src), Path(dst))
        return out

    shutil.copytree = copytree
    yield
    shutil.copytree = original


def clone_database(src: Path, dst: Path) -> None:
    import sqlalchemy as sa

    from panel_toolkit.store import engine

    server = os.environ[engine.ENV_SERVER]
    name = {p: sa.make_url(engine.default_url(p)).database for p in (src, dst)}
    admin = sa.create_engine(engine.url_for(server), poolclass=sa.pool.NullPool)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for db in name.values():  # a template must have no other sessions; the pool of its owner reconnects
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": db})
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name[dst]}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name[dst]}" TEMPLATE "{name[src]}"')
    admin.dispose()


@pytest.fixture
def store_kind(request) -> str:
    return request.config.getoption("--store")


@pytest.fixture
def store_url(tmp_path, store_kind) -> str:
    """An empty store of the kind the suite runs on: an SQLite file in tmp_path, or a new PostgreSQL database."""
    from panel_toolkit.store import default_url

    (tmp_path / "store").mkdir(exist_ok=True)
    return default_url(tmp_path / "store")


@pytest.fixture(scope="session")
def config():
    return load_session_config(REPO / "sessions" / "2024" / "session.yaml")


def headers(row: dict) -> dict:
    """{key: value} → {Chinese header: value}."""
    return {BY_KEY[k].header: v for k, v in row.items()}


@pytest.fixture
def valid_row(config):
    """``valid_row(**overrides)``: one valid application as {header: value}; overrides by field key.

    Seeded, so every test sees the same sequence; each call is a different unit (own credit code)."""
    rng = random.Random(20240930)
    serial = iter(range(1, 100_000))

    def make(**overrides) -> dict:
        n = next(serial)
        county = rng.choice(config.counties)
        industry, job, word = rng.choice(TRADES)
        trained = [rng.randint(100, 300) for _ in range(2)]
        row = {
            "unit_name": f"营口第{n}劳务服务有限公司",
            "credit_code": creditcode.make(f"91{DIVISIONS[county]}{n:08d}X"),
            "unit_type": "企事业单位",
            "county": county,
            "department": None,
            "brand_name": f"营口{n}号{job}{word}",
            "trademark_no": None,
            "industry": industry,
            "job_type": job,
            "founded_on": dt.date(rng.randint(2005, 2020), rng.randint(1, 12), rng.randint(1, 28)),
            "is_ich": "否",
            **{key: "是" for key, _, _ in DECLARATIONS},
            "trained_y1": trained[0],
            "trained_y2": trained[1],
            "in_trade_y1": rng.randint(60, trained[0]),
            "in_trade_y2": rng.randint(60, trained[1]),
            "exported_y1": rng.randint(-(-trained[0] * 8 // 10), trained[0]),
            "exported_y2": rng.randint(-(-trained[1] * 8 // 10), trained[1]),
            "agreements": rng.randint(1, 12),
            "training_ledger": "是",
            "employment_ledger": "是",
            "follow_up": "是",
            "contact_person": rng.choice(["张伟", "王芳", "李娜", "刘洋"]),
            "contact_phone": f"139{rng.randint(0, 99_999_999):08d}",
            "screening_decision": "通过",
            "screening_reason": None,
            "remarks": None,
        }
        unknown = set(overrides) - set(row)
        assert not unknown, f"not a field key: {unknown}"
        row.update(overrides)
        return headers(row)

    return make


@pytest.fixture
def write_xlsx(tmp_path, config):
    """``write_xlsx(rows, name=...)``: the real template, filled from row 2 ({} leaves a row empty)."""

    def write(rows: list[dict], name: str = "申报表.xlsx") -> Path:
        path = tmp_path / name
        write_template(path, config)
        wb = openpyxl.load_workbook(path)
        ws = wb["申报表"]
        column = {c.value: c.column for c in ws[1]}
        for r, row in enumerate(rows, start=2):
            for header, value in row.items():
                ws.cell(r, column[header], value)
        wb.save(path)
        return path

    return write


@pytest.fixture
def write_sheet(tmp_path):
    """``write_sheet(grid, name=..., title=...)``: a plain workbook from a list of rows (row 1 = headers)."""

    def write(grid: list[list], name: str = "plain.xlsx", title: str = "Sheet") -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = title
        for row in grid:
            ws.append(row)
        path = tmp_path / name
        wb.save(path)
        return path

    return write


@pytest.fixture
def write_csv(tmp_path):
    """``write_csv(rows, encoding=...)``: rows as {header: value}, every value written as text."""

    def write(rows: list[dict], name: str = "申报表.csv", encoding: str = "utf-8-sig") -> Path:
        path = tmp_path / name
        fieldnames = list(dict.fromkeys(h for row in rows for h in row))
        with path.open("w", encoding=encoding, newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames)
            writer.writeheader()
            for row in rows:
                writer.writerow({h: "" if v is None else v for h, v in row.items()})
        return path

    return write


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def workspace_dir(tmp_path) -> Path:
    """A workspace folder with the repository's 2024 session (the rubric is the bundled one)."""
    shutil.copytree(REPO / "sessions" / "2024", tmp_path / "sessions" / "2024")
    return tmp_path


@pytest.fixture
def workspace(workspace_dir):
    from panel_toolkit import Workspace

    ws = Workspace(workspace_dir)
    yield ws
    ws.close()
