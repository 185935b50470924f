"""The location score's configuration and its round trip through the URL: weights, direction
flips, hard filters, normalisation, missing-data policy, minimum coverage and scope, so a score
can be shared by link. Parsing never fails: every part that cannot be used is dropped with a
notice, the rest is kept. What a score can use is decided here too: each indicator's window of
years, and which indicators can carry a weight or a filter. No Dash import; the maths are logic.py.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from dashboard.components import state as url_state
from dashboard.components.params import QueryReader
from dashboard.components.state import UrlState
from dashboard.i18n import DEFAULT_LANG

__all__ = [
    "NORMS", "POLICIES", "SCOPES", "OPS", "MAX_WEIGHT", "PAGE_SIZE", "MAX_FILTERS", "WINDOW_YEARS", "COVERS", "DEFAULT_COVER",
    "PRESETS", "PRESET_NOTES", "DEFAULT_PRESET", "Filter", "ScoreConfig", "Parsed", "parse_query", "cover_share",
    "number_text", "indicator_windows", "weightable_ids", "filter_ids",
]

NORMS = ("minmax", "zscore")
POLICIES = ("rescale", "exclude")
SCOPES = ("partners", "all")
OPS = ("min", "max")
MAX_WEIGHT = 5
MAX_FILTERS = 8
PAGE_SIZE = 50             # rows of the ranking (table and chart) shown and sent at a time
WINDOW_YEARS = 5           # each place's latest value within the last 5 years of an indicator
# Minimum share of the total weight a place needs data for to be ranked (URL `cover`, in percent;
# "67" is exactly two thirds).
COVERS = {"50": 1 / 2, "67": 2 / 3, "75": 3 / 4, "100": 1.0}
DEFAULT_COVER = "67"

# Weights per investor profile, on the catalogue's directions (no hidden flips). Only indicators
# the catalogue marks higher_better / lower_better can carry a weight. Why each weight: the page
# shows PRESET_NOTES' texts (score.preset.<name>.why), which say the same in three languages.
PRESETS: dict[str, dict[str, int]] = {
    # a workforce that is in work and not ageing fast; a business base for suppliers
    "manufacturing": {"employment_rate": 4, "ageing_index": 3, "population_change_rate": 2,
                      "enterprises_per_1000": 2, "tertiary_share": 1},
    # graduates above all, places people move to, a dense business environment
    "knowledge": {"tertiary_share": 5, "net_migration_rate": 3, "enterprises_per_1000": 3,
                  "employment_rate": 2, "ageing_index": 1},
    # a large, growing labour pool (the dataset has no transport or land-price indicators)
    "logistics": {"employment_rate": 4, "population_change_rate": 3, "ageing_index": 2,
                  "enterprises_per_1000": 2, "net_migration_rate": 1},
    # guests who stay (Slovenian municipalities only), local businesses, a place people move to
    "tourism": {"avg_length_of_stay": 5, "enterprises_per_1000": 2, "net_migration_rate": 2,
                "employment_rate": 1, "dwellings_completed_per_1000": 1},
}
PRESET_NOTES = {name: f"score.preset.{name}.why" for name in PRESETS}
DEFAULT_PRESET = "manufacturing"


@dataclass(frozen=True)
class Filter:
    """A hard threshold: keep places whose value is at least (`min`) or at most (`max`) `value`."""

    indicator: str
    op: str
    value: float

    def token(self) -> str:
        return f"{self.indicator}:{self.op}:{number_text(self.value)}"


@dataclass(frozen=True)
class ScoreConfig(UrlState):
    """Everything that defines a score; its URL is `to_query()`, so a score can be shared."""

    weights: tuple[tuple[str, int], ...] = ()   # (indicator, 1..5); weight 0 = not chosen
    inverted: tuple[str, ...] = ()              # explicit, user-chosen direction flips
    filters: tuple[Filter, ...] = ()
    norm: str = "minmax"
    missing: str = "rescale"
    scope: str = "partners"
    cover: str = DEFAULT_COVER                  # key of COVERS: minimum weight share with data
    preset: str | None = None                   # the preset the weights started from, if any
    lang: str = DEFAULT_LANG

    def weight(self, indicator: str) -> int:
        return dict(self.weights).get(indicator, 0)

    @property
    def min_share(self) -> float:
        return cover_share(self.cover)

    def with_preset(self, name: str, available=None) -> "ScoreConfig":
        weights = PRESETS[name]
        if available is not None:
            weights = {i: w for i, w in weights.items() if i in set(available)}
            order = list(available)
            weights = dict(sorted(weights.items(), key=lambda kv: order.index(kv[0])))
        return replace(self, weights=tuple(weights.items()), inverted=(), preset=name)

    def to_query(self, lang: str | None = None) -> str:
        params: dict[str, str] = {"lang": lang or self.lang}
        if self.preset:
            params["preset"] = self.preset
        params["w"] = ",".join(f"{i}:{w}" for i, w in self.weights)
        if self.inverted:
            params["inv"] = ",".join(self.inverted)
        if self.filters:
            params["f"] = ",".join(f.token() for f in self.filters)
        params.update(norm=self.norm, missing=self.missing, cover=self.cover, scope=self.scope)
        return "?" + urlencode(params, safe=",:")

    @classmethod
    def _field(cls, name: str, value):
        if name == "weights":
            return tuple((str(i), int(w)) for i, w in value)
        if name == "filters":
            return tuple(Filter(str(i), str(op), float(v)) for i, op, v in value)
        if name == "cover":
            return str(value)
        return super()._field(name, value)


class Parsed(url_state.Parsed[ScoreConfig]):
    @property
    def config(self) -> ScoreConfig:
        """The score calls its state a configuration."""
        return self.state


def cover_share(cover: str) -> float:
    """The minimum weight share for a `cover` key ("67" -> 2/3); an unknown key -> the default."""
    return COVERS.get(str(cover), COVERS[DEFAULT_COVER])


def number_text(value: float) -> str:
    """A threshold as typed in a URL: 10000, 7.5 (never 1e+04, never a lost digit)."""
    v = float(value)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def _number(text: str) -> float | None:
    try:
        v = float(text.strip())
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None



def parse_query(query: dict | str, store) -> Parsed:
    """URL parameters -> a valid configuration; every part that cannot be used is dropped with a
    notice (i18n key + args), the rest is kept, so a half-broken link still opens a score."""
    r = QueryReader(query)
    notices = r.notices

    bad = r.bad

    lang = r.lang()

    choice = r.choice

    norm = choice("norm", NORMS, "minmax")
    missing = choice("missing", POLICIES, "rescale")
    cover = choice("cover", tuple(COVERS), DEFAULT_COVER)
    scope = choice("scope", SCOPES, "partners")

    all_ids = set(store.indicator_ids())
    weightable = weightable_ids(store)
    filterable = filter_ids(store)

    def name(i: str) -> dict:
        return {"indicator": i}

    preset = r.get("preset") or None
    if preset is not None and preset not in PRESETS:
        bad("preset", preset)
        preset = None

    raw_w = (r.get("w") or "") if r.given("w") else None
    weights: dict[str, int] = {}
    if raw_w is None:  # no weights in the link: a preset's (the default one if none is named)
        preset = preset or DEFAULT_PRESET
        weights = {i: w for i, w in PRESETS[preset].items() if i in weightable}
    else:
        for part in filter(None, (p.strip() for p in raw_w.split(","))):
            ind, sep, w_text = part.partition(":")
            ind = ind.strip()
            if ind not in all_ids:
                notices.append(("score.notice.unknown_indicator", {"value": ind[:40]}))
                continue
            if ind not in weightable:
                notices.append(("score.notice.not_weightable", name(ind)))
                continue
            w = _number(w_text) if sep else None
            if w is None or not float(w).is_integer() or not 0 <= w <= MAX_WEIGHT:
                notices.append(("score.notice.bad_weight", {"value": w_text.strip()[:20] or "?", **name(ind)}))
                continue
            if ind in weights:
                notices.append(("score.notice.duplicate", name(ind)))
            if int(w):
                weights[ind] = int(w)
            else:
                weights.pop(ind, None)

    inverted: list[str] = []
    for ind in filter(None, (p.strip() for p in (r.get("inv") or "").split(","))):
        if ind not in weightable:
            notices.append(("score.notice.bad_invert", {"value": ind[:40]}))
        elif ind not in inverted:
            inverted.append(ind)

    filters: list[Filter] = []
    for part in filter(None, (p.strip() for p in (r.get("f") or "").split(","))):
        bits = part.split(":")
        value = _number(bits[2]) if len(bits) == 3 else None
        if len(bits) != 3 or bits[1] not in OPS or value is None:
            notices.append(("score.notice.bad_filter", {"value": part[:40]}))
            continue
        if bits[0] not in all_ids:
            notices.append(("score.notice.unknown_indicator", {"value": bits[0][:40]}))
            continue
        if bits[0] not in filterable:
            notices.append(("score.notice.filter_unavailable", name(bits[0])))
            continue
        f = Filter(bits[0], bits[1], value)
        if f in filters:
            continue
        if len(filters) >= MAX_FILTERS:
            notices.append(("score.notice.too_many_filters", {"n": MAX_FILTERS}))
            break
        filters.append(f)

    config = ScoreConfig(weights=tuple(weights.items()), inverted=tuple(inverted), filters=tuple(filters),
                         norm=norm, missing=missing, scope=scope, cover=cover, preset=preset, lang=lang)
    return Parsed(config, notices)


# --------------------------------------------------------------------------- what a score can use


@functools.lru_cache(maxsize=8)
def _windows_cached(store) -> dict[str, tuple[int, int, int] | None]:
    out = {}
    partners = store.partners()
    for ind in store.indicator_ids():
        cov = store.coverage(ind, partners)
        with_data = [int(y) for y in cov.columns if bool(cov[y].any())]
        if not with_data:
            out[ind] = None
            continue
        end = max(with_data)
        start = end - WINDOW_YEARS + 1
        inside = [y for y in cov.columns if start <= int(y) <= end]
        out[ind] = (start, end, int(cov[inside].any(axis=1).sum()))
    return out


def indicator_windows(store) -> dict[str, tuple[int, int, int] | None]:
    """Per indicator its window: (first year, last year, partners with a value in it).

    The window ends in the latest year in which any partner municipality has a value and spans
    WINDOW_YEARS years; each place is scored on its latest value inside it (its own year), and a
    value older than the window counts as missing. None = no municipal data at all.
    """
    return dict(_windows_cached(store))


def weightable_ids(store) -> list[str]:
    """Indicators with a direction and municipal data, in catalogue order."""
    wins = _windows_cached(store)
    return [i for i in store.indicator_ids()
            if store.indicator(i)["direction"] != "neutral" and wins[i] is not None]


def filter_ids(store) -> list[str]:
    """Any indicator with municipal data can be a hard filter, neutral ones (population) too."""
    wins = _windows_cached(store)
    return [i for i in store.indicator_ids() if wins[i] is not None]
