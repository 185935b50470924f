"""Small hand-made inputs for the figure builders: nine square municipalities in the four partner
regions, a border, a place table and indicator rows (`meta`) — no store, no shipped data, so a data
release cannot break the figure tests.

Layout (lon 14–16.5, lat 46–47; each municipality a 0.5° square, every region a rectangle)::

    lat 46.5–47   AT-61108 AT-61101 | AT-62139 AT-62001            (AT223 | AT224)
    ------------- national border at lat 46.5 -------------------
    lat 46–46.5   SI-052 SI-041 SI-003 | SI-070 SI-004             (SI042 | SI032)

Partners: SI-052 (Kranj), SI-041, SI-070, AT-61108 (Leoben), AT-62139.
"""
from __future__ import annotations

import pandas as pd

MUNICIPALITIES = {  # code: (region, west lon, south lat, name, partner)
    "SI-052": ("SI042", 14.0, 46.0, "Kranj", True),
    "SI-041": ("SI042", 14.5, 46.0, "Jesenice", True),
    "SI-003": ("SI042", 15.0, 46.0, "Bled", False),
    "SI-070": ("SI032", 15.5, 46.0, "Maribor", True),
    "SI-004": ("SI032", 16.0, 46.0, "Ptuj", False),
    "AT-61108": ("AT223", 14.0, 46.5, "Leoben", True),
    "AT-61101": ("AT223", 14.5, 46.5, "Bruck", False),
    "AT-62139": ("AT224", 15.0, 46.5, "Gleisdorf", True),
    "AT-62001": ("AT224", 15.5, 46.5, "Weiz", False),
}
MUNIS = list(MUNICIPALITIES)
PARTNERS = [c for c, m in MUNICIPALITIES.items() if m[4]]
REGIONS = {  # code: (west, south, east, north)
    "SI042": (14.0, 46.0, 15.5, 46.5), "SI032": (15.5, 46.0, 16.5, 46.5),
    "AT223": (14.0, 46.5, 15.0, 47.0), "AT224": (15.0, 46.5, 16.0, 47.0),
}
NAMES = {  # the names that differ per language
    "SI": {"sl": "Slovenija", "de": "Slowenien", "en": "Slovenia"},
    "AT": {"sl": "Avstrija", "de": "Österreich", "en": "Austria"},
    "AT22": {"sl": "Avstrijska Štajerska", "de": "Steiermark", "en": "Styria"},
    "SI042": {"sl": "Gorenjska", "de": "Gorenjska (Oberkrain)", "en": "Gorenjska (Upper Carniola)"},
    "SI032": {"sl": "Podravska", "de": "Podravska", "en": "Podravska"},
    "AT223": {"sl": "Vzhodna Zgornja Štajerska", "de": "Östliche Obersteiermark", "en": "Eastern Upper Styria"},
    "AT224": {"sl": "Vzhodna Štajerska", "de": "Oststeiermark", "en": "East Styria"},
}


def _square(w, s, e, n) -> dict:
    # RFC 7946: exterior ring counter-clockwise, as the shipped boundaries
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


def geojson() -> dict:
    """The boundaries: 9 municipalities, 4 regions and the national border."""
    features = []
    for code, (region, w, s, _, _) in MUNICIPALITIES.items():
        features.append({"type": "Feature", "properties": {"code": code, "level": "municipality"},
                         "geometry": _square(w, s, w + 0.5, s + 0.5)})
    for code, box in REGIONS.items():
        features.append({"type": "Feature", "properties": {"code": code, "level": "region"},
                         "geometry": _square(*box)})
    features.append({"type": "Feature", "properties": {"code": "border", "level": "border"},
                     "geometry": {"type": "LineString", "coordinates": [[14.0, 46.5], [16.5, 46.5]]}})
    return {"type": "FeatureCollection", "features": features}


def place_info(lang: str = "en") -> dict[str, dict]:
    """The place table the query layer builds (`explore.logic.place_table`), by hand."""
    out: dict[str, dict] = {}
    for code in ("SI", "AT"):
        out[code] = {"name": NAMES[code][lang], "context": "", "level": "country", "region": "",
                     "country": code, "partner": False}
    out["AT22"] = {"name": NAMES["AT22"][lang], "context": NAMES["AT"][lang], "level": "state", "region": "",
                   "country": "AT", "partner": False}
    for code in REGIONS:
        out[code] = {"name": NAMES[code][lang], "context": NAMES[code[:2]][lang], "level": "region",
                     "region": code, "country": code[:2], "partner": True}
    for code, (region, _, _, name, partner) in MUNICIPALITIES.items():
        out[code] = {"name": name, "context": NAMES[region][lang], "level": "municipality", "region": region,
                     "country": code[:2], "partner": partner}
    return out


def _meta(id_, unit, decimals, direction, kind, cls, en, de, sl=None) -> dict:
    return {"id": id_, "unit": unit, "decimals": decimals, "direction": direction, "kind": kind,
            "comparability_class": cls, "name_en": en, "name_de": de, "name_sl": sl or en}


EMPLOYMENT = _meta("employment_rate", "pct", 1, "higher_better", "ratio", "caveat",
                   "Employment rate (15–64)", "Erwerbstätigenquote (15–64)")
UNEMPLOYMENT = _meta("unemployment_rate", "pct", 1, "lower_better", "ratio", "within_country",
                     "Unemployment rate", "Arbeitslosenquote")
POPULATION = _meta("population", "persons", 0, "neutral", "count", "comparable", "Population", "Bevölkerung")
DENSITY = _meta("density", "per_km2", 1, "neutral", "ratio", "comparable", "Population density",
                "Bevölkerungsdichte")
NATURAL_INCREASE = _meta("natural_increase_rate", "per_1000", 1, "higher_better", "ratio", "comparable",
                         "Natural increase per 1,000 inhabitants", "Geburtenbilanz je 1.000 Einwohner")
TERTIARY = _meta("tertiary_share", "pct", 1, "higher_better", "ratio", "within_country",
                 "Tertiary-educated share", "Anteil mit Tertiärabschluss")
EARNINGS = _meta("gross_earnings", "eur_per_month", 0, "higher_better", "ratio", "within_country",
                 "Average gross monthly earnings", "Durchschnittlicher Bruttomonatsverdienst")


def values(numbers) -> pd.Series:
    """A map's `values`: one number per municipality, in MUNIS order (None = no data)."""
    return pd.Series([float("nan") if v is None else float(v) for v in numbers], index=MUNIS, dtype=float)


def map_kwargs(meta: dict, lang: str) -> dict:
    """What `explore.logic.map_inputs` gives the map for the synthetic places."""
    return {"meta": meta, "place_info": place_info(lang), "partners": PARTNERS, "lang": lang}


def series(rows) -> pd.DataFrame:
    """A long (place, year, value, flags) frame."""
    return pd.DataFrame(rows, columns=["place", "year", "value", "flags"])
