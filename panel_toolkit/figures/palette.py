"""One colour per county, the same in every figure, table and dashboard of a session.

Colours are assigned by the position of a unit in the session's ``screening_units`` (the six counties
in the session file's order, then 市直), never by the units a viewer happens to see: a county's own
dashboard shows it in the colour the city's overview uses. The palette is colour-blind friendly
(Okabe–Ito, then Tableau's muted tones) and has enough colours for a session that adds development zones.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermilion
    "#56B4E9",  # sky blue
    "#7F7F7F",  # grey (the 7th unit: 市直 in the default session)
    "#8C564B",  # brown
    "#BCBD22",  # olive
    "#17BECF",  # cyan
    "#9467BD",  # purple
    "#F0E442",  # yellow (last: weak on white)
)
#: A unit that is not among the session's screening units (should not happen; shown neutrally).
UNKNOWN = "#BDBDBD"


def county_colors(units: Sequence[str]) -> dict[str, str]:
    """{unit: colour} for the session's screening units, in order; the palette repeats past 12 units."""
    return {u: PALETTE[i % len(PALETTE)] for i, u in enumerate(dict.fromkeys(units))}


def color_of(colors: dict[str, str], unit: str) -> str:
    return colors.get(unit, UNKNOWN)


def ordered(units: Iterable[str], colors: dict[str, str]) -> list[str]:
    """``units`` in the palette's (session's) order, unknown ones last in their given order."""
    units = list(dict.fromkeys(units))
    known = [u for u in colors if u in units]
    return known + [u for u in units if u not in colors]
