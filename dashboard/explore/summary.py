"""A short text under the charts, written from the data: for readers and for screen readers.

Every sentence comes from the catalogue with numbers formatted for the language, so it says the
same as the charts ("In 2023, Kranj ranks 3rd of 16 …").
"""
from __future__ import annotations

import math

from dashboard.i18n import fmt_number, t

from .query import View


def ordinal(n: int, lang: str) -> str:
    if lang != "en":
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _name(store, code: str, lang: str) -> str:
    return store.place(code)[f"name_{lang}"]


def value_text(view: View, value, lang: str) -> str:
    """Display value with its unit, as in the charts (index and change modes have their own units)."""
    ind = view.indicator
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("no_data", lang)
    if view.state.mode == "index":
        return f"{fmt_number(value, 1, lang)} ({view.state.start} = 100)"
    unit = t(f"unit.{ind['unit']}", lang)
    number = fmt_number(value, int(ind["decimals"]), lang)
    if view.state.mode in ("change", "difference") and value > 0:
        number = "+" + number
    return f"{number} {unit}"


def sentences(store, view: View) -> list[str]:
    s, lang = view.state, view.state.lang
    ind_name = view.indicator[f"name_{lang}"]
    out: list[str] = []
    ranked = sorted(view.ranks.items(), key=lambda kv: kv[1])
    n = len(ranked)
    period = str(s.year) if s.mode in ("value", "difference") else f"{s.start}–{s.year}"
    if n == 0:
        out.append(t("summary.none", lang, indicator=ind_name, period=period))
    else:
        first, last = ranked[0][0], ranked[-1][0]
        key = "summary.high_low" if view.indicator["direction"] == "neutral" else "summary.best_worst"
        out.append(t(key, lang, period=period, indicator=ind_name, n=n,
                     best=_name(store, first, lang), best_value=value_text(view, view.display[first], lang),
                     worst=_name(store, last, lang), worst_value=value_text(view, view.display[last], lang)))
    for code in s.selected:
        if code in view.ranks:
            out.append(t("summary.place_rank", lang, place=_name(store, code, lang),
                         rank=ordinal(view.ranks[code], lang), n=n, value=value_text(view, view.display[code], lang)))
        elif code in view.places:
            out.append(_missing_sentence(store, view, code))
    missing = [p for p in view.places if p not in view.ranks and p not in s.selected]
    if missing:
        names = ", ".join(_name(store, p, lang) for p in missing[:8]) + (" …" if len(missing) > 8 else "")
        out.append(t("summary.missing", lang, n=len(missing), period=period, places=names))
    if view.indicator[f"comparability_{lang}"] and _both_countries(store, view):
        out.append(t("summary.definitions_differ", lang))
    return out


def _missing_sentence(store, view: View, code: str) -> str:
    lang = view.state.lang
    latest = view.latest.get(code)
    if latest:
        return t("summary.place_missing_latest", lang, place=_name(store, code, lang), year=view.state.year,
                 latest=latest)
    return t("summary.place_missing", lang, place=_name(store, code, lang), year=view.state.year)


def _both_countries(store, view: View) -> bool:
    countries = {store.place(p)["country"] for p in view.ranks}
    return countries == {"SI", "AT"}
