"""The peers as CSV (UTF-8 with a BOM, so spreadsheet programs read č, ž and ö): the chosen place
first (rank 0), then the peers, then the candidates left out for missing data; per indicator the
robust z-value and the year of the value used."""
from __future__ import annotations

import math

from dashboard.components.csv_out import BOM, write_csv

from .logic import PeersResult

__all__ = ["BOM", "FIXED_COLUMNS", "peers_csv"]
FIXED_COLUMNS = ("rank", "place", "place_name", "country", "status", "distance", "similarity", "coverage",
                 "n_indicators", "closest", "furthest", "stability", "preset", "span", "end", "seed", "n_draws", "group", "group_name")


def _num(v, digits: int = 4) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return f"{float(v):.{digits}f}"


def peers_csv(result: PeersResult, names: dict, groups: dict | None = None) -> str:
    """names: code -> place name; groups: code -> (typology group, its name), optional. One row per
    place: the chosen one, its peers, those left out."""
    groups = groups or {}
    out = []
    inds = list(result.indicators)
    header = [*FIXED_COLUMNS, *[f"z_{i}" for i in inds], *[f"year_{i}" for i in inds]]
    st = result.state
    common = [st.preset, st.span, "" if st.end is None else st.end, result.seed, result.n_draws]

    def tail(code):
        g = groups.get(code, ("", ""))
        return [g[0], g[1], *_tail(code)]

    def _tail(code):
        z = [_num(result.z.at[code, i]) if code in result.z.index else "" for i in inds]
        y = [("" if math.isnan(v) else str(int(v))) for v in
             (float(result.years.at[code, i]) for i in inds)]
        return z + y

    place = st.place
    out.append([0, place, names.get(place, place), result.country_of.get(place, ""), "chosen", "", "", "", "",
                "", "", "", *common, *tail(place)])
    t = result.table
    for code, row in t.iterrows():
        out.append([int(row["rank"]), code, names.get(code, code), result.country_of.get(code, ""), "peer",
                    _num(row["distance"]), _num(row["similarity"], 2), _num(row["coverage"], 3),
                    int(row["n_used"]), ";".join(row["closest"]), ";".join(row["furthest"]),
                    _num(row["stability"], 3), *common, *tail(code)])
    for code, share in sorted(result.left_out.items()):
        out.append(["", code, names.get(code, code), result.country_of.get(code, ""), "left_out_missing_data",
                    "", "", _num(share, 3), "", "", "", "", *common, *tail(code)])
    return write_csv(header, out)
