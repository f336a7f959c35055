"""Free text typed by people (reasons, notes, objection content, names): one check for the CLI, the
apps and the importers.

Refused: NUL and other control characters (a line break or tab only where the field is multi-line),
and text longer than the field's limit. A leading ``=``, ``+``, ``-`` or ``@`` is *stored as typed*:
such text is harmless in the store and is neutralised where it could run, in
:mod:`panel_toolkit.exports`.
"""
from __future__ import annotations

import re

from .errors import InvalidText

# Policy default: long enough for a paragraph of reasons, short enough to fit a notice or a cell.
SHORT = 200      # names, units, grounds, certificate numbers
LONG = 2000      # reasons, notes, objection content

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def problem(text: str, max_len: int = LONG, multiline: bool = True) -> tuple[str, str] | None:
    """(zh, en) reason why ``text`` is refused, or None when it is acceptable."""
    pattern = _CONTROL if multiline else _CONTROL_ONE_LINE
    m = pattern.search(text)
    if m:
        code = f"U+{ord(m.group()):04X}"
        where = m.start() + 1
        if m.group() == "\x00":
            return (f"第 {where} 个字符是空字符(NUL)；请重新输入，不要从二进制文件粘贴",
                    f"character {where} is NUL; type the text again instead of pasting from a binary file")
        return (f"第 {where} 个字符是控制字符 {code}" + ("" if multiline else "（此项只能写一行）") + "；请删除后重新输入",
                f"character {where} is the control character {code}" + ("" if multiline else " (one line only)")
                + "; remove it")
    if len(text) > max_len:
        return (f"共 {len(text)} 个字，超过上限 {max_len} 字；请删减",
                f"{len(text)} characters, more than the limit of {max_len}; shorten it")
    return None


def check(text: str | None, name: str, max_len: int = LONG, multiline: bool = True) -> str | None:
    """``text`` unchanged when acceptable (None stays None); :class:`InvalidText` naming ``name`` otherwise."""
    if text is None:
        return None
    reason = problem(str(text), max_len, multiline)
    if reason:
        raise InvalidText(name, f"{name}：{reason[0]}。未做任何更改。", f"{name}: {reason[1]}. Nothing was changed.")
    return str(text)
