"""The one writer of files for people: CSV, JSON, Excel, HTML, Markdown, Word, PDF.

Every export goes through here, so every export is safe in the same ways:
- spreadsheet text that looks like a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a leading
  apostrophe, in cells, in the index *and* in the headers, so ``=cmd|' /C calc'!A0`` never runs;
- characters Excel refuses (control characters) are dropped instead of failing half-way;
- times are written as local (China) wall-clock times without a zone: Excel has no time zones;
- sheet names are Chinese (or as given), cut to Excel's 31 characters without ``[]:*?/\\``;
- HTML is escaped;
- a file is written to a temporary name in the same folder and renamed into place: a failure never
  leaves a partial file, and an existing file is replaced only by a complete one;
- the file's extension must match its format.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .errors import InvalidOutput

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LOCAL_TZ = dt.timezone(dt.timedelta(hours=8), "CST")  # Yingkou's wall clock (China has one zone, no DST)
EXTENSIONS = {"csv": (".csv",), "json": (".json",), "xlsx": (".xlsx",), "html": (".html", ".htm"),
              "md": (".md", ".markdown"), "docx": (".docx",), "pdf": (".pdf",)}
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses in a cell
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
MAX_WIDTH = 60


# -- values ---------------------------------------------------------------------------------------------

def safe_text(value: str) -> str:
    """Spreadsheet-safe text: control characters dropped, a formula start neutralised."""
    text = _ILLEGAL.sub("", value)
    return "'" + text if text.startswith(FORMULA_START) else text


def local_naive(value: dt.datetime) -> dt.datetime:
    """An aware time as China's wall-clock time without a zone; a naive time is taken as already local."""
    return value.astimezone(LOCAL_TZ).replace(tzinfo=None) if value.tzinfo is not None else value


def safe_value(value):
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dt.datetime):
        return local_naive(value)
    return value


def neutralise(df):
    """A copy of ``df`` safe for a spreadsheet: every text cell, index label and header neutralised,
    every time zone-naive local time."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[col] = s.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
        elif s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = s.astype(object).map(safe_value)
    out.columns = _safe_index(out.columns)
    out.index = _safe_index(out.index)
    return out


def _safe_index(index):
    import pandas as pd

    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_tuples([tuple(safe_value(v) for v in t) for t in index],
                                         names=[safe_value(n) if n is not None else None for n in index.names])
    if isinstance(index, pd.DatetimeIndex) and index.tz is not None:
        return index.tz_convert(LOCAL_TZ).tz_localize(None)
    if index.dtype == object or pd.api.types.is_string_dtype(index):
        name = index.name
        return pd.Index([safe_value(v) for v in index], dtype=object, name=safe_value(name) if name is not None else None)
    return index.rename(safe_value(index.name)) if isinstance(index.name, str) else index


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    """A valid, unique Excel sheet name: no ``[]:*?/\\``, at most 31 characters, not starting with '."""
    base = _SHEET_BAD.sub("_", _ILLEGAL.sub("", str(name))).strip("'")[:31] or "Sheet"
    name, i = base, 2
    while taken is not None and name in taken:
        name = f"{base[:28]}_{i}"
        i += 1
    return name


# -- files ------------------------------------------------------------------------------------------------

def check_extension(path: str | Path, fmt: str) -> Path:
    path = Path(path)
    allowed = EXTENSIONS.get(fmt, (f".{fmt}",))
    if path.suffix.lower() not in allowed:
        raise InvalidOutput(f"输出文件 {path} 的扩展名应为 {'、'.join(allowed)}（格式 {fmt}）",
                            f"output file {path}: the extension must be {', '.join(allowed)} for format {fmt}")
    return path


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed onto ``path`` only when the block ends without error."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent if str(path.parent) else ".")
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(path: str | Path, data: bytes, fmt: str | None = None) -> Path:
    path = check_extension(path, fmt) if fmt else Path(path)
    with replacing(path) as tmp:
        tmp.write_bytes(data)
    return path


def write_text(path: str | Path, text: str, fmt: str | None = None, encoding: str = "utf-8") -> Path:
    return write_bytes(path, text.encode(encoding), fmt)


def save_workbook(wb, path: str | Path) -> Path:
    """An openpyxl Workbook (templates) saved through a temporary file."""
    path = check_extension(path, "xlsx")
    with replacing(path) as tmp:
        wb.save(tmp)
    return path


def workbook_bytes(sheets: dict, index: bool | None = False) -> bytes:
    """One sheet per frame, neutralised; header frozen, columns sized to their text. ``index=None``
    writes the index unless it is a plain RangeIndex."""
    import pandas as pd
    from openpyxl.utils import get_column_letter

    buf = io.BytesIO()
    taken: set[str] = set()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe = neutralise(frame)
            name = sheet_name(name, taken)
            taken.add(name)
            with_index = (not isinstance(frame.index, pd.RangeIndex)) if index is None else index
            safe.to_excel(writer, sheet_name=name, index=with_index)
            ws = writer.sheets[name]
            ws.freeze_panes = "A2"
            for i, col in enumerate(safe.columns, start=1 + (safe.index.nlevels if with_index else 0)):
                text = [str(col), *(str(v) for v in safe[col].head(500).tolist())]
                ws.column_dimensions[get_column_letter(i)].width = min(max(_width(t) for t in text) + 2, MAX_WIDTH)
    return buf.getvalue()


def write_workbook(path: str | Path, sheets: dict, index: bool | None = False) -> Path:
    return write_bytes(path, workbook_bytes(sheets, index), "xlsx")


def _width(text: str) -> int:
    """Display width: CJK characters count twice."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def frame_text(df, fmt: str, index: bool = True) -> str:
    """csv (neutralised), json (values as typed, times local) or html (escaped) text of ``df``."""
    if fmt == "csv":
        return neutralise(df).to_csv(index=index)
    if fmt == "json":
        frame = _local_times(df.reset_index() if index else df)
        return frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=1) + "\n"
    if fmt == "html":
        return _local_times(df).to_html(escape=True, index=index, na_rep="")
    raise InvalidOutput(f"不支持的格式“{fmt}”", f"unsupported format {fmt!r}")


def _local_times(df):
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_convert(LOCAL_TZ).dt.tz_localize(None)
        elif out[col].dtype == object:
            out[col] = out[col].map(lambda v: local_naive(v) if isinstance(v, dt.datetime) else v)
    return out


def write_frame(df, fmt: str, out: Path | None, index: bool = True, sheet: str = "数据") -> str | None:
    """Write ``df`` as csv/json/xlsx/html to ``out``; without ``out`` return the csv/json/html text."""
    if fmt == "xlsx":
        if out is None:
            raise InvalidOutput("xlsx 格式需要 --out 文件名", "xlsx needs an output file (--out)")
        write_workbook(out, {sheet: df}, index=index)
        return None
    text = frame_text(df, fmt, index)
    if out is None:
        return text
    write_text(out, text, fmt, "utf-8-sig" if fmt == "csv" else "utf-8")  # the BOM lets Excel read UTF-8
    return None


def escape_html(value: object) -> str:
    return html.escape(str(value), quote=True)


def write_document(path: str | Path, fmt: str, text: Callable[[str], str], docx: Callable[[], bytes]) -> Path:
    """A notice-like document: html/md from ``text(fmt)``, Word from ``docx()``."""
    if fmt == "docx":
        return write_bytes(path, docx(), "docx")
    if fmt in ("html", "md"):
        return write_text(path, text(fmt), fmt)
    raise InvalidOutput(f"不支持的格式“{fmt}”：可用 html、md、docx。", f"unsupported format {fmt!r}: use html, md or docx.")
