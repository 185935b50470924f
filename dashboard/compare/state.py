"""The comparison's state and its URL: two to four partner municipalities and the year mode.
Unknown codes are dropped, more than four cut, fewer than two topped up, each with a notice."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.components.params import QueryReader
from dashboard.components.state import Parsed, UrlState
from dashboard.i18n import DEFAULT_LANG
from dashboard.profile.state import match_partner

__all__ = ["MIN_PLACES", "MAX_PLACES", "DEFAULT_PLACES", "YEAR_MODES", "CompareState", "parse_query",
           "counterpart", "fix_selection", "merge_choice"]

MIN_PLACES = 2
MAX_PLACES = 4
DEFAULT_PLACES = ("SI-052", "AT-61108")  # Kranj and Leoben: one town on each side of the border
YEAR_MODES = ("common", "latest")


@dataclass(frozen=True)
class CompareState(UrlState):
    places: tuple[str, ...]
    years: str = "common"
    lang: str = DEFAULT_LANG

    def to_query(self) -> str:
        return "?" + urlencode({"lang": self.lang, "places": ",".join(self.places), "years": self.years},
                               safe=",")


def counterpart(store, place: str) -> str:
    """The partner across the border closest in population (latest year both have data): the
    natural second column when someone arrives with one place only."""
    country = store.place(place)["country"]
    others = [c for c in store.partners() if store.place(c)["country"] != country]
    if not others:
        others = [c for c in store.partners() if c != place]
    ids = store.indicator_ids()
    if "population" in ids:
        years = store.coverage("population", [place, *others])
        own_years = [int(y) for y in years.columns[years.loc[place].to_numpy()]]
        if own_years:
            year = own_years[-1]
            mine = store.value("population", place, year)
            sized = [(abs(v - mine), c) for c in others
                     if (v := store.value("population", c, year)) is not None]
            if sized:
                return min(sized)[1]
    return others[0]


def fix_selection(store, codes: list[str]) -> tuple[list[str], list[tuple[str, dict]]]:
    """Known partner codes in order, at most MAX_PLACES, topped up to MIN_PLACES; with notices."""
    notices: list[tuple[str, dict]] = []
    chosen = list(dict.fromkeys(codes))
    if len(chosen) > MAX_PLACES:
        notices.append(("compare.notice.too_many", {"n": MAX_PLACES}))
        chosen = chosen[:MAX_PLACES]
    if len(chosen) < MIN_PLACES:
        before = list(chosen)
        if not chosen:
            chosen = [p for p in DEFAULT_PLACES if p in store.partners()] or store.partners()[:MIN_PLACES]
        while len(chosen) < MIN_PLACES:
            extra = counterpart(store, chosen[0])
            if extra in chosen:
                extra = next(p for p in store.partners() if p not in chosen)
            chosen.append(extra)
        names = ", ".join(store.place(c)["name"] for c in chosen if c not in before)
        notices.append(("compare.notice.too_few", {"n": MIN_PLACES, "added": names}))
    return chosen, notices


def merge_choice(previous, picked, partners) -> tuple[list[str], bool]:
    """What the picker's new value means: known partners in the reader's order, at most four.
    When more arrive at once, the places already shown are kept first. Returns (places, trimmed)."""
    known = set(partners)
    picked = [p for p in dict.fromkeys(picked or []) if p in known]
    keep = [p for p in previous if p in picked] + [p for p in picked if p not in previous]
    keep = set(keep[:MAX_PLACES])
    return [p for p in picked if p in keep], len(picked) > MAX_PLACES


def parse_query(query: dict | str, store) -> Parsed[CompareState]:
    """URL parameters -> a valid state: unknown codes are dropped, more than four cut, fewer than
    two topped up (each with a notice). No `places` at all is the default pair, silently."""
    r = QueryReader(query)
    notices = r.notices
    lang = r.lang()
    years = r.get("years")
    if years is not None and years not in YEAR_MODES:
        notices.append(("notice.bad_param", {"param": "years", "value": years}))
        years = None
    raw = r.get("places")
    if raw is None:
        places = [p for p in DEFAULT_PLACES if p in store.partners()] or store.partners()[:MIN_PLACES]
        return Parsed(CompareState(tuple(places), years or "common", lang), notices)
    codes = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        found = match_partner(store, part)
        if found is None:
            notices.append(("compare.notice.unknown", {"value": part}))
        else:
            codes.append(found)
    places, more = fix_selection(store, codes)
    return Parsed(CompareState(tuple(places), years or "common", lang), notices + more)
