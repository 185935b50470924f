"""A short text under the charts, written from the data: for readers and for screen readers.

Every sentence comes from the catalogue with numbers formatted for the language, so it says the
same as the charts ("In 2023, Kranj ranks 3rd of 16 …").
"""
from __future__ import annotations

import math

from dashboard.figures.palette import with_unit
from dashboard.i18n import fmt_number, t
from dashboard.missing import reason_text

from .logic import View


def ordinal(n: int, lang: str) -> str:
    if lang == "de":
        return str(n)  # "auf Rang 2 von 15", never "Rang 2. von 15"
    if lang != "en":
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _name(store, code: str, lang: str) -> str:
    return store.place(code)[f"name_{lang}"]


def value_text(view: View, value, lang: str) -> str:
    """Display value with its unit, as in the charts: index mode "(2014 = 100)", a change or a
    difference of a percentage in percentage points ("+3.8 pp", "+3,8 o. t.", "+3,8 Pp.")."""
    ind = view.indicator
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("no_data", lang)
    if view.state.mode == "index":
        return f"{fmt_number(value, 1, lang)} ({view.state.start} = 100)"
    decimals = int(ind["decimals"])
    number = fmt_number(value, decimals, lang)
    if view.state.mode in ("change", "difference") and round(float(value), decimals) > 0:
        number = "+" + number
    return with_unit(number, view.unit, lang)


def sentences(store, view: View) -> list[str]:
    s, lang = view.state, view.state.lang
    ind_name = view.indicator[f"name_{lang}"]
    out: list[str] = []
    # Ranks are within each group that may share a scale: one group, or one per country for a
    # within-country indicator (then every sentence names the country).
    groups_of = store.scale_groups(s.indicator, list(view.ranks))
    group_of = {p: g for g, codes in groups_of.items() for p in codes}
    n_of = {g: len(codes) for g, codes in groups_of.items()}
    period = str(s.year) if s.mode in ("value", "difference") else f"{s.start}–{s.year}"
    if not view.ranks:
        out.append(t("summary.none", lang, indicator=ind_name, period=period))
    for g, codes in groups_of.items():
        ranked = sorted(((p, view.ranks[p]) for p in codes), key=lambda kv: kv[1])
        if not ranked:  # no place with a value in this group (e.g. no region has the indicator)
            continue
        first, last = ranked[0][0], ranked[-1][0]
        key = "summary.high_low" if view.indicator["direction"] == "neutral" else "summary.best_worst"
        sentence = t(key, lang, period=period, indicator=ind_name, n=len(ranked),
                     best=_name(store, first, lang), best_value=value_text(view, view.display[first], lang),
                     worst=_name(store, last, lang), worst_value=value_text(view, view.display[last], lang))
        out.append(_within(store, g, sentence, lang))
    for code in s.selected:
        if code in view.ranks:
            g = group_of[code]
            out.append(_within(store, g, t("summary.place_rank", lang, place=_name(store, code, lang),
                                           rank=ordinal(view.ranks[code], lang), n=n_of[g],
                                           value=value_text(view, view.display[code], lang)), lang))
        elif code in view.places:
            out.append(_missing_sentence(store, view, code))
    missing = [p for p in view.places if p not in view.ranks and p not in s.selected and p not in view.breaks]
    broken = [p for p in view.places if p in view.breaks and p not in s.selected]
    if broken:
        names = ", ".join(_name(store, p, lang) for p in broken[:8]) + (" …" if len(broken) > 8 else "")
        out.append(t("summary.breaks", lang, start=s.start, year=s.year, n=len(broken), places=names))
    groups: dict[str, list[str]] = {}  # "not published for Austria": one sentence per country and kind
    for p in missing:
        r = view.reasons.get(p) or {}
        if r.get("kind") in ("not_published", "not_published_year"):
            groups.setdefault(reason_text(r, lang), []).append(p)
    for text, codes in groups.items():
        names = ", ".join(_name(store, p, lang) for p in codes[:8]) + (" …" if len(codes) > 8 else "")
        out.append(f"{text[:1].upper()}{text[1:]} ({len(codes)}): {names}.")
    told = {p for codes in groups.values() for p in codes}
    missing = [p for p in missing if p not in told]
    if missing:
        names = ", ".join(_name(store, p, lang) for p in missing[:8]) + (" …" if len(missing) > 8 else "")
        out.append(t("summary.missing", lang, n=len(missing), period=period, places=names))
    if view.indicator[f"comparability_{lang}"] and _both_countries(store, view):
        out.append(t("summary.definitions_differ", lang))
    return out


def _within(store, country, sentence: str, lang: str) -> str:
    """Prefix a sentence about a within-country ranking with its country ("Slovenia: …")."""
    if country is None:
        return sentence
    return f"{store.place(country)[f'name_{lang}']} ({t('cmp.ranked_within_short', lang)}): {sentence}"


def _missing_sentence(store, view: View, code: str) -> str:
    lang = view.state.lang
    reason = view.reasons.get(code) or {}
    if reason.get("kind") == "break":
        return t("summary.place_break", lang, place=_name(store, code, lang), break_year=reason["break_year"])
    if reason.get("kind") in ("not_published", "not_published_year"):
        return f"{_name(store, code, lang)}: {reason_text(reason, lang)}."
    latest = view.latest.get(code)
    if latest:
        return t("summary.place_missing_latest", lang, place=_name(store, code, lang), year=view.state.year,
                 latest=latest)
    return t("summary.place_missing", lang, place=_name(store, code, lang), year=view.state.year)


def _both_countries(store, view: View) -> bool:
    countries = {store.place(p)["country"] for p in view.ranks}
    return countries == {"SI", "AT"}
