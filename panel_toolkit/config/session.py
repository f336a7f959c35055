"""Session settings (评审批次): rubric, reference date (申报截止日), screening units, conflicts, quota."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from . import loader
from .rubric import Label, Rubric, find_rubric, load_rubric

#: The route for units managed directly by a city department (第十一条: 市直主管部门初审，市级复审).
CITY_ROUTE = "市直"


def default_counties() -> list[str]:
    """The six county-level units of SPEC §8, from the bundled division-code file."""
    text = resources.files("panel_toolkit").joinpath("data", "yingkou_divisions.csv").read_text("utf-8")
    return [row["name"] for row in csv.DictReader(text.splitlines())]


@dataclass(frozen=True)
class NoticeSettings:
    """The public notice (公示, 第十三条) and recognition (第十四条, 第二十二条): policy defaults that a
    session file overrides in its ``notice:`` block."""

    working_days: int = 5                      # 第十三条: 不少于5个工作日
    counting_rule: str = "civil_code_201"      # 民法典第二百零一条 (panel_toolkit.notice.period.RULES)
    title: str | None = None
    result_title: str | None = None
    issuer: str = "营口市人力资源和社会保障局"   # 第二十二条: 市级人社部门颁发证书
    contact_unit: str | None = None            # default: the issuer
    contact_phone: str | None = None
    contact_address: str | None = None
    contact_email: str | None = None
    calendar_overrides: tuple[Path, ...] = ()  # absolute paths

    @classmethod
    def parse(cls, data: dict, folder: Path) -> "NoticeSettings":
        contact = data.get("contact", {})
        base = cls()
        return cls(
            working_days=data.get("working_days", base.working_days),
            counting_rule=data.get("counting_rule", base.counting_rule),
            title=data.get("title"), result_title=data.get("result_title"),
            issuer=data.get("issuer", base.issuer),
            contact_unit=contact.get("unit"), contact_phone=contact.get("phone"),
            contact_address=contact.get("address"), contact_email=contact.get("email"),
            calendar_overrides=tuple((folder / p).resolve() for p in data.get("calendar_overrides", ())),
        )


@dataclass(frozen=True)
class UploadLimits:
    """Limits on files people attach (policy defaults; a session's ``materials:`` / ``evidence:`` blocks).
    8 MiB per file keeps a file under the Jupyter server's 10 MiB websocket message limit."""

    max_file_mb: float = 8
    max_files: int = 20
    max_pages: int = 200

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @classmethod
    def parse(cls, data: dict, base: "UploadLimits") -> "UploadLimits":
        return cls(max_file_mb=data.get("max_file_mb", base.max_file_mb), max_files=data.get("max_files", base.max_files),
                   max_pages=data.get("max_pages", base.max_pages))


#: Application materials (申报材料): a dossier is larger than one sheet's evidence (policy default).
MATERIAL_LIMITS = UploadLimits(max_file_mb=8, max_files=60, max_pages=200)
#: Evidence files kept with one score sheet (policy default).
EVIDENCE_LIMITS = UploadLimits(max_file_mb=8, max_files=20, max_pages=200)
#: Every date and time people see is shown in this zone (policy default).
DEFAULT_TIME_ZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class SessionConfig:
    id: str
    title: Label
    rubric: Rubric
    reference_date: dt.date
    counties: tuple[str, ...]
    city_department_route: bool
    conflict_same_employer: bool
    conflict_same_county: bool
    material_experts: int
    site_team: int
    quota: int | None
    sha256: str
    path: str
    notice: NoticeSettings = NoticeSettings()
    max_import_mb: float = 20.0
    related_expert: bool = False   # 第十二条 相关专家: at least one expert of the candidate's industry per material panel
    due_date: dt.date | None = None            # 评分截止日期: expert links expire at its end (China time)
    pool_size: int = 4                         # preheated expert-app kernels (panel-toolkit serve)
    materials: UploadLimits = MATERIAL_LIMITS
    evidence: UploadLimits = EVIDENCE_LIMITS
    time_zone: str = DEFAULT_TIME_ZONE
    text: str = field(default="", repr=False, compare=False)   # session.yaml as read (kept with a confirmation)
    #: The confirmation whose copy of the files this config was read from (SPEC §7), or None: read from disk.
    frozen_by: int | None = None

    @property
    def screening_units(self) -> tuple[str, ...]:
        """What the 县(市)区 column may hold: the counties, plus 市直 when that route is open."""
        return self.counties + ((CITY_ROUTE,) if self.city_department_route else ())

    @property
    def training_years(self) -> tuple[int, int]:
        """The two complete calendar years before the reference date ("近两年"): policy default."""
        y = self.reference_date.year
        return (y - 2, y - 1)


def parse(data: dict, path: Path, rubric_search: list[Path] | None = None, rubric: Rubric | None = None) -> SessionConfig:
    """``rubric``: the rubric to use instead of the one ``data`` names (a confirmation's copy)."""
    path = Path(path)
    folder = path.parent
    if folder.parent.name == "sessions" and folder.name != data["id"]:
        raise ConfigError(path, "id", f"id 为 {data['id']}，但所在文件夹为 sessions/{folder.name}",
                          f"id is {data['id']} but the folder is sessions/{folder.name}",
                          "使 id 与文件夹名一致", "make id match the folder name")
    rubric = rubric or load_rubric(find_rubric(data["rubric"], folder, rubric_search))
    conflicts, panel = data.get("conflicts", {}), data.get("panel", {})
    canon = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return SessionConfig(
        id=data["id"], title=Label.of(data["title"]), rubric=rubric,
        reference_date=dt.date.fromisoformat(data["reference_date"]),
        counties=tuple(data.get("counties") or default_counties()),
        city_department_route=data.get("city_department_route", True),
        conflict_same_employer=conflicts.get("same_employer", True),
        conflict_same_county=conflicts.get("same_county", True),
        material_experts=panel.get("material_experts", rubric.scoring.min_experts_per_candidate),
        site_team=panel.get("site_team", 3),
        related_expert=panel.get("related_expert", False),
        quota=data.get("quota"),
        sha256=hashlib.sha256(canon + rubric.sha256.encode()).hexdigest(),
        path=str(path),
        notice=NoticeSettings.parse(data.get("notice", {}), folder),
        max_import_mb=float(data.get("limits", {}).get("max_import_mb", 20.0)),
        due_date=dt.date.fromisoformat(panel["due_date"]) if panel.get("due_date") else None,
        pool_size=panel.get("pool_size", 4),
        materials=UploadLimits.parse(data.get("materials", {}), MATERIAL_LIMITS),
        evidence=UploadLimits.parse(data.get("evidence", {}), EVIDENCE_LIMITS),
        time_zone=_time_zone(data.get("time_zone", DEFAULT_TIME_ZONE), path),
    )


def _time_zone(name: str, path: Path) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(path, "time_zone", f"未知的时区 {name}", f"unknown time zone {name}",
                          "写 IANA 时区名，如 Asia/Shanghai", "use an IANA zone name such as Asia/Shanghai") from None
    return name


def load_session_config(path: str | Path, rubric_search: list[Path] | None = None, *, text: str | None = None,
                        rubric: Rubric | None = None) -> SessionConfig:
    """The session file at ``path``; given ``text`` and ``rubric``, that text as the file ``path`` with that
    rubric (a confirmation's copy of both: facade.frozen)."""
    path = Path(path)
    if text is None:
        text = loader.read_text(path)
    return replace(parse(loader.load(path, "session", text), path, rubric_search, rubric), text=text)
