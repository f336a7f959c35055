"""The expert app's helpers for text: the message shortcut, times in the session's zone, points.

``text(key, lang, **values)`` is ``i18n.text("widgets." + key, …)``: the texts themselves live in
``panel_toolkit/i18n/widgets.toml``. Times are shown in the session's time zone (``config.time_zone``,
Asia/Shanghai by default), like the dashboards.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .. import i18n

#: The default when no session says otherwise: the experts and the bureau are in Yingkou.
DEFAULT_TZ = "Asia/Shanghai"


def text(key: str, lang: str = "zh", **values) -> str:
    """The expert app's message ``key`` (an entry of ``i18n/widgets.toml``) in ``lang``, always formatted: a
    ``{{name}}`` in the file comes out as ``{name}`` for the upload widget's browser side to fill in."""
    return i18n.text("widgets." + key, lang).format(**values)


def local(moment: dt.datetime, time_zone: str = DEFAULT_TZ) -> dt.datetime:
    """``moment`` in ``time_zone`` (the session's); naive datetimes from the store are UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(ZoneInfo(time_zone))


def clock(moment: dt.datetime | None = None, time_zone: str = DEFAULT_TZ) -> str:
    """hh:mm:ss in the session's time zone."""
    return local(moment or dt.datetime.now(dt.timezone.utc), time_zone).strftime("%H:%M:%S")


def stamp(moment: dt.datetime | None, time_zone: str = DEFAULT_TZ) -> str:
    """YYYY-MM-DD hh:mm in the session's time zone."""
    return "" if moment is None else local(moment, time_zone).strftime("%Y-%m-%d %H:%M")


def fmt(x: float | None) -> str:
    """Points without trailing zeros: 7.5, 8, 82 (a value as typed, a string, is shown as it is)."""
    if isinstance(x, str):
        return x
    return "" if x is None else f"{x:g}"
