"""The table of exactly what is shown, and the CSV downloads (each row names unit, year and source)."""
from __future__ import annotations

import math

import pandas as pd

from dashboard.components.csv_out import frame_csv
from dashboard.i18n import t
from dashboard.missing import is_stale, reason_text, stale_label, stale_title, year_label

from .logic import View
from dashboard.i18n.sources import source_text


def _num(v, decimals: int):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return round(float(v), decimals)


def table_rows(store, view: View) -> list[dict]:
    """One row per shown place: rank, names, the value in the year, and what the mode shows."""
    s, lang = view.state, view.state.lang
    dec = int(view.indicator["decimals"])
    start_values = store.cross_section(s.indicator, s.start, view.places)["value"]
    # plain dicts: a pandas lookup per place and column was most of the time with every municipality
    levels, starts = view.level_values.to_dict(), start_values.to_dict()
    displays, flags = view.display.to_dict(), view.flags.to_dict()
    rows = []
    for code in view.places:
        info = store.place(code)
        region = store.place(info["region"])[f"name_{lang}"] if info["region"] and info["region"] != code else ""
        level = levels.get(code)
        row = {
            "code": code,
            "rank": view.ranks.get(code),
            "place": info[f"name_{lang}"],
            "region": region,
            "country": info["country"],
            "value": _num(level, dec),
            "start_value": _num(starts.get(code), dec),
            "change": (None if code in view.breaks else
                       _num(level - starts.get(code), dec) if level is not None else None),
            "display": _num(displays.get(code), 2 if s.mode == "index" else dec),
            "flags": ", ".join(t(f"flag.{f}", lang) for f in (flags.get(code) or "")),
            "partner": bool(info["partner"]),
        }
        reason = view.reasons.get(code)
        if reason is not None and (row["value"] is None or reason["kind"] == "break"):
            # why there is no value: a break, not published for the country, or missing for this place
            r = dict(reason)
            if r.get("latest") is not None:
                r["latest_label"] = year_label(store, s.indicator, r["latest"], lang)
            row["note"] = reason_text(r, lang)
            row["note_title"] = (t("missing.break_title", lang, year=r["break_year"]) if r["kind"] == "break"
                                 else stale_title(store, s.indicator, lang) if "latest_label" in r
                                 and is_stale(store, s.indicator, r["latest"]) else "")
        elif row["value"] is None:
            row["note"] = t("no_data", lang)
        elif is_stale(store, s.indicator, s.year):
            row["note"] = f"{s.year} · {stale_label(lang)}"
            row["note_title"] = stale_title(store, s.indicator, lang)
        else:
            row["note"] = ""
        row.setdefault("note_title", "")  # the note's tooltip: what "old" or "break in series" means
        rows.append(row)
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0))
    return rows


def displayed_csv(store, view: View) -> str:
    """The shown cross-section: machine-readable, English column names, names in the page's
    language, values with the indicator's decimals, one source per row (the shared CSV rules)."""
    s = view.state
    ind = view.indicator
    lang = s.lang
    cs = store.cross_section(s.indicator, s.year, view.places)
    start = store.cross_section(s.indicator, s.start, view.places)["value"]
    df = pd.DataFrame({
        "place_code": view.places,
        "place": [store.place(p)[f"name_{lang}"] for p in view.places],
        "indicator": s.indicator,
        "indicator_name": ind[f"name_{lang}"],
        "unit": ind["unit"],
        "year": s.year,
        "value": cs["value"].to_numpy(),
        "start_year": s.start,
        "start_value": start.to_numpy(),
        "mode": s.mode,
        "shown_value": view.display.reindex(view.places).to_numpy(),
        # the unit of shown_value: a change or difference of a percentage is in percentage points
        "shown_unit": view.unit,
        "rank": [view.ranks.get(p) for p in view.places],
        # why shown_value is empty: break_in_series, not_published (for the country), not_published_year,
        # missing (for this place); break_year: the first year after the break
        "missing_reason": [(view.reasons.get(p) or {}).get("kind", "") for p in view.places],
        "break_year": [view.breaks.get(p) for p in view.places],
        # 1: the value is old (more than missing.STALE_YEARS before the newest year of any place)
        "stale": [int(is_stale(store, s.indicator, s.year)) if v == v else "" for v in cs["value"].to_numpy()],
        "flags": cs["flags"].to_numpy(),
        "source": [source_text(x, s.lang) for x in cs["source"].to_numpy()],
    })
    # the municipality type (the peers typology, dashboard/peers/place_types.py), named in the page language
    from dashboard.peers.place_types import place_types
    types = place_types(store, s.lang)
    at = df.columns.get_loc("source")   # the source stays the last column
    df.insert(at, "type_group", pd.array([types[p][0] if p in types else None for p in view.places], dtype="Int64"))
    df.insert(at + 1, "type", [types[p][1] if p in types else "" for p in view.places])
    df["missing_reason"] = df["missing_reason"].replace({"break": "break_in_series"})
    dec = int(ind["decimals"])
    return frame_csv(df, decimals={"value": dec, "start_value": dec,
                                   "shown_value": 2 if s.mode == "index" else dec},
                     integers=("year", "start_year", "rank", "break_year"))


def indicator_csv(store, indicator: str, lang: str = "en") -> str:
    """Every observation of one indicator, for all places, with names (in `lang`), unit and source."""
    ind = store.indicator(indicator)
    codes = list(store.places.index)
    series = store.series(indicator, codes)
    series.insert(1, "place_name", series["place"].map(lambda c: store.place(c)[f"name_{lang}"]))
    series.insert(2, "indicator", indicator)
    series.insert(3, "indicator_name", ind[f"name_{lang}"])
    series.insert(4, "unit", ind["unit"])
    return frame_csv(series, decimals={"value": int(ind["decimals"])}, integers=("year",))
