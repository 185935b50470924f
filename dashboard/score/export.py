"""The location score as CSV: one row per place in scope, with its status, reason, coverage and,
per indicator, window, year, raw, normalised value and contribution."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.components.csv_out import frame_csv, number

from .logic import ScoreResult
from .state import ScoreConfig
from .texts import year_text

__all__ = ["result_csv"]


def result_csv(store, config: ScoreConfig, result: ScoreResult) -> str:
    """One row per place in scope: ranked places first, then filtered, "not enough data" and
    excluded ones with the reason; the weight share covered and the minimum; per indicator its
    window, the year of the value used for this place, raw value, data flags, normalised value and
    contribution. Shares are fractions (0–1). Column names and codes in English, so the file reads
    the same whatever the page language."""
    places = list(result.values.index)
    weighted = list(result.weights.index)
    filter_inds = [c for c in result.values.columns if c not in weighted]
    order = list(result.table.index) + [c for c in places if c not in result.table.index]
    years = result.years if result.years is not None else pd.DataFrame(index=places)
    # whole columns as plain dicts, the data flags of each indicator in one read: per-cell lookups
    # took seconds with every municipality (2,300 places)
    table_rows = result.table.to_dict("index")
    values = result.values.to_dict("index")
    year_of = years.to_dict("index")
    normalised = result.normalised.to_dict("index")
    contributions = result.contributions.to_dict("index")
    flags_of = {}
    for ind in weighted + filter_inds:
        start, end = result.windows.get(ind, (None, None))
        obs = store.series(ind, places, years=range(start, end + 1) if start is not None else None)
        flags_of[ind] = dict(zip(zip(obs["place"].tolist(), obs["year"].tolist()), obs["flags"].tolist()))
    decimals = {ind: int(store.indicator(ind)["decimals"]) for ind in weighted + filter_inds}
    rows = []
    for code in order:
        info = store.place(code)
        row = {"place_code": code, "place": info[f"name_{config.lang}"], "country": info["country"],
               "region": info["region"]}
        cover = result.coverage.get(code, np.nan) if len(result.coverage) else np.nan
        if code in table_rows:
            r = table_rows[code]
            row.update(status="ranked", reason="", rank=int(r["rank"]), score=round(float(r["score"]), 4),
                       rank_p5=int(r["p5"]), rank_p50=int(r["p50"]), rank_p95=int(r["p95"]),
                       share_first=round(float(r["share_first"]), 4),
                       share_unranked=round(float(r["share_unranked"]), 4))
            flags = (["fragile"] if r["fragile"] else []) + [f"missing:{m}" for m in r["missing"]]
        elif code in result.filtered:
            reasons = [f"{f.token()}={why}" for f, why in result.filtered[code]]
            row.update(status="filtered", reason=";".join(reasons))
            flags = []
        elif code in result.insufficient:
            row.update(status="not_enough_data",
                       reason=";".join(f"missing:{m}" for m in result.insufficient[code]))
            flags = []
        else:
            row.update(status="excluded", reason=";".join(f"missing:{m}" for m in result.excluded.get(code, ())))
            flags = []
        row["covered_weight_share"] = None if cover != cover else round(float(cover), 4)
        row["min_weight_share"] = round(float(result.min_share), 4)
        row["flags"] = ";".join(flags)
        for ind in weighted + filter_inds:
            x = values[code][ind]
            y = year_of.get(code, {}).get(ind, np.nan)
            start, end = result.windows.get(ind, (None, None))
            row[f"{ind}_window"] = f"{start}-{end}" if start is not None else ""
            row[f"{ind}_year"] = year_text(y) if x == x else ""
            row[f"{ind}_value"] = number(x, decimals[ind])
            row[f"{ind}_data_flags"] = flags_of[ind].get((code, int(y)), "") if x == x and y == y else ""
            if ind in weighted:
                if code in normalised:
                    s = normalised[code][ind]
                    c = contributions[code][ind]
                    row[f"{ind}_normalised"] = None if s != s else round(float(s), 4)
                    row[f"{ind}_contribution"] = None if c != c else round(float(c), 4)
                else:
                    row[f"{ind}_normalised"] = None
                    row[f"{ind}_contribution"] = None
        rows.append(row)
    df = pd.DataFrame(rows)
    return frame_csv(df, integers=[c for c in df.columns if c in ("rank", "rank_p5", "rank_p50", "rank_p95")
                                   or c.endswith("_year")])
