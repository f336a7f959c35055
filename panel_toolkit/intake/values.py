"""Cell parsers: one raw spreadsheet value in, one clean value out, or :class:`CellError`.

Raw values come from openpyxl (str, int, float, bool, datetime, None) or from a CSV file (str).
Every reason says what is wrong *and* how to fix it, in Chinese with an English translation.
A blank cell is the caller's business (see :func:`is_blank`): these parsers expect a value.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from .. import freetext
from . import creditcode
from .fields import DECISIONS, UNIT_TYPES


class CellError(ValueError):
    """A cell value cannot be used. ``zh``/``en`` are the reason, ready for a :class:`~panel_toolkit.errors.Problem`."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(en)


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _nfkc(raw: object) -> str:
    """Full-width digits, letters and punctuation to ASCII; surrounding spaces removed."""
    return unicodedata.normalize("NFKC", str(raw)).strip()


# -- counts -------------------------------------------------------------------------------------

#: Sanity bound, not a rule of the measures: catches an ID or phone number pasted into a count
#: column (and keeps the value inside Int64).
MAX_COUNT = 10_000_000
_COUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?")


def parse_count(raw: object) -> int:
    """A non-negative whole number: 120, 120.0, "１２０", " 120 人", "1,200"."""
    if isinstance(raw, bool):  # Excel TRUE/FALSE; bool is an int subclass, so test it first
        raise CellError("应填人数（整数），不是“是/否”", "expected a whole number, not TRUE/FALSE")
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise CellError("不是有效数字，请填写整数，如 120", "not a number; enter a whole number such as 120")
        if not raw.is_integer():
            raise CellError("人数必须是整数，不能有小数", "must be a whole number, no fraction")
        raw = int(raw)
    if isinstance(raw, int):
        value = raw
    else:
        text = _nfkc(raw).removesuffix("人").strip()
        m = _COUNT.fullmatch(text)
        if m is None:
            if re.fullmatch(r"-\s*[\d,.]+", text):
                raise CellError("人数不能为负数", "must not be negative")
            if re.fullmatch(r"\d+\.\d+", text):
                raise CellError("人数必须是整数，不能有小数", "must be a whole number, no fraction")
            raise CellError("不是数字；请只填阿拉伯数字，如 120 或 120人",
                            "not a number; enter digits only, e.g. 120 or 120人")
        value = int(m.group(1).replace(",", ""))
    if value < 0:
        raise CellError("人数不能为负数", "must not be negative")
    if value > MAX_COUNT:
        raise CellError(f"数值过大（超过 {MAX_COUNT:,}），请检查是否误填了其他内容",
                        f"too large (over {MAX_COUNT:,}); check that nothing else was pasted here")
    return value


# -- dates --------------------------------------------------------------------------------------

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # "2020-05-18 00:00:00" from an exported CSV
_DATE_PATTERNS = (
    re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME),
    re.compile(r"(\d{4})()年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})()(\d{2})(\d{2})"),
)
_DATE_HINT_ZH = "请按 2020-05-18 的格式填写"
_DATE_HINT_EN = "use the form 2020-05-18"
MIN_YEAR = 1900


def _make_date(y: int, m: int, d: int) -> dt.date:
    if not MIN_YEAR <= y <= 9999:
        raise CellError(f"年份 {y} 不合理；{_DATE_HINT_ZH}", f"year {y} is not plausible; {_DATE_HINT_EN}")
    if not 1 <= m <= 12:
        raise CellError(f"日期不存在：没有 {m} 月；{_DATE_HINT_ZH}", f"no such date: there is no month {m}; {_DATE_HINT_EN}")
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise CellError(f"日期不存在：{y}年{m}月只有{last}天，请核对营业执照上的日期",
                        f"no such date: {y}-{m:02d} has only {last} days; check the date on the licence")
    return dt.date(y, m, d)


def parse_date(raw: object, not_after: dt.date | None = None) -> dt.date:
    """A real calendar date, not later than ``not_after`` (the session's reference date)."""
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, bool):
        raise CellError(f"不是日期；{_DATE_HINT_ZH}", f"not a date; {_DATE_HINT_EN}")
    else:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = _nfkc(raw)
        for pattern in _DATE_PATTERNS:
            m = pattern.fullmatch(text)
            if m:
                value = _make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
                break
        else:
            raise CellError(f"无法识别的日期“{text}”；{_DATE_HINT_ZH}", f"unrecognised date {text!r}; {_DATE_HINT_EN}")
    if value.year < MIN_YEAR:
        raise CellError(f"年份 {value.year} 不合理；{_DATE_HINT_ZH}", f"year {value.year} is not plausible")
    if not_after is not None and value > not_after:
        raise CellError(f"日期 {value.isoformat()} 晚于本批次申报截止日 {not_after.isoformat()}，请核对",
                        f"{value.isoformat()} is after the session's reference date {not_after.isoformat()}; check it")
    return value


# -- yes/no, lists, decision ----------------------------------------------------------------------

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "✘"}


def parse_bool(raw: object) -> bool:
    """是/否, Y/N, yes/no, true/false, 1/0, √/×; Excel TRUE/FALSE."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = _nfkc(raw).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("请填写“是”或“否”（从下拉列表选择）", "enter 是 (yes) or 否 (no); pick from the drop-down list")


def _choice(raw: object, allowed: Iterable[str], what_zh: str, what_en: str) -> str:
    allowed = tuple(allowed)
    text = _nfkc(raw)
    # NFKC turns （） into (); compare both sides normalized so "县（市）" style input still matches.
    by_norm = {unicodedata.normalize("NFKC", a): a for a in allowed}
    if text in by_norm:
        return by_norm[text]
    listed = "、".join(allowed)
    raise CellError(f"{what_zh}“{text}”不在允许的范围内；请从下拉列表选择：{listed}",
                    f"{what_en} {text!r} is not allowed; pick one of: {', '.join(allowed)}")


def parse_unit_type(raw: object) -> str:
    """行业组织 or 企事业单位 (第三条)."""
    return _choice(raw, UNIT_TYPES, "单位类型", "unit type")


def parse_county(raw: object, screening_units: Iterable[str]) -> str:
    """One of the session's screening units (the counties, and 市直 when that route is open)."""
    return _choice(raw, screening_units, "县(市)区", "county")


def parse_decision(raw: object) -> str:
    """通过/不通过 → 'passed'/'rejected' (初审, 第十、十一条)."""
    text = _nfkc(raw)
    if text in DECISIONS:
        return DECISIONS[text]
    raise CellError(f"初审结论只能是“通过”或“不通过”，不能是“{text}”；不确定时留空",
                    f"must be 通过 (passed) or 不通过 (rejected), not {text!r}; leave it empty if undecided")


# -- codes and phone ------------------------------------------------------------------------------

def parse_credit_code(raw: object) -> str:
    """统一社会信用代码, normalized (full-width → ASCII, upper case) and checked per GB 32100-2015."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # Excel keeps 15 significant digits: an 18-digit code stored as a number is already damaged.
        raise CellError("该单元格被存成了数字，18位代码会丢失末几位；请把该列设为“文本”格式后重新输入",
                        "stored as a number, which loses digits of an 18-character code; "
                        "format the column as Text and enter it again")
    code = creditcode.normalize(raw)
    if len(code) != creditcode.LENGTH:
        raise CellError(f"应为18位，实际为{len(code)}位；请按营业执照或登记证书核对",
                        f"must have 18 characters, has {len(code)}; copy it from the business licence")
    bad = creditcode.forbidden_chars(code)
    if bad:
        shown = "、".join(repr(c)[1:-1] if c.isprintable() and not c.isspace() else repr(c) for c in bad)
        raise CellError(f"含有不允许的字符 {shown}；统一社会信用代码只用数字和大写字母，不用 I、O、S、V、Z，请核对",
                        f"contains characters that are not allowed ({', '.join(map(repr, bad))}); "
                        "only digits and capital letters except I, O, S, V, Z are used")
    if not creditcode.is_valid(code):
        raise CellError("校验位（第18位）不符，代码中可能有录入错误；请按营业执照逐位核对",
                        "the check character (18th) does not match; there is probably a typo - "
                        "compare it with the business licence character by character")
    return code


_PHONE_CHARS = re.compile(r"[0-9 ()+\-]+")


def parse_phone(raw: object) -> str:
    """Digits with spaces, '-', '+' and parentheses; 7 to 20 digits. Returned as written (NFKC, stripped)."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = _nfkc(raw)
    if not _PHONE_CHARS.fullmatch(text):
        raise CellError("电话号码只能包含数字、空格、“-”、“+”和括号，如 0417-2812345 或 13912345678",
                        "a phone number may contain only digits, spaces, '-', '+' and parentheses, "
                        "e.g. 0417-2812345 or 13912345678")
    digits = sum(c.isdigit() for c in text)
    if not 7 <= digits <= 20:
        raise CellError(f"电话号码应有7到20位数字，实际为{digits}位；请核对",
                        f"a phone number has 7 to 20 digits, this one has {digits}; check it")
    return text


# -- free text ------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _as_text(raw: object) -> str:
    # A number typed into a text column (e.g. a trademark number) comes back as int or float.
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.isoformat()
    return str(raw)


def parse_text(raw: object) -> str:
    """Stripped text. Formula-like text and markup are refused: the values are exported to Excel
    again and shown in a browser, where ``=cmd|' /C calc'!A0`` or ``<script>`` would be live."""
    text = _as_text(raw).strip()
    if text.startswith(_FORMULA_START):
        raise CellError(f"不能以“{text[0]}”开头（会被表格软件当作公式执行）；请删去开头的“{text[0]}”，或在前面加上文字说明",
                        f"must not start with {text[0]!r} (spreadsheets run it as a formula); "
                        f"remove the leading {text[0]!r} or start with a word")
    if _CONTROL.search(text):
        raise CellError("含有换行符、制表符等控制字符；请把内容写在一行内，删除换行和制表符",
                        "contains line breaks, tabs or other control characters; put the text on one line")
    if "<" in text or ">" in text:
        raise CellError("不能包含尖括号“<”“>”（网页标记）；请删除，书名请用《》",
                        "must not contain '<' or '>' (markup); remove them, use 《》 for titles")
    reason = freetext.problem(text, freetext.LONG, multiline=False)  # the check the CLI and the apps use too
    if reason:
        raise CellError(*reason)
    return text
