"""The Explore view's one state object, and its round trip through the URL.

Every view on the page (map, ranking, time series, table, summary) reads this state; the URL is its
serialisation, so copying the address reproduces the exact view. Parsing never fails: each
parameter is either valid, missing (-> default) or invalid / outdated (-> default plus a notice the
page shows), in the spirit of OWID's grapher query-param parser.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlencode

from dashboard.components.params import QueryReader
from dashboard.components.state import Parsed, UrlState
from dashboard.i18n import DEFAULT_LANG
from dashboard.measures import index_available

LEVELS = ("municipalities", "regions")
SCOPES = ("partners", "all")
MODES = ("value", "index", "change", "difference")
REFERENCES = ("country", "region", "partners")
# What colours the map: the indicator's values, or the municipality type of the peers typology
# (`dashboard.peers.typology`, municipalities only). `colour` is left out of the address at its
# default, so every link written before it existed means what it meant.
COLOURS = ("value", "type")
MAX_SELECTED = 6
DEFAULT_INDICATOR = "population_change_rate"
# Renamed indicator ids of old links: URL migrations (dashboard/components/migrations.py), applied
# by QueryReader before this module reads a parameter.


@dataclass(frozen=True)
class ExploreState(UrlState):
    indicator: str
    year: int
    start: int
    level: str = "municipalities"
    scope: str = "partners"
    mode: str = "value"
    reference: str = "country"
    selected: tuple[str, ...] = ()
    lang: str = DEFAULT_LANG
    colour: str = "value"

    def toggle(self, place: str) -> "ExploreState":
        """Click on a place: select it, or drop it if it is already selected (at most six)."""
        if place in self.selected:
            return replace(self, selected=tuple(p for p in self.selected if p != place))
        return replace(self, selected=(*self.selected, place)[-MAX_SELECTED:])

    def pick(self, places) -> "ExploreState":
        """The place picker's value: its places in their order, each once, the last six."""
        return replace(self, selected=tuple(dict.fromkeys(places))[-MAX_SELECTED:])

    def to_query(self) -> str:
        params = {
            "lang": self.lang, "indicator": self.indicator, "year": self.year, "start": self.start,
            "level": self.level, "scope": self.scope, "mode": self.mode, "ref": self.reference,
        }
        if self.selected:
            params["sel"] = ",".join(self.selected)
        if self.colour != "value":
            params["colour"] = self.colour
        return "?" + urlencode(params, safe=",")


def parse_query(query: dict | str, store) -> Parsed[ExploreState]:
    """URL parameters -> a valid state. `query` is Dash's layout(**query) dict or a raw '?a=b' string."""
    r = QueryReader(query)
    lang = r.lang()

    ids = set(store.indicator_ids())
    indicator = r.get("indicator")
    if indicator is not None and indicator not in ids:
        r.bad("indicator", indicator)
        indicator = None
    indicator = indicator or DEFAULT_INDICATOR

    level = r.choice("level", LEVELS, "municipalities")
    scope = r.choice("scope", SCOPES, "partners")
    mode = r.choice("mode", MODES, "value")
    if mode == "index" and not index_available(store, indicator):
        r.notice("notice.index_signed", name=store.indicator(indicator)[f"name_{lang}"])
        mode = "value"
    reference = r.choice("ref", REFERENCES, "country")
    colour = r.choice("colour", COLOURS, "value")
    if colour == "type" and level == "regions":
        r.notice("typology.notice.regions")
        colour = "value"

    years = store.years(indicator)
    default_year, default_start = default_years(store, indicator)

    year = r.year("year", years, default_year)
    start = r.year("start", years, default_start)
    if start >= year:
        asked = start
        start = min((y for y in years if y < year), default=year, key=lambda y: abs(y - (year - 10)))
        if r.given("start") and start != asked:
            r.notice("notice.start_after_end", start=asked, year=year, used=start)

    selected: list[str] = []
    raw_sel = r.get("sel")
    if raw_sel:
        known = set(store.places.index)
        for code in raw_sel.split(","):
            code = code.strip()
            if code in known and code not in selected:
                selected.append(code)
            elif code:
                r.bad("sel", code)
        if len(selected) > MAX_SELECTED:
            r.notice("notice.too_many_selected", n=MAX_SELECTED)
            selected = selected[:MAX_SELECTED]

    state = ExploreState(indicator=indicator, year=year, start=start, level=level, scope=scope, mode=mode,
                         reference=reference, selected=tuple(selected), lang=lang, colour=colour)
    return Parsed(state, r.notices)


def default_years(store, indicator: str) -> tuple[int, int]:
    """The latest year most partners have, and a start about ten years earlier with data too."""
    return _default_years(store, indicator)


@lru_cache(maxsize=256)
def _default_years(store, indicator: str) -> tuple[int, int]:
    # read-only store: once per (store, indicator), not on every callback that parses a state
    years = store.years(indicator)
    partners = store.partners()
    cov = store.coverage(indicator, partners)
    counts = {int(y): int(cov[y].sum()) for y in cov.columns}
    best = max(counts.values()) if counts else 0
    if best == 0:  # indicator without partner data (regional only): latest year overall
        year = years[-1]
    else:
        year = max(y for y, n in counts.items() if n >= max(1, best - 1))
    earlier = [y for y in years if y < year and counts.get(y, 0) >= max(1, best - 1)] or [y for y in years if y < year]
    start = min(earlier, key=lambda y: abs(y - (year - 10))) if earlier else year
    return year, start


def default_state(store, indicator: str = DEFAULT_INDICATOR, lang: str = DEFAULT_LANG) -> ExploreState:
    year, start = default_years(store, indicator)
    return ExploreState(indicator=indicator, year=year, start=start, lang=lang)
