"""Units and modes that cannot mislead: the rules every view asks, in one place.

* A change or a difference of a percentage is in percentage points (`change_unit`): 41.2 % and
  45.0 % differ by 3.8 pp, not by 3.8 %.
* An index to a base year (base = 100) only means something for indicators that are positive by
  nature; a signed indicator (natural increase, net migration, population change: the catalogue's
  `signed` column) can cross zero, and 4,853 "per cent of 2014" is noise (`index_available`).
* A change or an index never spans a break in series (`breaks_within`): a value flagged ``b`` is
  the first year after a break, so it is not comparable with the years before it.

No Dash import: used by the Explore controller, the steering matrix, the figures and the tests.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from dashboard.i18n import t

__all__ = ["CHANGE_UNITS", "change_unit", "change_unit_label", "is_signed", "index_available",
           "breaks_within", "break_year"]

# unit of a level -> unit of a change or difference of it (anything not listed keeps its unit)
CHANGE_UNITS = {"pct": "pp"}


def change_unit(unit: str) -> str:
    """The unit of a change or a difference of values in `unit`: percentages -> percentage points."""
    return CHANGE_UNITS.get(unit, unit)


def change_unit_label(unit: str, lang: str | None, long: bool = False) -> str:
    """The change unit as text: "pp" / "o. t." / "Pp." (long: "percentage points", ...)."""
    u = change_unit(unit)
    if long and u == "pp":
        return t("unit.pp.long", lang)
    return t(f"unit.{u}", lang) if u else ""


def _meta(store, indicator) -> Mapping:
    return indicator if isinstance(indicator, Mapping) else store.indicator(indicator)


def is_signed(store, indicator) -> bool:
    """Can the indicator be negative by definition (catalogue column `signed`)?"""
    return bool(_meta(store, indicator).get("signed", False))


def index_available(store, indicator) -> bool:
    """Index mode (base year = 100) only for indicators that are positive by nature."""
    return not is_signed(store, indicator)


def breaks_within(store, indicator: str, places: Sequence[str], start, end) -> dict[str, int]:
    """Places whose series has a break between `start` and `end`: a value flagged ``b`` in a year
    after the earlier and up to the later of the two. place -> year of the first such break."""
    if start is None or end is None or start == end:
        return {}
    lo, hi = sorted((int(start), int(end)))
    s = store.series(indicator, list(places), years=range(lo + 1, hi + 1))
    if s.empty:
        return {}
    hit = s[s["flags"].str.contains("b", regex=False)]
    out: dict[str, int] = {}
    for place, year in zip(hit["place"], hit["year"]):
        out.setdefault(str(place), int(year))
    return out


def break_year(store, indicator: str, place: str, start, end) -> int | None:
    return breaks_within(store, indicator, [place], start, end).get(place)
