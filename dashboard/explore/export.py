"""The table of exactly what is shown, and the CSV downloads (each row names unit, year and source)."""
from __future__ import annotations

import math

import pandas as pd

from dashboard.i18n import t

from .query import View


def _num(v, decimals: int):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return round(float(v), decimals)


def table_rows(store, view: View) -> list[dict]:
    """One row per shown place: rank, names, the value in the year, and what the mode shows."""
    s, lang = view.state, view.state.lang
    dec = int(view.indicator["decimals"])
    start_values = store.cross_section(s.indicator, s.start, view.places)["value"]
    rows = []
    for code in view.places:
        info = store.place(code)
        region = store.place(info["region"])[f"name_{lang}"] if info["region"] and info["region"] != code else ""
        level = view.level_values.get(code)
        row = {
            "code": code,
            "rank": view.ranks.get(code),
            "place": info[f"name_{lang}"],
            "region": region,
            "country": info["country"],
            "value": _num(level, dec),
            "start_value": _num(start_values.get(code), dec),
            "change": _num(level - start_values.get(code), dec) if level is not None else None,
            "display": _num(view.display.get(code), 2 if s.mode == "index" else dec),
            "flags": ", ".join(t(f"flag.{f}", lang) for f in (view.flags.get(code) or "")),
            "partner": bool(info["partner"]),
        }
        if row["value"] is None:
            latest = view.latest.get(code)
            row["note"] = t("table.latest", lang, year=latest) if latest else t("no_data", lang)
        else:
            row["note"] = ""
        rows.append(row)
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0))
    return rows


def displayed_csv(store, view: View) -> str:
    """The shown cross-section: machine-readable, English column names, one source per row."""
    s = view.state
    ind = view.indicator
    cs = store.cross_section(s.indicator, s.year, view.places)
    start = store.cross_section(s.indicator, s.start, view.places)["value"]
    df = pd.DataFrame({
        "place_code": view.places,
        "place": [store.place(p)["name"] for p in view.places],
        "indicator": s.indicator,
        "indicator_name": ind["name_en"],
        "unit": ind["unit"],
        "year": s.year,
        "value": cs["value"].to_numpy(),
        "start_year": s.start,
        "start_value": start.to_numpy(),
        "mode": s.mode,
        "shown_value": view.display.reindex(view.places).to_numpy(),
        "rank": [view.ranks.get(p) for p in view.places],
        "flags": cs["flags"].to_numpy(),
        "source": cs["source"].to_numpy(),
    })
    return df.to_csv(index=False, lineterminator="\n")


def indicator_csv(store, indicator: str) -> str:
    """Every observation of one indicator, for all places, with names, unit and source."""
    ind = store.indicator(indicator)
    codes = list(store.places.index)
    series = store.series(indicator, codes)
    series.insert(1, "place_name", series["place"].map(lambda c: store.place(c)["name"]))
    series.insert(2, "indicator", indicator)
    series.insert(3, "unit", ind["unit"])
    return series.to_csv(index=False, lineterminator="\n")
