"""Kinds of "no data", and values too old to read as current: one rule for every view.

**Kinds of missing** (`missing_kind`), decided from the store, at the place's own level
(a municipality is compared with the municipalities of its country, a region with the regions):

* ``not_published`` — no place of that level in the place's country has any value for the
  indicator, in any year: the publisher does not publish it there (e.g. gross earnings for
  Austrian municipalities). Nothing a reader can wait for.
* ``not_published_year`` — the country has the indicator, but no place of that level has a value
  for the year asked: not (yet) published for that year.
* ``missing`` — other places of the country have a value, this one not (e.g. a merged
  municipality whose former territory had other boundaries).

**Stale** (`is_stale`): a value is old when its year lies more than `STALE_YEARS` (3) years before
the newest year *any* place has for that indicator (2019 is old when the newest data are for
2023; 2020 is not). Measured against the data, not the calendar: statistics are published one to
two years late, and an indicator nobody has updated since 2014 makes every value of it old.
"""
from __future__ import annotations

import functools

import numpy as np

from dashboard.i18n import t

__all__ = ["STALE_YEARS", "KINDS", "latest_any", "is_stale", "stale_label", "stale_title", "missing_kind",
           "missing_reason", "missing_text", "reason_text", "year_label"]

STALE_YEARS = 3
KINDS = ("not_published", "not_published_year", "missing", "break")


def latest_any(store, indicator: str) -> int | None:
    """The newest year any place has a value for."""
    years = store.years(indicator)
    return int(years[-1]) if years else None


def is_stale(store, indicator: str, year) -> bool:
    if year is None or (isinstance(year, float) and np.isnan(year)):
        return False
    last = latest_any(store, indicator)
    return last is not None and last - int(year) > STALE_YEARS


def stale_label(lang: str | None) -> str:
    """The short mark after an old year: "2016 · old"."""
    return t("stale.label", lang)


def stale_title(store, indicator: str, lang: str | None) -> str:
    """The tooltip of the mark: what "old" means here."""
    return t("stale.title", lang, n=STALE_YEARS, latest=latest_any(store, indicator))


def year_label(store, indicator: str, year, lang: str | None) -> str:
    """A year as text, with the stale mark when it is old ("2016 · old")."""
    if year is None:
        return ""
    text = str(int(year))
    if is_stale(store, indicator, year):
        text += " \u00b7 " + stale_label(lang)
    return text


@functools.lru_cache(maxsize=512)
def _published(store, indicator: str, country: str, level: str | None) -> frozenset:
    """The years in which any place of `country` (at `level`; None: any level) has a value."""
    cov = store.coverage(indicator, store.place_codes(level=level, country=country))
    if cov.empty:
        return frozenset()
    has = cov.to_numpy().any(axis=0)
    return frozenset(int(y) for y, h in zip(cov.columns, has) if h)


def missing_kind(store, indicator: str, place: str, year=None) -> str:
    """Why the place has no value (in `year`, or at all when `year` is None); see the module doc.
    Only meaningful for a place without a value; returns one of `KINDS` except "break"."""
    info = store.place(place)
    years = _published(store, indicator, info["country"], info["level"])
    if not years:
        return "not_published"
    if year is not None and int(year) not in years:
        return "not_published_year"
    return "missing"


def missing_reason(store, indicator: str, place: str, year=None, *, break_year=None) -> dict:
    """Machine-readable: {kind, country, year, latest, break_year} for a place without a value."""
    info = store.place(place)
    if break_year is not None:
        kind = "break"
    else:
        kind = missing_kind(store, indicator, place, year)
    latest = store.latest_year(indicator, [place]).get(place) if kind != "not_published" else None
    # a municipality where the country publishes the indicator for regions only (e.g. GDP)
    regional_only = (kind == "not_published" and info["level"] == "municipality"
                     and bool(_published(store, indicator, info["country"], None)))
    return {"kind": kind, "country": info["country"], "year": year, "latest": latest, "break_year": break_year,
            "regional_only": regional_only}


def missing_text(store, indicator: str, place: str, lang: str | None, year=None, *, break_year=None,
                 latest: bool = True) -> str:
    """"no data: not published for Austria", "no data for this place (latest: 2019)", ..."""
    r = missing_reason(store, indicator, place, year, break_year=break_year)
    if r["latest"] is not None:
        r["latest_label"] = year_label(store, indicator, r["latest"], lang)
    return reason_text(r, lang, latest=latest)


def reason_text(r: dict, lang: str | None, latest: bool = True) -> str:
    kind = r["kind"]
    if kind == "break":
        return t("missing.break", lang, year=r["break_year"])
    if kind == "not_published":
        if r.get("regional_only"):
            return t(f"missing.not_published_municipal.{r['country']}", lang)
        return t(f"missing.not_published.{r['country']}", lang)
    if kind == "not_published_year":
        return t(f"missing.not_published_year.{r['country']}", lang, year=r["year"])
    if latest and r.get("latest") is not None:
        return t("missing.place_latest", lang, year=r.get("latest_label") or r["latest"])
    return t("missing.place", lang)
