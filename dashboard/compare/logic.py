"""Side-by-side comparison of 2 to 4 partner municipalities: a headless controller.

`build_comparison` turns a `CompareState` (state.py) into rows (one per indicator, themes in catalogue
order) that the table, the small multiples, the CSV and the tests read.

Which year a cell shows is explicit and chosen by the reader (`YEAR_MODES`):

* ``common`` (default): per indicator the latest year in which *every* compared place has a
  value, so the row compares like with like. Where no such year exists, each place's own latest
  value is shown with its year and the row says so (`Row.no_common_year`).
* ``latest``: each place's own latest value, each with its year.

The best value of a row (`best_places`) follows the indicator's direction (within each country for a
within-country indicator, see dashboard/comparability.py); neutral indicators
and rows with fewer than two values get no mark; ties mark every tied place.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from dashboard.components.places import place_name
from dashboard.missing import is_stale, missing_reason
from dashboard.profile.logic import theme_order

from .state import CompareState

__all__ = ["Cell", "Row", "Comparison", "best_places", "common_year", "build_comparison",
           "year_range"]

@dataclass(frozen=True)
class Cell:
    place: str
    value: float | None
    year: int | None
    flags: str = ""
    source: str = ""
    best: bool = False
    stale: bool = False  # the year is old (dashboard.missing.is_stale)
    missing_reason: dict | None = None  # no value: why (not published for the country, missing here)


@dataclass(frozen=True)
class Row:
    id: str
    theme: str
    name: str
    unit: str
    decimals: int
    direction: str
    kind: str
    comparability: str  # the note, only when the compared places span both countries
    cells: tuple  # Cell per place, in the order of the state
    common_year: int | None
    no_common_year: bool  # "common" was asked but the places share no year with data

    @property
    def years_differ(self) -> bool:
        return len({c.year for c in self.cells if c.value is not None}) > 1

    @property
    def has_any(self) -> bool:
        return any(c.value is not None for c in self.cells)


def best_places(values: dict, direction: str) -> set:
    """Places holding the best value (ties: all of them); none for neutral indicators or when
    fewer than two places have a value."""
    have = {p: v for p, v in values.items() if v is not None and not (isinstance(v, float) and math.isnan(v))}
    if direction not in ("higher_better", "lower_better") or len(have) < 2:
        return set()
    target = max(have.values()) if direction == "higher_better" else min(have.values())
    if all(v == target for v in have.values()):
        return set()  # every place equal: nobody is best
    return {p for p, v in have.items() if v == target}


def common_year(store, indicator: str, places) -> int | None:
    """The latest year in which every place has a value."""
    cov = store.coverage(indicator, list(places))
    if cov.empty:
        return None
    full = cov.columns[cov.all(axis=0).to_numpy()]
    return int(full[-1]) if len(full) else None


def _cell(store, indicator: str, place: str, year: int | None) -> Cell:
    if year is None:
        return Cell(place, None, None, missing_reason=missing_reason(store, indicator, place))
    cs = store.cross_section(indicator, year, [place]).iloc[0]
    v = float(cs["value"])
    if math.isnan(v):
        return Cell(place, None, None, missing_reason=missing_reason(store, indicator, place, year))
    return Cell(place, v, int(year), str(cs["flags"]), str(cs["source"]), stale=is_stale(store, indicator, year))


def _row(store, indicator: str, state: CompareState, spans_border: bool) -> Row:
    meta = store.indicator(indicator)
    lang = state.lang
    year = common_year(store, indicator, state.places) if state.years == "common" else None
    no_common = state.years == "common" and year is None
    if year is not None:
        cells = [_cell(store, indicator, p, year) for p in state.places]
    else:
        latest = store.latest_year(indicator, list(state.places))
        cells = [_cell(store, indicator, p, latest[p]) for p in state.places]
    # Within-country indicator: the best value is marked within each country, never across the border.
    values = {c.place: c.value for c in cells}
    best = set()
    for group in store.scale_groups(indicator, list(state.places)).values():
        best |= best_places({p: values[p] for p in group}, meta["direction"])
    cells = tuple(replace(c, best=c.place in best) for c in cells)
    note = (meta.get(f"comparability_{lang}") or "") if spans_border else ""
    return Row(
        id=indicator, theme=meta["theme"], name=meta.get(f"name_{lang}") or meta["name_en"], unit=meta["unit"],
        decimals=int(meta["decimals"]), direction=meta["direction"], kind=meta["kind"], comparability=note,
        cells=cells, common_year=year, no_common_year=no_common,
    )


@dataclass(frozen=True)
class Comparison:
    state: CompareState
    names: dict  # code -> name
    regions: dict  # code -> region name in the page language
    countries: dict  # code -> country code
    rows: tuple
    spans_border: bool

    def by_theme(self) -> list[tuple[str, list[Row]]]:
        themes = list(dict.fromkeys(r.theme for r in self.rows))
        return [(th, [r for r in self.rows if r.theme == th]) for th in themes]


def build_comparison(store, state: CompareState) -> Comparison:
    lang = state.lang
    countries = {p: store.place(p)["country"] for p in state.places}
    spans = len(set(countries.values())) > 1
    order = {th: i for i, th in enumerate(theme_order(store))}
    ids = sorted(store.indicator_ids(), key=lambda i: order[store.indicator(i)["theme"]])
    regions = {}
    for p in state.places:
        r = store.place(p)["region"]
        regions[p] = place_name(store.place(r), lang) if r else ""
    return Comparison(
        state=state, names={p: store.place(p)["name"] for p in state.places}, regions=regions,
        countries=countries, rows=tuple(_row(store, i, state, spans) for i in ids), spans_border=spans,
    )


def year_range(store, places, indicators=None) -> tuple[int, int] | None:
    """First and last year any compared place has data for any indicator: one x range for the
    whole grid of small multiples, so a year sits at the same spot in every panel."""
    lo = hi = None
    for ind in indicators or store.indicator_ids():
        s = store.series(ind, list(places))
        if len(s):
            a, b = int(s["year"].min()), int(s["year"].max())
            lo = a if lo is None else min(lo, a)
            hi = b if hi is None else max(hi, b)
    return None if lo is None else (lo, hi)
