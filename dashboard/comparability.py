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
