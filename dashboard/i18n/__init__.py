"""User-facing text in Slovenian, German and English, and number formatting per language.

The catalogues (`sl.json`, `de.json`, `en.json`, plus `sections/<name>.<lang>.json`) hold every interface string; indicator names and
definitions come from the data. Keys are flat, dotted strings so a test can compare the three files
key by key.
"""
from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

LANGS = ("sl", "de", "en")
DEFAULT_LANG = "en"

_DIR = Path(__file__).resolve().parent
_MINUS = "\u2212"
# (decimal mark, thousands separator)
_SEPARATORS = {"sl": (",", "."), "de": (",", "."), "en": (".", ",")}


def catalogue_files(lang: str) -> list[Path]:
    """`<lang>.json` plus one file per page section (`sections/<name>.<lang>.json`), so pages can
    keep their own texts without editing one shared file."""
    return [_DIR / f"{lang}.json", *sorted((_DIR / "sections").glob(f"*.{lang}.json"))]


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in catalogue_files(lang):
        with open(path, encoding="utf-8") as f:
            part = json.load(f)
        twice = set(part) & set(merged)
        if twice:
            raise ValueError(f"{path.name} defines keys already defined elsewhere: {sorted(twice)[:5]}")
        merged.update(part)
    return merged


def t(key: str, lang: str | None, **fmt) -> str:
    """Translate `key`; a missing key falls back to English, then to the key itself, so a gap
    shows up as visible text instead of an error page (the i18n test catches it before that)."""
    lang = lang if lang in LANGS else DEFAULT_LANG
    text = catalogue(lang).get(key)
    if not text:
        text = catalogue(DEFAULT_LANG).get(key, key)
    return text.format(**fmt) if fmt else text


def resolve_lang(value) -> tuple[str, str | None]:
    """Language from a URL value; anything unknown becomes the default plus a notice key to show."""
    if isinstance(value, (list, tuple)):  # a repeated query parameter
        value = value[-1] if value else None
    if value is None or str(value).strip() == "":
        return DEFAULT_LANG, None
    candidate = str(value).strip().lower()
    if candidate in LANGS:
        return candidate, None
    return DEFAULT_LANG, "notice.bad_lang"


def _to_decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number or number in (float("inf"), float("-inf")):  # NaN, inf
        return None
    try:
        # repr() gives the shortest decimal that round-trips, so 2.675 rounds half-up to 2.68
        # as a reader expects, not to 2.67 as binary floating point would.
        return Decimal(repr(number)) if not isinstance(value, int) else Decimal(value)
    except InvalidOperation:
        return None


def fmt_number(value, decimals: int | None, lang: str | None) -> str:
    """A number as people in that language write it: 1.234,5 (sl, de) or 1,234.5 (en), with a real
    minus sign; a missing value becomes the catalogue's "no data"."""
    number = _to_decimal(value)
    if number is None:
        return t("no_data", lang)
    try:
        places = max(int(decimals), 0) if decimals is not None else 0
    except (TypeError, ValueError):
        places = 0
    quantum = Decimal(1).scaleb(-places)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    negative = rounded < 0  # -0.04 rounded to one decimal is 0.0 and gets no sign
    text = f"{abs(rounded):,.{places}f}"  # en style: 1,234.5
    point, thousands = _SEPARATORS.get(lang if lang in LANGS else DEFAULT_LANG)
    text = text.replace(",", "\0").replace(".", point).replace("\0", thousands)
    return (_MINUS + text) if negative else text


def fmt_year(year, lang: str | None = None) -> str:
    """Years are labels, never numbers with a thousands separator (2023, not 2.023)."""
    number = _to_decimal(year)
    if number is None:
        return t("no_data", lang)
    return str(int(number))


def plotly_separators(lang: str | None) -> str:
    """Plotly's `layout.separators`: decimal mark first, then the thousands separator."""
    point, thousands = _SEPARATORS.get(lang if lang in LANGS else DEFAULT_LANG)
    return point + thousands
