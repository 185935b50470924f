"""The shared look of the Explore figures: colours, fonts and the text every figure shows the same.

Why one module: the map, the ranking and the time series are read side by side, so a region must
have the same colour and a place the same hover text in all three; having one definition here is
what makes them agree.

No function here (or anywhere in dashboard/figures/) reads the store: names, hover contexts and
regions come in a place table (code -> {name, context, level, region, country, partner}, built by
`explore.logic.place_table`), read with `place_name` / `place_field`; the indicator comes as its
row (`meta`), completed by `indicator_meta`.

Region colours are Okabe–Ito (distinguishable with the common colour-vision deficiencies): the two
Slovenian regions in blues, the two Austrian ones in oranges, so the country reads at a glance.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping

from dashboard.i18n import fmt_number, fmt_year, t

__all__ = [
    "REGION_COLOURS", "REGION_ORDER", "OTHER_COLOUR", "SELECTION_COLOUR", "PARTNER_LINE",
    "BORDER_COLOUR", "REGION_LINE", "REFERENCE_STYLES", "FONT", "TEXT_COLOUR", "MUTED_TEXT",
    "region_colour", "place_name", "place_field", "unit_label", "with_unit",
    "indicator_meta", "hover_customdata", "HOVER_TEMPLATE", "hover_detail",
    "GOOD_BAD", "NEUTRAL", "MISSING_COLOUR", "UNRANKED_COLOUR", "DARK_TEXT", "LIGHT_TEXT", "MISSING_TEXT",
    "text_colour", "cell_colour", "PLACE_COLOURS", "place_colours",
    "contrast_ratio", "readable_text", "region_text_colour", "REGION_TEXT_COLOURS", "OTHER_TEXT_COLOUR",
    "LIGHT_BACKGROUNDS", "TEXT_RATIO",
]

REGION_ORDER = ("SI042", "SI032", "AT223", "AT224")
REGION_COLOURS = {
    "SI042": "#0072B2",  # Gorenjska: blue
    "SI032": "#56B4E9",  # Podravska: sky blue
    "AT223": "#D55E00",  # Östliche Obersteiermark: vermillion
    "AT224": "#E69F00",  # Oststeiermark: orange
}
OTHER_COLOUR = "#7f7f7f"          # a place outside the four regions (Styria, a country)
SELECTION_COLOUR = "#AA3377"      # Tol purple: apart from every region colour and map class
PARTNER_LINE = "#1a1a1a"
BORDER_COLOUR = "#1a1a1a"
REGION_LINE = "#4d4d4d"
TEXT_COLOUR = "#212529"
MUTED_TEXT = "#6c757d"

# Reference lines (ranking: vertical, time series: dashed lines), by kind of reference.
REFERENCE_STYLES = {
    "country": {"color": "#3d3d3d", "dash": "dash"},
    "state": {"color": "#5c5c5c", "dash": "dashdot"},
    "region": {"color": "#7a7a7a", "dash": "longdash"},
    # the partner mean must not look like a country line: another hue, dotted, square markers
    "partners": {"color": "#8c510a", "dash": "dot", "symbol": "square"},
}

FONT = {
    "family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
    "size": 12,
    "color": TEXT_COLOUR,
}

_NBSP = "\u00a0"


def region_colour(region: str | None) -> str:
    return REGION_COLOURS.get(region or "", OTHER_COLOUR)


def _lang_col(lang: str | None) -> str:
    return f"name_{lang}" if lang in ("sl", "de", "en") else "name_en"


def place_name(places: Mapping | None, code: str) -> str:
    """A place's name from a place table (code -> {"name", ...}, built by the query layer), else its code."""
    row = (places or {}).get(code) or {}
    return row.get("name") or code


def place_field(places: Mapping | None, code: str, key: str, default=""):
    """One attribute ("context", "region", "country", "level", "partner") of a place-table row."""
    row = (places or {}).get(code) or {}
    value = row.get(key)
    return default if value is None else value


def unit_label(unit: str, lang: str | None) -> str:
    return t(f"unit.{unit}", lang) if unit else ""


# Slovenian counts take the unit's number form: 1 oseba, 2 osebi, 3–4 osebe, 5+ (and decimals) oseb
_SL_PERSONS = {1: "oseba", 2: "osebi", 3: "osebe", 4: "osebe"}


def unit_for_number(text: str, unit: str, lang: str | None) -> str:
    """The unit label that agrees with the number written in `text` ("23.920 oseb", not "osebe")."""
    label = unit_label(unit, lang)
    if lang == "sl" and unit == "persons":
        digits = text.replace(".", "").replace("\u00a0", "").replace("\u2212", "-").lstrip("+-")
        # the last two digits decide (101 oseba, 102 osebi, 103 osebe); decimals take "oseb"
        return _SL_PERSONS.get(int(digits) % 100, "oseb") if digits.isdigit() else "oseb"
    return label


def with_unit(text: str, unit: str, lang: str | None) -> str:
    """"6,2 %" / "6.2%" / "1.234 EUR je Einwohner": the unit as each language writes it."""
    label = unit_for_number(text, unit, lang)
    if not label:
        return text
    if label == "%" and lang == "en":
        return text + "%"
    return text + _NBSP + label


def indicator_meta(indicator: Mapping, lang: str | None = "en") -> dict:
    """The indicator row (a plain dict from the query layer) with defaults and its name in `lang`."""
    if not isinstance(indicator, Mapping):
        raise TypeError("indicator_meta takes the indicator's row as a dict (see explore.logic.indicator_meta)")
    meta = dict(indicator)
    meta.setdefault("decimals", 1)
    meta.setdefault("unit", "")
    meta.setdefault("direction", "neutral")
    meta.setdefault("kind", "ratio")
    meta["name"] = meta.get(_lang_col(lang)) or meta.get("name_en") or meta.get("id", "")
    meta["decimals"] = int(meta["decimals"])
    return meta


# --------------------------------------------------------------------------- hover

# customdata = [code, name, context (region / country), value with unit, detail (year · rank)].
# customdata[0] is the place code on every clickable trace of every figure, so one callback can
# read a click from the map, the ranking or the time series the same way.
HOVER_TEMPLATE = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>"
    "%{customdata[3]}<br><span style='color:#6c757d'>%{customdata[4]}</span><extra></extra>"
)


def hover_detail(year, rank: int | None, n: int | None, lang: str | None, *, extra: str = "") -> str:
    parts = []
    if year is not None and year == year:
        parts.append(year if isinstance(year, str) else fmt_year(year, lang))
    if rank is not None and n:
        parts.append(t("hover.rank", lang, rank=rank, n=n))
    if extra:
        parts.append(extra)
    return " · ".join(parts)


def hover_customdata(code: str, name: str, context: str, value, decimals: int, unit: str,
                     lang: str | None, detail: str) -> list[str]:
    value_text = with_unit(fmt_number(value, decimals, lang), unit, lang) if value == value and value is not None \
        else t("no_data", lang)
    return [code, name, context, value_text, detail]


# --------------------------------------------------------------------------- steering matrix cells
# A cell's colour says where the place stands in its column (dashboard.steering.logic.standing).

# Colour classes, quintile 1 (bottom fifth) .. 5 (top fifth). ColorBrewer RdYlBu (5 classes,
# colour-blind safe): red = worse than the others in the column, blue = better; its pale yellow
# middle cannot be taken for the white of a missing cell. Neutral indicators (a high value is
# neither good nor bad) get a grey-blue sequential scale instead, so no one reads a verdict into
# population density.
GOOD_BAD = {1: "#d7191c", 2: "#fdae61", 3: "#ffffbf", 4: "#abd9e9", 5: "#2c7bb6"}
NEUTRAL = {1: "#f0f3f7", 2: "#d3dce6", 3: "#aebfd0", 4: "#8099b3", 5: "#56718f"}
MISSING_COLOUR = "#ffffff"
UNRANKED_COLOUR = "#ffffff"   # reference rows and a value alone in its column: no standing
DARK_TEXT = "#1f2a33"
LIGHT_TEXT = "#ffffff"
MISSING_TEXT = "#6c757d"


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(background: str) -> str:
    """Dark or white text, whichever reads better on the background."""
    return DARK_TEXT if _contrast(background, DARK_TEXT) >= _contrast(background, LIGHT_TEXT) else LIGHT_TEXT


# ---------------------------------------------------------------------------- colours as text
# A region colour is a fill (map, bars, lines); as text (a reference label, a line's end label, a
# legend glyph) several reach only 2.3-3.9:1 on white. Text takes a darker shade of the same hue
# that reaches WCAG AA (4.5:1) on the lightest backgrounds the charts and tables use.
TEXT_RATIO = 4.5
LIGHT_BACKGROUNDS = ("#ffffff", "#f8f9fa", "#f1f3f5")


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours (1 to 21)."""
    return _contrast(a, b)


def readable_text(colour: str, backgrounds=LIGHT_BACKGROUNDS, ratio: float = TEXT_RATIO) -> str:
    """`colour` itself if it reads on every background, else the first shade of it (mixed towards
    black in 1 % steps, so the hue stays) that does."""
    try:
        return _readable_text(colour, tuple(backgrounds), ratio)
    except TypeError:  # unhashable arguments: work it out uncached
        return _readable_text.__wrapped__(colour, backgrounds, ratio)


@functools.lru_cache(maxsize=256)
def _readable_text(colour: str, backgrounds, ratio: float) -> str:
    # a pure function of a few chart colours, asked for every end label of every render
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    for step in range(101):
        shade = "#%02X%02X%02X" % tuple(round(v * (1 - step / 100)) for v in rgb)
        if all(_contrast(shade, bg) >= ratio for bg in backgrounds):
            return shade if step else colour
    return "#000000"


REGION_TEXT_COLOURS = {r: readable_text(c) for r, c in REGION_COLOURS.items()}
OTHER_TEXT_COLOUR = readable_text(OTHER_COLOUR)


def region_text_colour(region: str | None) -> str:
    """The region's colour for text: same hue as `region_colour`, at least 4.5:1 on light grounds."""
    return REGION_TEXT_COLOURS.get(region or "", OTHER_TEXT_COLOUR)


def cell_colour(st, direction: str, *, missing: bool = False) -> tuple[str, str]:
    """(background, text colour) of a cell with standing `st` (dashboard.steering.logic.Standing, or
    None) in a column of `direction`. Missing cells are white with grey text, never a class
    colour; a value without standing (reference row, alone in its column) is white too."""
    if missing:
        return MISSING_COLOUR, MISSING_TEXT
    q = st.quintile if st is not None else None
    if q is None:
        return UNRANKED_COLOUR, DARK_TEXT
    bg = (NEUTRAL if direction == "neutral" else GOOD_BAD)[q]
    return bg, text_colour(bg)


# --------------------------------------------------------------------------- compared places
# One colour per compared place (by position): Okabe–Ito, apart from each other for the common
# colour-vision deficiencies. Two places of one region would share a region colour, so the
# region palette is not used here.
PLACE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C510A", "#4D4D4D")


def place_colours(places, order=None) -> dict[str, str]:
    """A colour per place that stays the same across views and selections: the place's position
    in `order` (the 16 partners, four per region, so places of one region never share one) picks
    from eight colours; a place whose colour is already taken by another chosen place takes the
    next free one. Without `order`: by selection order (the old rule)."""
    if order is None:
        return {p: PLACE_COLOURS[i % len(PLACE_COLOURS)] for i, p in enumerate(places)}
    order = list(order)
    out: dict[str, str] = {}
    for i, p in enumerate(places):
        pos = order.index(p) if p in order else len(order) + i
        # region r (positions 4r..4r+3) uses colours shifted by 2r: a region's four always differ
        k = (pos % 4 + 2 * (pos // 4)) % len(PLACE_COLOURS)
        while PLACE_COLOURS[k] in out.values():
            k = (k + 1) % len(PLACE_COLOURS)
        out[p] = PLACE_COLOURS[k]
    return out
