"""The peers view's state and its URL: one municipality (partner or context), the indicators (a
preset or an explicit list), k, which country the peers may come from, the scope and the year
window. Bad values fall back to the default with a notice, as on every page."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.comparability import one_scale
from dashboard.components.params import QueryReader
from dashboard.components.state import Parsed, UrlState
from dashboard.components.text import fold
from dashboard.i18n import DEFAULT_LANG

__all__ = ["DEFAULT_PLACE", "PRESETS", "DEFAULT_PRESET", "CUSTOM", "COUNTRY_FILTERS", "SCOPES", "K_DEFAULT",
           "K_MIN", "K_MAX", "SPAN_DEFAULT", "SPAN_MIN", "SPAN_MAX", "PeersState", "parse_query",
           "peer_indicator_ids", "preset_indicators", "match_place", "municipalities"]

DEFAULT_PLACE = "SI-052"      # Kranj
# Presets by theme; "all_comparable": every indicator on one scale across the border.
PRESET_THEMES = {
    "labour": ("labour", "education"),
    "demography": ("population",),
    "economy": ("economy", "tourism", "housing", "finance"),
}
PRESETS = ("all_comparable", "labour", "demography", "economy")
DEFAULT_PRESET = "all_comparable"
CUSTOM = "custom"             # the indicators listed in the address (`ind=`)
COUNTRY_FILTERS = ("both", "same", "other")
SCOPES = ("all", "partners")
K_DEFAULT, K_MIN, K_MAX = 8, 1, 20
SPAN_DEFAULT, SPAN_MIN, SPAN_MAX = 5, 1, 15   # years in the window, ending in the indicator's latest year
MIN_MUNICIPALITIES = 3        # an indicator needs municipal values for at least this many places


@dataclass(frozen=True)
class PeersState(UrlState):
    place: str = DEFAULT_PLACE
    preset: str = DEFAULT_PRESET
    indicators: tuple[str, ...] = ()   # only with preset == "custom"
    k: int = K_DEFAULT
    country: str = "both"
    scope: str = "all"
    span: int = SPAN_DEFAULT
    end: int | None = None             # None: each indicator's latest year
    lang: str = DEFAULT_LANG

    def to_query(self) -> str:
        q = {"lang": self.lang, "place": self.place}
        if self.preset == CUSTOM:
            q["ind"] = ",".join(self.indicators)
        else:
            q["preset"] = self.preset
        q.update(k=self.k, country=self.country, scope=self.scope, span=self.span)
        if self.end is not None:
            q["end"] = self.end
        return "?" + urlencode(q, safe=",")


def municipalities(store) -> list[str]:
    return store.place_codes(level="municipality")


@functools.lru_cache(maxsize=8)
def _peer_ids(store) -> tuple[str, ...]:
    munis = municipalities(store)
    out = []
    for ind in store.indicator_ids():
        latest = store.latest_year(ind, munis)
        if sum(1 for y in latest.values() if y is not None) >= MIN_MUNICIPALITIES:
            out.append(ind)
    return tuple(out)


def peer_indicator_ids(store) -> list[str]:
    """Indicators with municipal data (at least MIN_MUNICIPALITIES places), in catalogue order."""
    return list(_peer_ids(store))


def preset_indicators(store, preset: str) -> list[str]:
    ids = peer_indicator_ids(store)
    if preset == "all_comparable":
        return [i for i in ids if one_scale(store.indicator(i)["comparability_class"])]
    themes = PRESET_THEMES[preset]
    return [i for i in ids if store.indicator(i)["theme"] in themes]


def match_place(store, raw: str) -> str | None:
    """Any municipality: its code in any case, or its name without diacritics when unique."""
    munis = municipalities(store)
    by_code = {c.casefold(): c for c in munis}
    if raw.casefold() in by_code:
        return by_code[raw.casefold()]
    hits = [c for c in munis if fold(store.place(c)["name"]) == fold(raw)]
    return hits[0] if len(hits) == 1 else None


def _int(r: QueryReader, param: str, lo: int, hi: int, default: int) -> int:
    v = r.get(param)
    if v is None:
        return default
    try:
        n = int(v)
    except ValueError:
        r.bad(param, v)
        return default
    if not lo <= n <= hi:
        r.notice("peers.notice.range", param=param, value=n, lo=lo, hi=hi)
        return min(max(n, lo), hi)
    return n


def parse_query(query: dict | str, store) -> Parsed[PeersState]:
    """URL parameters -> a valid state: an unknown place or indicator, a preset, filter or scope
    not offered, k or span out of range, a year without data each become the default (or the
    nearest allowed value) with a notice."""
    r = QueryReader(query)
    lang = r.lang()
    place = DEFAULT_PLACE if DEFAULT_PLACE in municipalities(store) else municipalities(store)[0]
    raw = r.get("place")
    if raw is not None:
        found = match_place(store, raw[:80])
        if found is None:
            r.notice("peers.notice.bad_place", value=raw, name=store.place(place)["name"])
        else:
            place = found
    preset = DEFAULT_PRESET
    indicators: tuple[str, ...] = ()
    allowed = peer_indicator_ids(store)
    raw_ind = r.get("ind")
    if raw_ind is not None:
        parts = [p.strip() for p in raw_ind.split(",") if p.strip()][: 2 * len(allowed) + 5]
        known = []
        for p in parts:
            if p in allowed:
                known.append(p)
            else:
                r.notice("peers.notice.bad_indicator", value=p)
        known = list(dict.fromkeys(known))[: len(allowed)]
        if known:
            preset, indicators = CUSTOM, tuple(known)
        else:
            r.notice("peers.notice.no_indicators")
    if preset != CUSTOM:
        preset = r.choice("preset", PRESETS, DEFAULT_PRESET)
    k = _int(r, "k", K_MIN, K_MAX, K_DEFAULT)
    country = r.choice("country", COUNTRY_FILTERS, "both")
    scope = r.choice("scope", SCOPES, "all")
    span = _int(r, "span", SPAN_MIN, SPAN_MAX, SPAN_DEFAULT)
    years = sorted({y for i in allowed for y in store.years(i)})
    end = r.year("end", years, None)
    return Parsed(PeersState(place=place, preset=preset, indicators=indicators, k=k, country=country,
                             scope=scope, span=span, end=end, lang=lang), r.notices)
