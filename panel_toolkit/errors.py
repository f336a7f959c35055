"""Typed domain errors (领域错误).

The core raises these; front ends translate them at the edge: the CLI prints one line (or a
table of problems) and exits non-zero, the Voila apps show the Chinese message. Every error
carries enough context (file, row, column, key) to say *where* and *how to fix*.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import i18n


class PanelError(Exception):
    """Base class. ``zh`` and ``en`` are complete, user-facing sentences."""

    exit_code = 1

    def __init__(self, zh: str, en: str | None = None):
        self.zh = zh
        self.en = en or zh
        super().__init__(self.en)

    def message(self, lang: str = "zh") -> str:
        return i18n.pick(lang, self.zh, self.en)


class ConfigError(PanelError):
    """A rubric or session file is malformed: names the file, the key and the fix."""

    exit_code = 3

    def __init__(self, file: str, key: str, zh: str, en: str, fix_zh: str = "", fix_en: str = ""):
        self.file, self.key = str(file), key
        self.reason_zh, self.reason_en = zh, en
        super().__init__(
            f"{file}: 键 {key!s}: {zh}" + (f"。修改方法：{fix_zh}" if fix_zh else ""),
            f"{file}: key {key!s}: {en}" + (f". Fix: {fix_en}" if fix_en else ""),
        )


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where (row, column), what (value) and why (reason)."""

    row: int | None
    column: str
    value: Any
    reason_zh: str
    reason_en: str = ""

    def reason(self, lang: str = "zh") -> str:
        return i18n.pick(lang, self.reason_zh, self.reason_en or self.reason_zh)

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason(lang)}


class InputRejected(PanelError):
    """An input file has problems; nothing was imported. ``problems`` lists every one of them."""

    exit_code = 2

    def __init__(self, file: str, problems: list[Problem]):
        self.file, self.problems = str(file), list(problems)
        n = len(self.problems)
        super().__init__(
            f"{file}: 发现 {n} 处问题，未导入任何数据。请按下列各行修改后重新导入。",
            f"{file}: {n} problem(s) found; nothing was imported. Fix the rows below and import again.",
        )

    def table(self, lang: str = "zh"):
        import pandas as pd

        cols = [i18n.text(f"errors.col_{c}", lang) for c in ("row", "column", "value", "reason")]
        rows = [[p.row, p.column, p.value, p.reason(lang)] for p in self.problems]
        return pd.DataFrame(rows, columns=cols)


class NotFound(PanelError):
    exit_code = 4


class AccessDenied(PanelError):
    """The actor's role or scope does not allow this. The message never reveals other people's data."""

    exit_code = 5


class LinkExpired(AccessDenied):
    """The personal link that opened this page was revoked or has expired since: nothing is written.
    The page keeps what was typed; the message says what happened and whom to ask."""

    exit_code = 40

    def __init__(self):
        super().__init__("您的评审链接已停用或已过期（评分截止日期已过），本次修改未能保存；页面上已填写的内容仍保留。"
                         "如需继续，请联系评审组织方。",
                         "Your link was revoked or has expired (the scoring deadline has passed); this change was not "
                         "saved. What you typed stays on the page. Ask the organisers if you need to continue.")


class ReadOnly(AccessDenied):
    """A viewer (a dashboard or directory page opened by a staff link) tried to change something."""

    exit_code = 41

    def __init__(self):
        super().__init__("查看链接只能查看，不能修改任何内容。", "A viewer link can only read; nothing can be changed.")


class InvalidState(PanelError):
    """The operation is not allowed in the current state (e.g. rejecting without a reason)."""

    exit_code = 6


class ConflictOfInterest(AccessDenied):
    """回避 (第十二条; SPEC §5): the expert may not review this candidate. ``reasons`` names each ground."""

    exit_code = 7

    def __init__(self, zh: str, en: str | None = None, reasons: tuple[str, ...] = ()):
        self.reasons = tuple(reasons)
        super().__init__(zh, en)


class DrawInfeasible(InvalidState):
    """The expert pool cannot cover every candidate without conflicts; nothing was drawn or written.

    ``report`` has one dict per uncovered candidate: application_id, unit_name, county, excluded
    (count per reason), remaining, needed."""

    exit_code = 8

    def __init__(self, zh: str, en: str, report: list[dict[str, Any]]):
        self.report = list(report)
        super().__init__(zh, en)


# -- score sheets (第十二条: 资料评审 + 实地核查) -------------------------------------------------

class InvalidScore(InvalidState):
    """One value of a score sheet breaks the rubric: unknown item, out of range, off the step, unknown
    verdict, or points above what the verdict allows. ``item_id`` names the criterion or item."""

    exit_code = 10

    def __init__(self, item_id: str, zh: str, en: str | None = None):
        self.item_id = str(item_id)
        super().__init__(zh, en)


class StaleSheet(InvalidState):
    """The sheet was saved elsewhere (another tab) since this form read it; ``current_version`` is the
    stored version. Nothing was written: reload to see the other window's values."""

    exit_code = 11

    def __init__(self, current_version: int, zh: str | None = None, en: str | None = None):
        self.current_version = int(current_version)
        super().__init__(zh or f"此评分表已在其他窗口修改（当前版本 {self.current_version}），请刷新。",
                         en or f"This sheet was changed in another window (now version {self.current_version}); reload it.")


class SheetLocked(InvalidState):
    """The sheet is submitted and therefore read-only."""

    exit_code = 12


class IncompleteSheet(InvalidState):
    """Submitting a sheet that is not complete; ``problems`` lists every missing or invalid value
    (``column`` is the criterion, item or veto id)."""

    exit_code = 13

    def __init__(self, problems: list[Problem], zh: str | None = None, en: str | None = None):
        self.problems = list(problems)
        n = len(self.problems)
        listed_zh = "；".join(p.reason("zh") for p in self.problems[:8]) + ("……" if n > 8 else "")
        listed_en = "; ".join(p.reason("en") for p in self.problems[:8]) + ("…" if n > 8 else "")
        super().__init__(zh or f"评分表尚未完成（{n} 处），未提交：{listed_zh}",
                         en or f"The sheet is not complete ({n} problem(s)); not submitted: {listed_en}")

    def table(self, lang: str = "zh"):
        import pandas as pd

        cols = [i18n.text(f"errors.col_{c}", lang) for c in ("item", "value", "reason")]
        return pd.DataFrame([[p.column, p.value, p.reason(lang)] for p in self.problems], columns=cols)


# -- public notice and recognition (第十三、十四、二十二条) ----------------------------------------

class CalendarUnknownYear(InvalidState):
    """The statutory calendar has no official schedule for ``year`` (SPEC §6): the program refuses
    rather than guess; the session can supply the year in a calendar override file."""

    exit_code = 20

    def __init__(self, year: int):
        self.year = int(year)
        super().__init__(
            f"日历中没有 {self.year} 年的法定节假日安排，无法计算工作日（不作推测）。请按国务院办公厅"
            f"关于{self.year}年部分节假日安排的通知编写日历调整文件（如 sessions/<批次>/calendar-{self.year}.yaml："
            f"year、source、holidays、workdays，格式见 panel_toolkit/config/schemas/calendar.schema.json），"
            "并在 session.yaml 的 notice.calendar_overrides 中列出。",
            f"The calendar has no official holiday schedule for {self.year}, so working days cannot be counted "
            f"(no guessing). Write a calendar override file from the State Council notice for {self.year} "
            f"(e.g. sessions/<session>/calendar-{self.year}.yaml with year, source, holidays, workdays; format: "
            "panel_toolkit/config/schemas/calendar.schema.json) and list it under notice.calendar_overrides "
            "in session.yaml.")


class RendererUnavailable(PanelError):
    """A document format needs a program that is not installed (e.g. PDF needs Chromium)."""

    exit_code = 21


# -- the brand directory's dynamic management (第十五条–第二十一条) ----------------------------------

class IllegalTransition(InvalidState):
    """A directory event that the measures do not allow from the brand's current status (第十七–二十条),
    with a ground the event does not accept, or with a date out of order. ``status`` and ``event`` are
    the machine's keys (``panel_toolkit.directory.states``); ``ground`` is the article given, if any.
    Nothing was written."""

    exit_code = 22

    def __init__(self, zh: str, en: str | None = None, *, status: str = "", event: str = "", ground: str = ""):
        self.status, self.event, self.ground = status, event, ground
        super().__init__(zh, en)


# -- figures and dashboards ------------------------------------------------------------------------

class StaticExportUnavailable(PanelError):
    """A static image (PNG) cannot be made here: kaleido or a Chromium is missing. The message says which."""

    exit_code = 30


# -- bad input at the edge: arguments, paths, URLs, free text, oversized files (exit codes 70–89) -----

class InvalidArgument(PanelError):
    """A command-line or form value is out of range or malformed (an id, a port, a count). ``name``
    is the option or field; nothing was done."""

    exit_code = 70

    def __init__(self, name: str, zh: str, en: str | None = None):
        self.name = name
        super().__init__(zh, en)


class UnknownCounty(InvalidArgument):
    """A county name matches none of the session's units, even after normalisation (full-width forms,
    spaces, invisible characters). The message lists the valid names."""

    exit_code = 71


class InvalidSessionId(InvalidArgument):
    """A session id that is not a plain name (a path, ``..``, a separator): it is never looked up on disk."""

    exit_code = 72


class StoreUnavailable(PanelError):
    """The store URL (``--db``) has an unknown scheme or driver, points at a missing folder or at a file
    that is not a database, or the database cannot be opened."""

    exit_code = 73


class InvalidOutput(PanelError):
    """An output path cannot be written: its folder is missing or read-only, it is a folder, or its
    extension does not match the format."""

    exit_code = 74


class FileTooLarge(InvalidState):
    """An input file is larger than the session's ``limits.max_import_mb``; it was not read."""

    exit_code = 75


class InvalidText(InvalidArgument):
    """Free text (a reason, a note, a name) holds control characters or NUL, or is too long."""

    exit_code = 76
# -- closed sessions and the directory's division of work (exit codes 60–69) ----------------------

class SessionClosed(InvalidState):
    """A write that would change a confirmed (not reopened) or recognised session (SPEC §7 "closed is closed")."""

    exit_code = 60


class DecidedElsewhere(AccessDenied):
    """The measures give this step to another body (第十六–二十条: the county records, the city decides);
    the message names who may act ("此操作由市人社局决定")."""

    exit_code = 61


class PeriodRunning(InvalidState):
    """A directory step taken before the period of the previous one ended (第十七–十九条); an explicit,
    logged ``override_reason`` allows it."""

    exit_code = 62


class MarkNotUsable(InvalidState):
    """A certificate or plaque asked for a suspended or removed brand (第十九、二十条 收回标识使用权)."""

    exit_code = 63


class RulesChanged(InvalidState):
    """A closed session confirmed before its files were kept with the confirmation (store migration 0004):
    its session or rubric file is no longer the one the list was computed with (SHA-256 differs), so its
    outputs cannot be computed (SPEC §7). ``file`` names the file; the fix is to restore it as it was."""

    exit_code = 64

    def __init__(self, session_id: str, file: str, kind: str):
        self.session_id, self.file, self.kind = session_id, str(file), kind
        what_zh, what_en = {"rubric": ("评分细则文件", "rubric file"), "session": ("批次设置文件", "session file")}[kind]
        super().__init__(
            f"批次 {session_id} 的拟认定名单已确认，但{what_zh} {file} 在确认后被修改（SHA-256 与确认时记录的不同），"
            "且该确认早于本程序保存规则文件副本的版本，无法按确认时的规则计算。请把该文件恢复为确认时的内容"
            "（例如从备份中恢复）；如确需按新规则重新评审，须先恢复文件，再由主席说明理由重新开放"
            f"（panel-toolkit reopen {session_id} --reason …），然后修改并重新确认。",
            f"The proposed list of session {session_id} is confirmed, but its {what_en} {file} was changed after the "
            "confirmation (its SHA-256 differs from the one recorded), and the confirmation predates the copies of the "
            "rules this program keeps, so nothing can be computed with the confirmed rules. Restore the file as it was "
            "(e.g. from a backup); to review under new rules, restore it first, have the chair reopen the session with a "
            f"reason (panel-toolkit reopen {session_id} --reason …), then change it and confirm again.")


# -- the store (SQLite / PostgreSQL), backups, the event log's hash chain ----------------------------

class TextNotStorable(PanelError):
    """A text value holds a NUL character (U+0000), which PostgreSQL cannot store; refused on every store.
    ``field`` names the value. Nothing was written."""

    exit_code = 50

    def __init__(self, field: str):
        self.field = field
        super().__init__(f"“{field}”中含有空字符（\\x00，通常来自复制粘贴），无法保存；请删除该字符后重试。未保存任何内容。",
                         f"The value of '{field}' contains a NUL character (\\x00, often from copy and paste) and "
                         "cannot be stored; remove it and try again. Nothing was saved.")



class LogTampered(PanelError):
    """The event log's hash chain is broken: ``event_id`` is the first event whose link does not hold."""

    exit_code = 52

    def __init__(self, event_id: int, reason: str, checked: int):
        self.event_id, self.reason = int(event_id), reason
        what_zh = "内容被修改" if reason == "content" else "与前一条事件的链接不符（其前的事件被删除、插入或改动）"
        what_en = "its content was changed" if reason == "content" else \
            "its link to the previous event does not hold (an event before it was removed, inserted or changed)"
        super().__init__(f"事件日志已被篡改：第一个断开的环节是事件 {event_id}，{what_zh}（已核对 {checked} 条）。",
                         f"The event log was tampered with: the first broken link is event {event_id}: {what_en} "
                         f"({checked} checked).")


class BackupFailed(PanelError):
    """A backup, restore or copy cannot be done (target not empty, unknown file, missing pg_dump…). Nothing was written."""

    exit_code = 53
