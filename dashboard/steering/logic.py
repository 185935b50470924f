"""The steering matrix as plain data: column years, standing, sorting and the cross-border
aggregates of a `SteeringState` (state.py); its CSV is export.py, its colours figures/palette.py.
No Dash import.

Rules a reader of the matrix relies on (and the tests pin down):

* A column is one indicator in one year (level) or over one period (change), the same for every
  row, so a rank compares like with like. The year is the latest one (up to the requested `end`)
  in which nearly all rows with data in that indicator have data (`COVERAGE_SHARE` of the best
  year); when that is not the requested year the header says so, it is never silent.
* Standing is the rank among the rows with data in the column, direction-aware (1 = best; for
  neutral indicators 1 = highest value). Its colour class is the fifth of the column the row
  falls in, from the share of the others it does better than (ties count half), so tied rows
  share a colour and a lone value gets no standing colour at all.
* A within-country indicator (dashboard/comparability.py) is ranked and coloured within each
  country: a Slovenian row's colour says how it stands among the Slovenian rows only.
* Missing is missing: a row without a value has no rank, no colour class and sorts last.
* On the regions level Styria and the two countries are reference rows: shown, never ranked.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

import pandas as pd

from dashboard import comparability, measures
from dashboard.components.text import fold
from dashboard.explore.logic import place_table
from dashboard.missing import missing_reason

from .state import SORT_NAME, SteeringState, best_first_order

__all__ = [
    "REGION_ORDER", "REFERENCE_CODES", "COVERAGE_SHARE", "Standing", "Column", "Matrix", "Side",
    "CrossBorderPanel", "end_year", "start_year", "default_start", "standing", "quintile",
    "ranked_rows", "reference_rows", "place_set", "sort_rows", "build_matrix", "crossborder", "change_unit",
]

REGION_ORDER = ("SI042", "SI032", "AT223", "AT224")
REFERENCE_CODES = ("AT22", "SI", "AT")  # regions level: shown for reference, not ranked
COVERAGE_SHARE = 0.9


# --------------------------------------------------------------------------- column years


def _coverage(store, indicator: str, rows: Sequence[str]) -> pd.DataFrame:
    return store.coverage(indicator, list(rows))


def end_year(counts: dict[int, int], end: int | None = None) -> int | None:
    """The latest year (up to `end`) in which nearly all rows that ever have data have it.

    `counts` is rows-with-data per year. A year where only one side of the border has data is
    passed over when an earlier year has both (that is what "nearly all" is for).
    """
    years = [y for y, n in counts.items() if n and (end is None or y <= end)]
    if not years:
        return None
    need = math.ceil(COVERAGE_SHARE * max(counts[y] for y in years))
    return max(y for y in years if counts[y] >= need)


def _start_candidates(cov: pd.DataFrame, end: int) -> list[int]:
    if end not in cov.columns:
        return []
    pairs = {int(y): int((cov[y] & cov[end]).sum()) for y in cov.columns if y < end}
    pairs = {y: n for y, n in pairs.items() if n}
    if not pairs:
        return []
    need = math.ceil(COVERAGE_SHARE * max(pairs.values()))
    return sorted(y for y, n in pairs.items() if n >= need)


def start_year(cov: pd.DataFrame, end: int | None, start: int | None) -> int | None:
    """The period's start for one column: `start` if nearly all rows have both ends, else the
    nearest such year after it (the period shrinks inside the request), else the nearest before."""
    if end is None:
        return None
    ok = _start_candidates(cov, end)
    if not ok:
        return None
    if start is None or start in ok:
        return start if start is not None else ok[0]
    later = [y for y in ok if y > start]
    return later[0] if later else [y for y in ok if y < start][-1]


def _counts(cov: pd.DataFrame) -> dict[int, int]:
    return {int(y): int(cov[y].sum()) for y in cov.columns}


def _resolve(store, indicator: str, rows: Sequence[str], fallback: Sequence[str], end: int | None):
    """(coverage frame, end year) from the ranked rows, or from `fallback` when none has data."""
    cov = _coverage(store, indicator, rows)
    counts = _counts(cov)
    if not any(counts.values()) and fallback:
        cov = _coverage(store, indicator, fallback)
        counts = _counts(cov)
    return cov, end_year(counts, end)


def default_start(store, indicators: Sequence[str], rows: Sequence[str], fallback: Sequence[str] = (),
                  end: int | None = None, span: int = 10) -> int | None:
    """A common start for the change measure: per column the year nearest to `span` years before
    its end from which nearly all rows have both ends, then the (upper) median over the columns,
    so most columns share one period of about ten years."""
    picks = []
    for ind in indicators:
        cov, e = _resolve(store, ind, rows, fallback, end)
        if e is None:
            continue
        ok = _start_candidates(cov, e)
        if ok:
            picks.append(min(ok, key=lambda y: (abs(y - (e - span)), y)))
    if not picks:
        return None
    picks.sort()
    return picks[len(picks) // 2]


change_unit = measures.change_unit  # a change of a percentage is in percentage points (one rule for all views)


# --------------------------------------------------------------------------- standing


@dataclass(frozen=True)
class Standing:
    rank: int                  # 1 = best (neutral: highest); ties share the smaller rank
    n: int                     # rows with data in the column
    percentile: float | None   # share of the others this row does better than, 0..100 (ties half)
    quintile: int | None       # 1 = bottom fifth .. 5 = top fifth; None when alone in the column


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def quintile(percentile: float | None) -> int | None:
    if percentile is None:
        return None
    return min(5, 1 + int(percentile // 20))


def standing(values: Sequence, direction: str) -> list[Standing | None]:
    """Per value its standing among the values present (None stays None: no rank, no colour).

    higher_better / neutral: the highest value ranks 1; lower_better: the lowest ranks 1.
    """
    sign = -1.0 if direction == "lower_better" else 1.0
    scores = [None if _missing(v) else sign * float(v) for v in values]
    present = [s for s in scores if s is not None]
    n = len(present)
    out: list[Standing | None] = []
    for s in scores:
        if s is None:
            out.append(None)
            continue
        better = sum(1 for o in present if o > s)
        worse = sum(1 for o in present if o < s)
        equal = n - better - worse - 1
        pct = 100.0 * (worse + 0.5 * equal) / (n - 1) if n > 1 else None
        out.append(Standing(rank=better + 1, n=n, percentile=pct, quintile=quintile(pct)))
    return out


# --------------------------------------------------------------------------- the matrix


@dataclass(frozen=True)
class Column:
    indicator: str
    meta: dict
    measure: str
    year: int | None                 # level: the year shown; change: the end of the period
    start: int | None                # change: the start of the period
    requested_end: int | None
    requested_start: int | None
    values: dict[str, float | None]  # every row, reference and comparison place
    start_values: dict[str, float | None]
    end_values: dict[str, float | None]
    flags: dict[str, str]
    sources: dict[str, str]
    standing: dict[str, Standing | None]  # ranked rows only
    latest: dict[str, int | None]    # rows without a value: their latest year with data
    breaks: dict = field(default_factory=dict)  # change: place -> year of a break in series in the period

    @property
    def direction(self) -> str:
        return self.meta["direction"]

    @property
    def decimals(self) -> int:
        return int(self.meta["decimals"])

    @property
    def unit(self) -> str:
        return change_unit(self.meta["unit"]) if self.measure == "change" else self.meta["unit"]

    @property
    def empty(self) -> bool:
        return self.year is None or (self.measure == "change" and self.start is None)

    @property
    def year_differs(self) -> bool:
        """The column shows another year (or period) than was asked for: the header must say so."""
        if self.empty:
            return False
        if self.requested_end is not None and self.year != self.requested_end:
            return True
        return self.measure == "change" and self.requested_start is not None and self.start != self.requested_start

    @property
    def one_scale(self) -> bool:
        """False for a within-country indicator: standing and colours are within each country."""
        return comparability.one_scale(self.meta.get("comparability_class", "comparable"))

    def comparability(self, lang: str) -> str:
        return self.meta.get(f"comparability_{lang}") or ""


@dataclass(frozen=True)
class Matrix:
    state: SteeringState
    rows: tuple[str, ...]             # ranked rows, in display order
    references: tuple[str, ...]       # reference rows (regions level), not ranked, shown last
    columns: tuple[Column, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (group code, rows) when not sorted; () when sorted
    start: int | None                 # the common start of the change period (before per-column fixes)
    order: str | None                 # the effective sort order

    def column(self, indicator: str) -> Column:
        return next(c for c in self.columns if c.indicator == indicator)


def ranked_rows(store, level: str) -> list[str]:
    if level == "regions":
        return [r for r in REGION_ORDER if r in store.places.index]
    return store.partners()


def place_set(store, state: SteeringState) -> list[str] | None:
    """The partner municipalities the state's place set keeps (None: all rows). `places` is "all",
    a country ("SI", "AT"), a region code (its partners) or a comma list of partner codes."""
    if state.level != "municipalities" or state.places in ("", "all"):
        return None
    partners = store.partners()
    if state.places in ("SI", "AT"):
        return [p for p in partners if store.place(p)["country"] == state.places]
    if state.places in REGION_ORDER:
        return [p for p in partners if store.place(p)["region"] == state.places]
    wanted = set(state.places.split(","))
    return [p for p in partners if p in wanted]


def reference_rows(store, level: str) -> list[str]:
    if level == "regions":
        return [c for c in REFERENCE_CODES if c in store.places.index]
    return []


def _comparison_codes(store) -> list[str]:
    """Places a cell's hover compares with: the regions, Styria and the countries."""
    codes = set(store.places.index)
    return [c for c in (*REGION_ORDER, *REFERENCE_CODES) if c in codes]


def _num(v) -> float | None:
    return None if _missing(v) else float(v)


def _column(store, state: SteeringState, indicator: str, rows: list[str], refs: list[str],
            common_start: int | None, fallback: Sequence[str] = ()) -> Column:
    meta = store.indicator(indicator)
    codes = list(dict.fromkeys([*rows, *refs, *_comparison_codes(store)]))
    cov, year = _resolve(store, indicator, rows, fallback or refs, state.end)
    start = start_year(cov, year, common_start) if state.measure == "change" else None
    values: dict[str, float | None] = dict.fromkeys(codes)
    start_values: dict[str, float | None] = dict.fromkeys(codes)
    end_values: dict[str, float | None] = dict.fromkeys(codes)
    flags = dict.fromkeys(codes, "")
    sources = dict.fromkeys(codes, "")
    if year is not None:
        cs = store.cross_section(indicator, year, codes)
        for c in codes:
            end_values[c] = _num(cs.at[c, "value"])
            flags[c] = str(cs.at[c, "flags"])
            sources[c] = str(cs.at[c, "source"])
        if state.measure == "level":
            values = dict(end_values)
        elif start is not None:
            cs0 = store.cross_section(indicator, start, codes)
            for c in codes:
                start_values[c] = _num(cs0.at[c, "value"])
                a, b = start_values[c], end_values[c]
                values[c] = None if a is None or b is None else b - a
                f0, s0 = str(cs0.at[c, "flags"]), str(cs0.at[c, "source"])
                flags[c] = "".join(dict.fromkeys(f0 + flags[c]))
                if s0 and s0 != sources[c]:
                    sources[c] = f"{s0}; {sources[c]}" if sources[c] else s0
    breaks = {}
    if state.measure == "change" and year is not None and start is not None:
        # a change across a break in series compares two different measurements: not shown
        breaks = measures.breaks_within(store, indicator, codes, start, year)
        for c in breaks:
            values[c] = None
    # A within-country indicator is ranked and coloured within each country, never on one scale.
    ranked: dict[str, Standing | None] = {}
    for group in store.scale_groups(indicator, rows).values():
        ranked.update(zip(group, standing([values[r] for r in group], meta["direction"])))
    missing_rows = [c for c in (*rows, *refs) if values[c] is None]
    latest = store.latest_year(indicator, missing_rows) if missing_rows else {}
    return Column(indicator=indicator, meta=meta, measure=state.measure, year=year, start=start,
                  requested_end=state.end, requested_start=common_start if state.measure == "change" else None,
                  values=values, start_values=start_values, end_values=end_values, flags=flags,
                  sources=sources, standing={r: ranked.get(r) for r in rows}, latest=latest, breaks=breaks)


def sort_rows(rows: Sequence[str], values: dict, order: str, names: dict[str, str]) -> list[str]:
    """Rows by value (order "desc": highest first), rows without a value last in either order,
    equal values by name (so the order never depends on the input order)."""
    have = [r for r in rows if not _missing(values.get(r))]
    none = [r for r in rows if _missing(values.get(r))]
    have.sort(key=lambda r: fold(names.get(r, r)))
    have.sort(key=lambda r: float(values[r]), reverse=order == "desc")
    none.sort(key=lambda r: fold(names.get(r, r)))
    return have + none


def _groups(store, level: str, rows: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    key = "country" if level == "regions" else "region"
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(store.place(r)[key], []).append(r)
    return tuple((g, tuple(rs)) for g, rs in out.items())


def build_matrix(store, state: SteeringState) -> Matrix:
    """The matrix a state asks for: rows, columns with values and standing, display order."""
    rows = ranked_rows(store, state.level)
    refs = reference_rows(store, state.level)
    common = state.start
    if state.measure == "change" and common is None:
        common = default_start(store, state.indicators, rows, refs, state.end)
    columns = tuple(_column(store, state, ind, rows, refs, common) for ind in state.indicators)
    lang = state.lang
    names = {r: store.place(r)[f"name_{lang}"] for r in (*rows, *refs)}
    order = state.order or best_first_order(store, state.sort)
    if state.sort == SORT_NAME:
        shown = sorted(rows, key=lambda r: fold(names[r]), reverse=order == "desc")
        groups: tuple = ()
    elif state.sort in state.indicators:
        col = next(c for c in columns if c.indicator == state.sort)
        shown = sort_rows(rows, col.values, order, names)
        groups = ()
    else:
        shown, order = list(rows), None
        groups = _groups(store, state.level, rows)
    # a place set (one region's partners, one country's, a hand-picked list): the rows shown and
    # exported; standing stays among all 16, so a colour means the same as in the full matrix
    chosen = place_set(store, state)
    if chosen is not None:
        keep = set(chosen)
        shown = [r for r in shown if r in keep]
        groups = tuple((g, tuple(r for r in members if r in keep)) for g, members in groups
                       if any(r in keep for r in members))
    return Matrix(state=state, rows=tuple(shown), references=tuple(refs), columns=columns, groups=groups,
                  start=common if state.measure == "change" else None, order=order)


# --------------------------------------------------------------------------- cross-border


@dataclass(frozen=True)
class Side:
    country: str
    values: dict[str, float | None]   # the partner municipalities of this side
    n: int                            # with a value
    median: float | None
    mean: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class CrossBorderPanel:
    column: Column                    # the year / period and every value
    sides: tuple[Side, Side]          # Slovenian partners, Austrian partners
    regions: dict[str, float | None]  # the four NUTS 3 regions in the column's year / period

    @property
    def gap(self) -> float | None:
        """Median of the Slovenian partners minus median of the Austrian ones; none for a
        within-country indicator (the two medians measure different things)."""
        if not self.column.one_scale:
            return None
        a, b = self.sides[0].median, self.sides[1].median
        return None if a is None or b is None else a - b


def _side(country: str, codes: Sequence[str], values: dict) -> Side:
    vals = {c: values.get(c) for c in codes}
    present = [v for v in vals.values() if v is not None]
    if not present:
        return Side(country, vals, 0, None, None, None, None)
    return Side(country, vals, len(present), float(median(present)), sum(present) / len(present),
                min(present), max(present))


def crossborder(store, state: SteeringState) -> list[CrossBorderPanel]:
    """Per chosen indicator: the 8 Slovenian vs the 8 Austrian partners (median, range, n) and the
    four regions, all in the year (or over the period) the partners' column uses."""
    partners = store.partners()
    regions = [r for r in REGION_ORDER if r in store.places.index]
    munis = state.with_(level="municipalities")
    common = state.start
    if state.measure == "change" and common is None:
        common = default_start(store, state.indicators, partners, regions, state.end)
    panels = []
    for ind in state.indicators:
        col = _column(store, munis, ind, partners, [], common, fallback=regions)
        si = [p for p in partners if store.place(p)["country"] == "SI"]
        at = [p for p in partners if store.place(p)["country"] == "AT"]
        panels.append(CrossBorderPanel(column=col, sides=(_side("SI", si, col.values), _side("AT", at, col.values)),
                                       regions={r: col.values.get(r) for r in regions}))
    return panels


# --------------------------------------------------------------------------- figure inputs
# The store reads the steering figures need, as plain data (the figures never take the store).


def missing_reasons(store, matrix) -> dict[str, dict[str, dict]]:
    """indicator -> place -> reason, for every cell of the matrix without a value (and no break)."""
    codes = [*matrix.rows, *matrix.references]
    out: dict[str, dict[str, dict]] = {}
    for col in matrix.columns:
        if col.empty:
            continue
        missing = [c for c in codes if col.values.get(c) is None and c not in col.breaks]
        if missing:
            out[col.indicator] = {c: missing_reason(store, col.indicator, c, col.year) for c in missing}
    return out


def figure_inputs(store, matrix) -> dict:
    """place_info and reasons for `figures.steering.table_model` / `matrix_figure` / `cell_tooltip`."""
    return {"place_info": place_table(store, lang=matrix.state.lang), "reasons": missing_reasons(store, matrix)}


def crossborder_inputs(store, lang: str) -> dict:
    """place_info and partners for `figures.steering.crossborder_figure`."""
    return {"place_info": place_table(store, lang=lang), "partners": store.partners()}
