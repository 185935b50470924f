"""Colour classes for the map: where the class limits go and how they read in the legend.

Why a module of its own: the map, its legend and the tests must agree on one rule, and the rule
has corner cases that are easy to get wrong inside figure code.

Breaks are a sorted list of class limits ``[b0, b1, ..., bn]`` for ``n`` classes. Class ``i``
holds ``b_i <= v < b_(i+1)``; the last class also holds its upper limit. ``n`` is at most ``k``
(fewer when the data cannot fill ``k`` classes), so callers that need a fixed number of slots
(the map keeps ``k`` traces for partial updates) pad with empty classes.

Strategies

* ``quantile_breaks`` — about the same number of places per class. Chosen for skewed data
  (population density, tourist nights: a few places dominate an equal-step scale) and for data
  with few distinct values, which get one class per value.
* ``nice_breaks`` — equal steps of 1, 2, 2.5 or 5 × 10^n: limits a reader can remember, chosen
  when the data are roughly symmetric.
* ``diverging_breaks`` — symmetric around a centre (0 for "difference to a reference"), so the
  same colour intensity means the same distance above or below. With an odd ``k`` the middle
  class straddles the centre ("about the same"); the map uses 6, so every class has a tint and
  none can be mistaken for the white page.
* ``choose_breaks`` picks one of these.

Degenerate inputs never raise: no finite value gives ``[]`` (every place is "no data"), a single
distinct value gives ``[v, v]`` (one class), fewer values than classes give fewer classes.

Limits are rounded to the decimals shown, so a class label never claims a range that the
classification does not use. Palettes are ColorBrewer (YlGnBu sequential, PuOr diverging), safe
for the common colour-vision deficiencies; "no data" is a light grey with a darker outline so it
cannot be read as the lightest class.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence

import numpy as np

from dashboard.i18n import fmt_number

__all__ = [
    "SEQUENTIAL", "DIVERGING", "NO_DATA_COLOUR", "NO_DATA_LINE",
    "quantile_breaks", "nice_breaks", "diverging_breaks", "choose_breaks",
    "classify", "class_labels", "class_colours", "n_classes",
]

# ColorBrewer YlGnBu by number of classes (light -> dark).
SEQUENTIAL = {
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
# ColorBrewer PuOr, orange (below the centre) -> purple (above).
DIVERGING = {
    3: ("#f1a340", "#f7f7f7", "#998ec3"),
    4: ("#e66101", "#fdb863", "#b2abd2", "#5e3c99"),
    5: ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"),
    6: ("#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"),
    7: ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"),
}
# ColorBrewer Purples: Austria's own scale when a within-country indicator is mapped with two
# legends, a different hue so that equal colours never suggest equal values across the border.
SEQUENTIAL_B = {
    3: ("#efedf5", "#bcbddc", "#756bb1"),
    4: ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"),
    5: ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"),
    6: ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"),
    7: ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"),
}
# ColorBrewer BrBG, brown (below the centre) -> teal (above): Austria's own diverging scale.
DIVERGING_B = {
    3: ("#d8b365", "#f5f5f5", "#5ab4ac"),
    4: ("#a6611a", "#dfc27d", "#80cdc1", "#018571"),
    5: ("#a6611a", "#dfc27d", "#f5f5f5", "#80cdc1", "#018571"),
    6: ("#8c510a", "#d8b365", "#f6e8c3", "#c7eae5", "#5ab4ac", "#01665e"),
    7: ("#8c510a", "#d8b365", "#f6e8c3", "#f5f5f5", "#c7eae5", "#5ab4ac", "#01665e"),
}
NO_DATA_COLOUR = "#b4b4b4"  # darker than every palest class (#f7f7f7, #f2f0f7, #ffffcc): "no data" never reads as "low"
NO_DATA_LINE = "#8c8c8c"

_NICE = (1.0, 2.0, 2.5, 5.0)
_DASH = "\u2013"
_NBSP = "\u00a0"


def _finite(values) -> np.ndarray:
    if values is None:
        return np.empty(0)
    arr = np.asarray(list(values) if not hasattr(values, "__array__") else values, dtype="float64").ravel()
    return arr[np.isfinite(arr)]


def _round(x: float, decimals: int | None, how: str) -> float:
    if decimals is None:
        return float(x)
    q = 10.0 ** -decimals
    # The tiny epsilon stops 0.30000000000000004 from being ceiled to 0.4.
    if how == "floor":
        return round(math.floor(x / q + 1e-9) * q, decimals)
    if how == "ceil":
        return round(math.ceil(x / q - 1e-9) * q, decimals)
    return round(x, decimals)


def _few_distinct(u: np.ndarray, decimals: int | None) -> list[float]:
    # One class per distinct value: limits half-way between neighbours.
    if len(u) == 1:
        return [float(u[0]), float(u[0])]
    mids = [(a + b) / 2 for a, b in zip(u[:-1], u[1:])]
    out = [_round(u[0], decimals, "floor"), *(_round(m, decimals, "near") for m in mids),
           _round(u[-1], decimals, "ceil")]
    return _dedupe(out)


def _dedupe(breaks: Iterable[float]) -> list[float]:
    out: list[float] = []
    for b in breaks:
        if not out or b > out[-1]:
            out.append(float(b))
    if len(out) == 1:
        out.append(out[0])
    return out


def quantile_breaks(values, k: int = 5, decimals: int | None = None) -> list[float]:
    """Limits with about the same number of places in each of (at most) k classes."""
    v = _finite(values)
    if v.size == 0:
        return []
    u = np.unique(v)
    if len(u) <= k:
        return _few_distinct(u, decimals)
    qs = np.quantile(v, np.linspace(0, 1, k + 1))
    inner = [_round(q, decimals, "near") for q in qs[1:-1]]
    return _dedupe([_round(v.min(), decimals, "floor"), *inner, _round(v.max(), decimals, "ceil")])


def nice_step(raw: float) -> float:
    """The smallest 1/2/2.5/5 × 10^n not below `raw`."""
    if not raw > 0 or not math.isfinite(raw):
        return 1.0
    exp = math.floor(math.log10(raw))
    for e in (exp, exp + 1):
        for m in _NICE:
            step = m * 10.0 ** e
            if step >= raw * (1 - 1e-12):
                return step
    return 10.0 ** (exp + 1)  # pragma: no cover - unreachable


def _next_step(step: float) -> float:
    exp = math.floor(math.log10(step) + 1e-12)
    m = step / 10.0 ** exp
    for n in _NICE:
        if n > m + 1e-9:
            return n * 10.0 ** exp
    return 10.0 ** (exp + 1)


def nice_breaks(values, k: int = 5) -> list[float]:
    """At most k classes of equal, round width (1, 2, 2.5 or 5 × 10^n) covering the data."""
    v = _finite(values)
    if v.size == 0:
        return []
    lo, hi = float(v.min()), float(v.max())
    if lo == hi:
        return [lo, hi]
    step = nice_step((hi - lo) / k)
    while True:
        start = math.floor(lo / step + 1e-9) * step
        n = max(1, math.ceil((hi - start) / step - 1e-9))
        if n <= k:
            break
        step = _next_step(step)
    digits = max(0, -math.floor(math.log10(step)) + 2)
    return [round(start + i * step, digits) for i in range(n + 1)]


def diverging_breaks(values, center: float = 0.0, k: int = 6, decimals: int | None = None) -> list[float]:
    """k classes symmetric around `center`, always k (a diverging legend reads from its middle).

    The outer limit covers 95 % of the places (all of them when there are fewer than 20): one
    extreme place would otherwise squeeze everyone else into the two middle classes; the few
    beyond it go to the end classes, which the map then labels as open ("≥ 15").
    """
    v = _finite(values)
    if v.size == 0:
        return []
    dev = np.abs(v - center)
    m = float(np.quantile(dev, 0.95) if v.size >= 20 else dev.max())
    if m == 0:
        m = float(dev.max())
    if m == 0:
        m = 10.0 ** -(decimals or 0)
    half = k / 2
    step = nice_step(m / half)
    if decimals is not None:
        # Every limit must be printable with `decimals`: with an odd k the limits sit at half
        # steps, so a 2.5 step shown with one decimal would print 1.25 as "1,3".
        unit = 10.0 ** -decimals * (2 if k % 2 else 1)
        while abs(step / unit - round(step / unit)) > 1e-9:
            step = _next_step(step)
    digits = max(0, -math.floor(math.log10(step)) + 2)
    return [round(center + (i - half) * step, digits) for i in range(k + 1)]


def _skewed(v: np.ndarray) -> bool:
    if v.size < 3:
        return False
    sd = v.std()
    if sd == 0:
        return False
    skew = float(np.mean(((v - v.mean()) / sd) ** 3))
    return abs(skew) > 1.0


def choose_breaks(values, k: int = 5, *, decimals: int | None = None, mode: str = "value",
                  center: float = 0.0, k_diverging: int = 6) -> tuple[list[float], str]:
    """(breaks, strategy name): diverging for differences, quantiles for skewed or few-valued
    data, nice equal steps otherwise."""
    v = _finite(values)
    if mode == "difference":
        return diverging_breaks(v, center, k_diverging, decimals), "diverging"
    if v.size == 0:
        return [], "none"
    if len(np.unique(v)) <= k or _skewed(v):
        return quantile_breaks(v, k, decimals), "quantile"
    return nice_breaks(v, k), "nice"


def n_classes(breaks: Sequence[float]) -> int:
    return max(len(breaks) - 1, 0)


def classify(value, breaks: Sequence[float]) -> int | None:
    """Class index of `value`, or None for a missing value (never a colour class).

    Values outside the limits go to the end classes, so fixed limits (kept across years) still
    colour every place; the map then labels the end classes as open ("< b1", "≥ b(n-1)").
    """
    if value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(x) or len(breaks) < 2:
        return None
    n = len(breaks) - 1
    i = bisect_right(list(breaks), x) - 1
    return min(max(i, 0), n - 1)


def _with_unit(text: str, unit_label: str, lang: str | None) -> str:
    if not unit_label:
        return text
    if lang == "sl" and unit_label == "osebe":
        unit_label = "oseb"  # "500–1.000 oseb": a range takes the genitive plural
    if unit_label == "%" and lang == "en":
        return text + "%"
    return text + _NBSP + unit_label


def class_labels(breaks: Sequence[float], decimals: int, lang: str | None, unit_label: str = "",
                 *, open_ends: bool = False) -> list[str]:
    """Legend text per class, e.g. "12,3–15,6 %" (sl/de) or "12.3–15.6%" (en).

    A zero-width class (one distinct value) reads as that single value. With `open_ends` the
    first and last classes read "< b1" and "≥ b(n-1)".
    """
    n = n_classes(breaks)
    out = []
    for i in range(n):
        lo, hi = breaks[i], breaks[i + 1]
        a, b = fmt_number(lo, decimals, lang), fmt_number(hi, decimals, lang)
        if open_ends and n > 1 and i == 0:
            text = "<" + _NBSP + b
        elif open_ends and n > 1 and i == n - 1:
            text = "\u2265" + _NBSP + a
        elif a == b:
            text = a
        else:
            # Spaces around the dash keep "−2,5 – −1,5" from reading as one number.
            sep = f" {_DASH} " if (lo < 0 or hi < 0) else _DASH
            text = a + sep + b
        out.append(_with_unit(text, unit_label, lang))
    return out


def class_colours(n: int, *, diverging: bool = False, second: bool = False) -> list[str]:
    """n colours for n classes; fewer than 3 classes take colours spread over the 3-class set.
    second=True: the palette of a second, separate scale (Austria's, for a within-country indicator)."""
    if second:
        table = DIVERGING_B if diverging else SEQUENTIAL_B
    else:
        table = DIVERGING if diverging else SEQUENTIAL
    if n <= 0:
        return []
    if n in table:
        return list(table[n])
    if n == 1:
        return [table[3][1]]
    if n == 2:
        return [table[3][0], table[3][2]]
    return list(table[max(table)])[:n]  # more than 7 classes is not supported by the palettes
