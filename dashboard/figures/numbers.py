"""`fmt_number` for many numbers at once: the same text, without a Decimal per number.

`dashboard.i18n.fmt_number` rounds half-up on the shortest decimal of a float (2.675 -> 2.68),
through `Decimal`; a map hover or a ranking formats one number per place per render, and those
Decimals were a large part of a render at 2,300 places. Python's own formatting rounds the exact
binary value to the nearest, which gives the same digits unless the number lies on (or within a
rounding error of) a half-way point; only those few go the Decimal way. `tests/test_explore_fast.py`
compares the two on ties, negatives, zeros and large numbers in every language.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from dashboard.i18n import fmt_number, plotly_separators

__all__ = ["fmt_fast", "fmt_many"]

_PLAIN = (float, int, np.floating, np.integer)


@lru_cache(maxsize=8)
def _style(lang: str | None) -> tuple[dict, str]:
    """(translation table "," -> thousands separator, "." -> decimal mark; minus sign) of a
    language, as fmt_number writes them."""
    seps = plotly_separators(lang)
    return str.maketrans({",": seps[1], ".": seps[0]}), fmt_number(-1, 0, lang)[0]


def _places(decimals) -> int:
    try:
        return max(int(decimals), 0) if decimals is not None else 0
    except (TypeError, ValueError):
        return 0


def _near_half(scaled: float) -> bool:
    """At (or within a rounding error of) a half-way point, or beyond a float's digits: Python's
    rounding may differ from fmt_number's there, so those take the exact path."""
    return scaled > 1e15 or abs(scaled - math.floor(scaled) - 0.5) < 1e-9 + 1e-12 * scaled


def _write(x: float, spec: str, table: dict, minus: str) -> str:
    """Python's formatting of `x` (spec ",.Nf") in the language's separators (`_style`)."""
    text = format(abs(x), spec)
    negative = x < 0 and text.strip("0.,") != ""  # -0.04 with one decimal is 0.0, without a sign
    text = text.translate(table)
    return minus + text if negative else text


def fmt_fast(value, decimals: int | None, lang: str | None) -> str:
    """Exactly `fmt_number(value, decimals, lang)`, faster for plain floats and ints."""
    if not isinstance(value, _PLAIN) or isinstance(value, bool):
        return fmt_number(value, decimals, lang)
    x = float(value)
    places = _places(decimals)
    if not math.isfinite(x) or _near_half(abs(x) * 10.0 ** places):
        return fmt_number(value, decimals, lang)
    return _write(x, f",.{places}f", *_style(lang))


def fmt_many(values, decimals: int | None, lang: str | None) -> list[str]:
    """`[fmt_number(v, decimals, lang) for v in values]` for many floats at once (a map's hover,
    one number per place): the half-way test on the whole array, `fmt_number` itself only for the
    exceptions (missing, half-way, huge)."""
    values = list(values)
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return [fmt_number(v, decimals, lang) for v in values]
    if x.ndim != 1 or any(isinstance(v, bool) or not isinstance(v, _PLAIN) for v in values):
        return [fmt_number(v, decimals, lang) for v in values]
    places = _places(decimals)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.abs(x) * 10.0 ** places
        exact = ~np.isfinite(x) | (scaled > 1e15) | (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-9 + 1e-12 * scaled)
    spec, (table, minus) = f",.{places}f", _style(lang)
    return [fmt_number(v, decimals, lang) if slow else _write(f, spec, table, minus)
            for v, f, slow in zip(values, x.tolist(), exact.tolist())]
