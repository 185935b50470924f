"""What the score page says in words: indicator labels with their windows, filter texts and
reasons, the messages a reader needs to trust (or distrust) a ranking, and the formula."""
from __future__ import annotations

from dashboard.i18n import fmt_number, t

from .logic import ScoreResult
from .state import Filter, ScoreConfig, indicator_windows, number_text

__all__ = [
    "indicator_labels", "filter_text", "filter_reason", "share_text", "cover_text", "year_counts",
    "messages", "formula_lines", "year_text",
]


def year_text(y) -> str:
    return "" if y is None or y != y else str(int(y))



def indicator_labels(store, lang: str) -> dict[str, dict]:
    """Per indicator with municipal data: name, unit, decimals, theme, direction, its window
    (start, year = the window's last year, period "2019–2023"), how many partners have a value in
    it, the comparability class and note (empty = comparable)."""
    wins = indicator_windows(store)
    out = {}
    for i in store.indicator_ids():
        if wins[i] is None:
            continue
        start, end, n = wins[i]
        row = store.indicator(i)
        out[i] = {"id": i, "name": row[f"name_{lang}"] or row["name_en"], "unit": row["unit"],
                  "decimals": int(row["decimals"]), "theme": row["theme"], "direction": row["direction"],
                  "year": end, "start": start, "period": f"{start}\u2013{end}", "n_partners": n,
                  "comparability": row[f"comparability_{lang}"],
                  "comparability_class": row.get("comparability_class", "comparable"),
                  "definition": row[f"definition_{lang}"]}
    return out


def filter_text(f: Filter, labels: dict, lang: str) -> str:
    """"Population 2021–2025: at least 10.000" in the page's language and number style."""
    meta = labels[f.indicator]
    decimals = max(int(meta["decimals"]), _decimals_of(f.value))
    return t(f"score.filter.{f.op}", lang, indicator=meta["name"], year=meta["period"],
             value=fmt_number(f.value, decimals, lang))


def _decimals_of(value: float) -> int:
    text = number_text(value)
    return len(text.split(".")[1]) if "." in text else 0


def filter_reason(f: Filter, reason: str, value, labels: dict, lang: str, year=None) -> str:
    """Why a place failed a filter; `year` is the year of the place's value (its latest in the window)."""
    meta = labels[f.indicator]
    if reason == "no_data":
        return t("score.reason.no_data", lang, indicator=meta["name"], year=meta["period"])
    decimals = max(int(meta["decimals"]), _decimals_of(f.value))
    return t(f"score.reason.{reason}", lang, indicator=meta["name"],
             year=year_text(year) or meta["period"],
             value=fmt_number(value, int(meta["decimals"]), lang), threshold=fmt_number(f.value, decimals, lang))


def share_text(share: float, lang: str) -> str:
    """A weight share as a percentage of the total weight: "67 %" (no decimals)."""
    return fmt_number(100 * float(share), 0, lang) + "\u00a0%"


def cover_text(cover: str, lang: str) -> str:
    """The minimum coverage option as shown: "⅔ of the weight (67 %)"."""
    return t(f"score.cover.{cover}", lang)


def _names(ids_, labels) -> str:
    return ", ".join(labels[i]["name"] for i in ids_)


def year_counts(result: ScoreResult, indicator: str, places) -> list[tuple[int, int]]:
    """(year, number of places) for the values of `indicator` used for `places`, latest first."""
    if result.years is None or indicator not in result.years.columns:
        return []
    y = result.years.loc[list(places), indicator].dropna().astype(int)
    return sorted(y.value_counts().items(), reverse=True)


def messages(store, config: ScoreConfig, result: ScoreResult, lang: str, max_items: int | None = None) -> list[dict]:
    """What the reader must know to trust (or distrust) the ranking, as {kind, key, text, items, n_items}:
    kind "warning" changes how the numbers read, "info" explains. `items` are optional detail lines,
    at most `max_items` of the `n_items` there are (with every municipality a list of places can
    run into thousands; the page names the first ones and counts the rest)."""
    labels = indicator_labels(store, lang)
    weighted = list(result.weights.index)
    out: list[dict] = []

    def add(kind, key, items=(), n_items=None, **fmt):
        items = list(items)
        out.append({"kind": kind, "key": key, "text": t(key, lang, **fmt), "items": items[:max_items],
                    "n_items": len(items) if n_items is None else n_items})

    if not weighted:
        add("info", "score.msg.no_weights")
        return out
    for code in result.table.index[(result.table["rank"] == 1) & result.table["fragile"]]:
        add("warning", "score.msg.first_fragile", place=store.place(code)[f"name_{lang}"], n=result.n_draws,
            share=fmt_number(100 * float(result.table.at[code, "share_first"]), 0, lang))
    if result.within:
        key = "score.msg.within_country_" + result.norm
        add("info", key, items=[f"{labels[i]['name']}: {labels[i]['comparability']}" if labels[i]["comparability"]
                                else labels[i]["name"] for i in result.within],
            names=_names(result.within, labels))
    differs = [i for i in weighted if labels[i]["comparability"] and i not in result.within]
    if differs:
        add("warning", "score.msg.definitions_differ",
            items=[f"{labels[i]['name']}: {labels[i]['comparability']}" for i in differs], names=_names(differs, labels))
    ranked = result.table.index
    countries = {c: store.place(c)["country"] for c in result.values.index}
    if len({countries[c] for c in ranked}) > 1:
        for i in weighted:
            has_value = result.values[i].reindex(ranked).notna().tolist()
            with_value = {countries[c] for c, has in zip(ranked, has_value) if has}
            if len(with_value) == 1:
                add("warning", "score.msg.one_country", indicator=labels[i]["name"], year=labels[i]["period"],
                    country=t(f"score.country.{next(iter(with_value))}", lang))
    if result.insufficient:
        add("warning", "score.msg.not_enough", n=len(result.insufficient), share=share_text(result.min_share, lang))
    mixed = [(i, year_counts(result, i, ranked)) for i in weighted]
    mixed = [(i, counts) for i, counts in mixed if len(counts) > 1]
    if mixed:
        items = [t("score.msg.years_item", lang, indicator=labels[i]["name"], period=labels[i]["period"],
                   years=", ".join(t("score.msg.years_count", lang, year=y, n=n) for y, n in counts))
                 for i, counts in mixed]
        add("info", "score.msg.years_differ", items=items, names=_names([i for i, _ in mixed], labels))
    has_gap = result.table["missing"].map(len).to_numpy(dtype=bool) if len(result.table) else []
    partial = result.table.index[has_gap] if len(result.table) else []
    if len(partial):
        named = partial[:max_items]
        items = [t("score.msg.partial_item", lang, place=store.place(c)[f"name_{lang}"],
                   share=share_text(cover, lang),
                   indicators=", ".join(f"{labels[i]['name']} {labels[i]['period']}" for i in missing))
                 for c, cover, missing in zip(named, result.table.loc[named, "coverage"].tolist(),
                                              result.table.loc[named, "missing"].tolist())]
        add("warning", "score.msg.partial", items=items, n_items=len(partial), n=len(partial))
    for i in result.empty:
        add("warning", "score.msg.empty", indicator=labels[i]["name"], year=labels[i]["period"])
    for i in result.constant:
        if i not in result.empty:
            add("info", f"score.msg.constant_{result.norm}", indicator=labels[i]["name"], year=labels[i]["period"])
    flipped = [i for i in weighted if i in config.inverted]
    if flipped:
        add("info", "score.msg.inverted", names=_names(flipped, labels))
    if len(ranked) < 2:
        add("warning", "score.msg.too_few", n=len(ranked))
    return out


def formula_lines(norm: str, lang: str) -> list[str]:
    """The formula as plain text lines (shown in a <pre>), for the chosen normalisation."""
    lines = [t("score.formula.score", lang)]
    if norm == "minmax":
        lines += [t("score.formula.minmax_up", lang), t("score.formula.minmax_down", lang)]
    else:
        lines += [t("score.formula.z_up", lang), t("score.formula.z_down", lang)]
    lines.append(t("score.formula.contribution", lang))
    return lines
