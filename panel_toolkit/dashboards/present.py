"""Tables as people read them, on the page and in the Excel downloads: Chinese headers (English with
``lang="en"``), 是/否 for booleans, an empty cell for a missing value (never None/NaN/<NA>), times in the
session's time zone without an offset (never ``+00:00``), method ids by name, and no ``*_en`` twin columns
in Chinese. The headers and value names are ``header_*`` and ``value_*`` in ``i18n/dashboards.toml``;
a column not listed there keeps its (already readable) name."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

from ..i18n import labels, pick, text


def _cell(v, lang: str, tz: ZoneInfo, values: dict[str, str]):
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return text("common.yes" if v else "common.no", lang)
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        moment = pd.Timestamp(v)
        if moment.tzinfo is None:
            if moment == moment.normalize():
                return moment.strftime("%Y-%m-%d")   # a calendar date (founding date, 申报截止日), not a moment
            moment = moment.tz_localize("UTC")        # the store keeps moments in UTC
        return moment.tz_convert(tz).strftime("%Y-%m-%d %H:%M")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, str) and v in values:
        return values[v]
    if isinstance(v, (list, tuple)):
        return text("common.list_sep", lang).join(str(x) for x in v)
    return v


def present(df: pd.DataFrame, lang: str = "zh", time_zone: str = "Asia/Shanghai") -> pd.DataFrame:
    """A copy of ``df`` ready to show or export (see the module doc)."""
    tz = ZoneInfo(time_zone)
    out = df.copy()
    twin = pick(lang, "_en", None)          # the English twin of a column is for English readers only
    if twin:
        out = out.drop(columns=[c for c in out.columns if isinstance(c, str) and c.endswith(twin)])
    values, headers = labels("dashboards.value", lang), labels("dashboards.header", lang)
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s) and not pd.api.types.is_bool_dtype(s):
            out[col] = [("" if pd.isna(v) else round(float(v), 2)) for v in s]
        elif not pd.api.types.is_integer_dtype(s) or s.isna().any():
            out[col] = [_cell(v, lang, tz, values) for v in s.astype(object)]
    out = out.rename(columns={c: headers[c] for c in out.columns if c in headers})
    if out.index.name in headers:
        out.index.name = headers[out.index.name]
    return out
