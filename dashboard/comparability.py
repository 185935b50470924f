"""The one rule every view obeys: which places may share a scale for an indicator.

Each indicator has a comparability class in the catalogue (`indicators.csv`, column
`comparability_class`):

* ``comparable`` — same definition on both sides of the border: one scale for all places;
* ``caveat`` — comparable with a stated difference (shown next to the number): one scale, with the note;
* ``within_country`` — the definitions differ so much (or only one country publishes it) that a joint
  ranking would mislead: Slovenian and Austrian places are never ranked, coloured or scored on one
  scale; every view splits them by country.

Views ask `scale_groups` (or the store's `rank` / `percentile`, which use it) instead of testing the
class themselves, so the rule lives here once.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

CLASSES = ("comparable", "caveat", "within_country")
WITHIN_COUNTRY = "within_country"


def one_scale(comparability_class: str) -> bool:
    """True when Slovenian and Austrian places may be ranked and coloured together."""
    if comparability_class not in CLASSES:
        raise ValueError(f"unknown comparability class {comparability_class!r} (expected one of {CLASSES})")
    return comparability_class != WITHIN_COUNTRY


def scale_groups(comparability_class: str, places: Iterable[str],
                 country_of: Mapping[str, str]) -> dict[str | None, list[str]]:
    """The places split into groups that may share one scale, in input order.

    One group keyed ``None`` when the indicator is comparable across the border; otherwise one
    group per country code (``'SI'``, ``'AT'``), in the order the countries first appear.
    """
    places = list(places)
    if one_scale(comparability_class):
        return {None: places}
    out: dict[str | None, list[str]] = {}
    for p in places:
        out.setdefault(country_of[p], []).append(p)
    return out


# ---------------------------------------------------------------------------- coverage across the border

MIN_SHARE_PER_SIDE = 0.75   # a year counts for a side when at least 3/4 of its partners have a value
MIN_WINDOW = 10             # years: "comparable over a decade"


def partner_years(store, indicator: str) -> dict[str, list[int]]:
    """Per country, the years in which at least `MIN_SHARE_PER_SIDE` of its partner municipalities
    have a value."""
    partners = store.partners()
    cov = store.coverage(indicator, partners)
    out = {}
    for country in ("SI", "AT"):
        rows = [p for p in partners if p.startswith(country + "-")]
        if not rows or cov.empty:
            out[country] = []
            continue
        share = cov.loc[rows].mean(axis=0)
        out[country] = [int(y) for y, s in share.items() if s >= MIN_SHARE_PER_SIDE]
    return out


def common_window(years_a, years_b) -> tuple[int, int] | None:
    """The longest run of consecutive years both sides have, as (first, last)."""
    both = sorted(set(years_a) & set(years_b))
    best = None
    start = prev = None
    for y in both:
        if prev is None or y != prev + 1:
            start = y
        prev = y
        if best is None or (y - start) > (best[1] - best[0]):
            best = (start, y)
    return best


def cross_border_summary(store) -> list[dict]:
    """Per indicator: class, the partners' years per side, the common window and whether it counts
    as comparable on both sides over at least `MIN_WINDOW` years (shown on the Data page).

    The store is immutable, so the answer is computed once per store, not on every search keystroke."""
    return [dict(r) for r in _summary(store)]


@functools.lru_cache(maxsize=4)
def _summary(store) -> tuple[dict, ...]:
    out = []
    for ind in store.indicator_ids():
        cls = store.indicator(ind)["comparability_class"]
        years = partner_years(store, ind)
        window = common_window(years["SI"], years["AT"])
        length = window[1] - window[0] + 1 if window else 0
        out.append({"id": ind, "class": cls, "years": years, "window": window,
                    "counts": one_scale(cls) and length >= MIN_WINDOW})
    return tuple(out)
