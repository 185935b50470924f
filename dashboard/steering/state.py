"""The steering view's state and its round trip through the URL (as on Explore): the chosen
indicators, level, measure, period, sort and view. Parsing never fails: an unusable value falls
back to its default and leaves a notice for the page. No Dash import.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.components.params import QueryReader
from dashboard.components.state import Parsed, UrlState
from dashboard.i18n import DEFAULT_LANG

__all__ = [
    "LEVELS", "MEASURES", "VIEWS", "ORDERS", "SORT_NAME", "DEFAULT_INDICATORS", "MAX_INDICATORS",
    "SteeringState", "parse_query", "apply_controls", "click_sort", "best_first_order", "year_span",
]

LEVELS = ("municipalities", "regions")
MEASURES = ("level", "change")
VIEWS = ("matrix", "crossborder")
ORDERS = ("desc", "asc")
SORT_NAME = "name"
DEFAULT_INDICATORS = (
    "population_change_rate", "net_migration_rate", "ageing_index", "employment_rate",
    "unemployment_rate", "tertiary_share", "enterprises_per_1000",
)
MAX_INDICATORS = 10


@dataclass(frozen=True)
class SteeringState(UrlState):
    indicators: tuple[str, ...] = DEFAULT_INDICATORS
    level: str = "municipalities"
    measure: str = "level"
    start: int | None = None   # None: chosen from the data (see default_start)
    end: int | None = None     # None: latest year per indicator
    sort: str | None = None    # None: grouped by region; "name" or an indicator id
    order: str | None = None   # "desc" / "asc"; None exactly when sort is None
    view: str = "matrix"
    lang: str = DEFAULT_LANG
    places: str = "all"        # rows: "all", "SI"/"AT", a region code, or a comma list of partner codes

    def to_query(self) -> str:
        params = {"lang": self.lang, "ind": ",".join(self.indicators), "level": self.level,
                  "measure": self.measure}
        if self.places != "all":
            params["places"] = self.places
        if self.start is not None:
            params["start"] = self.start
        if self.end is not None:
            params["end"] = self.end
        if self.sort is not None:
            params["sort"] = self.sort
            params["order"] = self.order or "desc"
        params["view"] = self.view
        return "?" + urlencode(params, safe=",")

    @classmethod
    def _settle(cls, state, parsed):
        """No indicator chosen (every one removed in the control) is an empty matrix; its address
        `ind=` means the defaults. Such a state is kept, the rest must be what the URL gives."""
        if (not state.indicators and state.sort in (None, SORT_NAME)
                and state.with_(indicators=parsed.indicators) == parsed):
            return state
        return None


def year_span(store, indicators: Iterable[str]) -> list[int]:
    """Every year from the first to the last of any of the indicators (the year controls' range)."""
    years = [y for i in indicators for y in store.years(i)]
    return list(range(min(years), max(years) + 1)) if years else []


def best_first_order(store, sort: str | None) -> str | None:
    """The order a header click starts with: best first (highest first for neutral, A-Z for names)."""
    if sort is None:
        return None
    if sort == SORT_NAME:
        return "asc"
    return "asc" if store.indicator(sort)["direction"] == "lower_better" else "desc"


def parse_query(query: dict | str, store) -> Parsed[SteeringState]:
    """URL parameters -> a valid state; never fails. Each unusable value falls back to its default
    and leaves a notice (key, args) for the page to show in the reader's language."""
    r = QueryReader(query)
    notices = r.notices

    bad = r.bad

    lang = r.lang()

    known = set(store.indicator_ids())
    chosen: list[str] = []
    raw = r.get("ind")  # renamed ids are already migrated (dashboard/components/migrations.py)
    if raw is not None:
        for item in raw.split(","):
            item = item.strip()
            if not item:
                continue
            if item not in known:
                notices.append(("steering.notice.bad_indicator", {"value": item[:40]}))
            elif item not in chosen:
                chosen.append(item)
    if len(chosen) > MAX_INDICATORS:
        notices.append(("steering.notice.too_many", {"n": MAX_INDICATORS}))
        chosen = chosen[:MAX_INDICATORS]
    indicators = tuple(chosen) or tuple(i for i in DEFAULT_INDICATORS if i in known)

    choice = functools.partial(r.choice, fold_case=True)

    level = choice("level", LEVELS, "municipalities")
    measure = choice("measure", MEASURES, "level")
    view = choice("view", VIEWS, "matrix")

    span = year_span(store, indicators)  # every year from the first to the last: a range
    start, end = r.year("start", span), r.year("end", span)
    if start is not None and end is not None and start >= end:
        notices.append(("steering.notice.bad_period", {"start": start, "end": end}))
        start = None

    sort = r.get("sort")
    if sort is not None and sort != SORT_NAME and sort not in indicators:
        bad("sort", sort)
        sort = None
    order = None
    if sort is not None:
        raw_order = r.get("order")
        if raw_order is not None and raw_order.lower() not in ORDERS:
            bad("order", raw_order)
            raw_order = None
        order = raw_order.lower() if raw_order else best_first_order(store, sort)

    places = parse_places(r.get("places"), store, bad)
    state = SteeringState(indicators=indicators, level=level, measure=measure, start=start, end=end,
                          sort=sort, order=order, view=view, lang=lang, places=places)
    return Parsed(state, notices)


PLACE_SETS = ("all", "SI", "AT")  # besides a region code or a list of partner codes


def parse_places(raw, store, bad=None) -> str:
    """A place set from the URL or the control: "all", a country, a region with partners, or a
    list of partner codes (kept in the partners' order); anything else is "all" (with a notice
    through `bad` for the URL)."""
    if raw is None or raw == "":
        return "all"
    raw = str(raw).strip()
    partners = store.partners()
    regions = {store.place(p)["region"] for p in partners}
    if raw in PLACE_SETS or raw in regions:
        return raw
    if raw.upper() in ("SI", "AT", "ALL"):
        return raw.upper() if raw.upper() != "ALL" else "all"
    items = [i.strip() for i in raw.split(",")[:64] if i.strip()]
    known = [p for p in partners if p in set(items)]
    unknown = [i for i in items if i not in set(partners)]
    if unknown and bad is not None:
        bad("places", ",".join(unknown)[:40])
    if not known:
        return "all"
    if len(known) == len(partners):
        return "all"
    return ",".join(known)


def apply_controls(state: SteeringState, store, *, indicators=None, level=None, measure=None,
                   start=None, end=None, sort=None, order=None, view=None, places=None) -> SteeringState:
    """The state after the controls changed; values the controls cannot produce are ignored.

    `sort` is the sort control's value ("region" = grouped); `start`/`end` None mean automatic.
    """
    known = set(store.indicator_ids())
    inds = tuple(dict.fromkeys(i for i in (indicators or ()) if i in known))[:MAX_INDICATORS]
    new = state.with_(indicators=inds)
    if level in LEVELS:
        new = new.with_(level=level)
    if measure in MEASURES:
        new = new.with_(measure=measure)
    if view in VIEWS:
        new = new.with_(view=view)
    if places is not None:
        if isinstance(places, (list, tuple)):
            places = ",".join(str(p) for p in places)
        new = new.with_(places=parse_places(places, store))
    new = new.with_(start=_int_or_none(start), end=_int_or_none(end))
    if new.start is not None and new.end is not None and new.start >= new.end:
        new = new.with_(start=None)
    if sort in (None, "", "region"):
        new = new.with_(sort=None, order=None)
    elif sort == SORT_NAME or sort in new.indicators:
        if sort != state.sort:
            new = new.with_(sort=sort, order=best_first_order(store, sort))
        else:
            new = new.with_(sort=sort, order=order if order in ORDERS else (state.order or "desc"))
    else:  # the sorted column was removed
        new = new.with_(sort=None, order=None)
    return new


def click_sort(state: SteeringState, column: str, store) -> SteeringState:
    """A click on a column header: sort by it best first; a second click reverses the order."""
    if column != SORT_NAME and column not in state.indicators:
        return state
    if state.sort == column:
        return state.with_(order="asc" if state.order == "desc" else "desc")
    return state.with_(sort=column, order=best_first_order(store, column))


def _int_or_none(v) -> int | None:
    try:
        return None if v in (None, "") else int(v)
    except (TypeError, ValueError):
        return None

