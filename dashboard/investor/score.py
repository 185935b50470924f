"""The location score: a weighted composite indicator an investor builds for their own profile.

In the spirit of the OECD Better Life Index's "create your own index", with the discipline of the
OECD/JRC Handbook on Constructing Composite Indicators: hard filters first, then normalisation
(min–max or z-score, each indicator's direction respected), weighted aggregation, an explicit
missing-data policy (never a zero), and an uncertainty analysis of the ranks.

Two layers, both without Dash:

* the maths on plain frames (`apply_filters`, `normalise`, `composite`, `ranks`, `sensitivity`,
  `score_places`): places x indicators, NaN = no value; testable on a hand-made frame;
* the configuration (`ScoreConfig`, its URL round trip `parse_query` / `ScoreConfig.to_query`)
  and the bridge to the store (`indicator_windows`, `latest_within`, `run`): each place is scored
  on its latest value within each indicator's window, and within-country indicators are
  normalised per country (`dashboard.comparability`).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from dashboard.comparability import one_scale, scale_groups
from dashboard.components.params import QueryReader
from dashboard.components import state as url_state
from dashboard.components.state import UrlState
from dashboard.i18n import DEFAULT_LANG, fmt_number, t

__all__ = [
    "NORMS", "POLICIES", "SCOPES", "OPS", "MAX_WEIGHT", "N_DRAWS", "SEED", "FACTOR_RANGE", "MAX_FILTERS",
    "WINDOW_YEARS", "COVERS", "DEFAULT_COVER", "cover_share", "latest_within", "indicator_windows",
    "PRESETS", "PRESET_NOTES", "DEFAULT_PRESET", "Filter", "ScoreConfig", "Parsed", "ScoreResult",
    "parse_query", "apply_filters", "normalise", "composite", "ranks", "sensitivity", "score_places",
    "coverage_share", "weightable_ids", "filter_ids", "scope_places", "run", "result_csv",
    "indicator_labels", "filter_text", "filter_reason", "messages", "formula_lines", "number_text",
    "share_text", "cover_text", "year_counts", "latest_values",
]

NORMS = ("minmax", "zscore")
POLICIES = ("rescale", "exclude")
SCOPES = ("partners", "all")
OPS = ("min", "max")
MAX_WEIGHT = 5
MAX_FILTERS = 8
N_DRAWS = 500
SEED = 20240601            # shown on the page: the same seed gives the same rank ranges
FACTOR_RANGE = (0.5, 1.5)  # each weight is multiplied by a factor drawn uniformly from this range
FRAGILE_SPAN = 3           # a 5th–95th percentile rank range covering this many ranks or more
FRAGILE_FIRST_SHARE = 0.5  # the place shown first is fragile if first in fewer draws than this
WINDOW_YEARS = 5           # each place's latest value within the last 5 years of an indicator
# Minimum share of the total weight a place needs data for to be ranked (URL `cover`, in percent;
# "67" is exactly two thirds).
COVERS = {"50": 1 / 2, "67": 2 / 3, "75": 3 / 4, "100": 1.0}
DEFAULT_COVER = "67"
_EPS = 1e-9

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


# --------------------------------------------------------------------------- configuration


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


# --------------------------------------------------------------------------- the maths (pure)


def apply_filters(values: pd.DataFrame, filters) -> tuple[list[str], dict[str, list[tuple[Filter, str]]]]:
    """Hard filters before any scoring. `values`: places x filter indicators. A place without a
    value for a filter's indicator fails it ("no_data"): it cannot be shown to meet it.

    Returns the places kept (input order) and, per failing place, each (filter, reason) it fails
    with reason "below", "above" or "no_data".
    """
    failed: dict[str, list[tuple[Filter, str]]] = {}
    for f in filters:
        col = values[f.indicator] if f.indicator in values else pd.Series(np.nan, index=values.index)
        for code, x in col.items():
            if x != x:
                reason = "no_data"
            elif f.op == "min" and x < f.value:
                reason = "below"
            elif f.op == "max" and x > f.value:
                reason = "above"
            else:
                continue
            failed.setdefault(code, []).append((f, reason))
    kept = [c for c in values.index if c not in failed]
    return kept, failed


def normalise(values: pd.DataFrame, signs, method: str, *, classes=None,
              country_of=None) -> tuple[pd.DataFrame, list[str]]:
    """Each column onto a common scale where larger is better; NaN stays NaN.

    min–max: 100 (x − min)/(max − min), or 100 (max − x)/(max − min) where lower is better;
    z-score: (x − mean)/sd with the population sd (ddof 0), sign flipped where lower is better.
    Statistics are over the non-missing values of each scale group (`comparability.scale_groups`):
    all places for a comparable indicator; Slovenian and Austrian places separately for one whose
    `classes[col]` is "within_country" (then `country_of` gives each place's country), so a
    Slovenian town's 100 means best among the Slovenian towns. A group without spread gives 50
    (min–max) or 0 (z) to each of its places; columns where every group lacks spread are returned
    as `constant`. `signs`: +1 / −1 per column (−1 = lower is better).
    """
    if method not in NORMS:
        raise ValueError(f"method must be one of {NORMS}, not {method!r}")
    classes = classes or {}
    out = pd.DataFrame(index=values.index, columns=values.columns, dtype=float)
    constant = []
    for col in values.columns:
        sign = float(signs[col])
        spread = False
        seen = False
        groups = scale_groups(classes.get(col, "comparable"), values.index, country_of or {})
        for members in groups.values():
            x = values.loc[members, col].astype(float)
            ok = x.notna()
            if not ok.any():
                continue
            seen = True
            idx = x.index[ok]
            if method == "minmax":
                lo, hi = x[ok].min(), x[ok].max()
                if hi == lo:
                    out.loc[idx, col] = 50.0
                    continue
                out.loc[idx, col] = ((x[ok] - lo) if sign > 0 else (hi - x[ok])) / (hi - lo) * 100.0
            else:
                mean, sd = x[ok].mean(), x[ok].std(ddof=0)
                if not sd > 0:
                    out.loc[idx, col] = 0.0
                    continue
                out.loc[idx, col] = sign * (x[ok] - mean) / sd
            spread = True
        if seen and not spread:
            constant.append(col)
    return out, constant


def composite(normalised: pd.DataFrame, weights) -> tuple[pd.Series, pd.DataFrame]:
    """score = Σ wᵢ sᵢ / Σ wᵢ over the indicators the place has (so weights need not sum to 1, and
    a missing value is left out, never counted as zero). contributionᵢ = wᵢ sᵢ / Σ wᵢ; the
    contributions of a place add up to its score. A place with no value at all scores NaN."""
    w = pd.Series(weights, dtype=float).reindex(normalised.columns).fillna(0.0)
    present = normalised.notna() & (w > 0)
    denom = present.mul(w, axis=1).sum(axis=1)
    contrib = normalised.mul(w, axis=1).where(present).div(denom.where(denom > 0), axis=0)
    score = contrib.sum(axis=1, min_count=1)
    return score, contrib


def ranks(score: pd.Series) -> pd.Series:
    """1 = best; equal scores share the better rank; NaN scores are left out."""
    s = score.dropna().round(9)
    return s.map(lambda v: int((s > v).sum()) + 1).astype(int)


def _rank_matrix(scores: np.ndarray) -> np.ndarray:
    """Per row (a draw): the rank of each column (a place), 1 = highest, ties share the better rank.
    O(n log n) per draw, so a scope of every municipality of both countries stays cheap."""
    neg = -np.round(scores, 9)
    out = np.empty(neg.shape, dtype=np.int64)
    for d in range(neg.shape[0]):
        out[d] = np.searchsorted(np.sort(neg[d]), neg[d], side="left") + 1
    return out


def sensitivity(values: pd.DataFrame, weights, signs, *, n_draws: int = N_DRAWS, seed: int = SEED,
                factor_range=FACTOR_RANGE, policies=POLICIES, classes=None, country_of=None) -> pd.DataFrame:
    """Rank ranges under perturbed weights, normalisation and missing-data rule (Handbook step 7,
    uncertainty analysis).

    Each draw multiplies every weight by a factor uniform in `factor_range` (a weight of 0 stays 0),
    picks min–max or z-score with equal chance, and picks a missing-data rule from `policies` with
    equal chance: "rescale" scores a place on the indicators it has; "exclude" leaves every place
    with a gap out of that draw (normalisation over the complete places only) and counts it as
    ranked behind all of them. `values` must hold the places eligible under the most lenient rule
    (after the filters and the minimum-coverage rule); within-country indicators (`classes`) are
    normalised per country in every draw, as in the score itself.
    Returns per place p5, p50, p95 (rank percentiles, observed ranks), share_first (share of
    draws in which it ranks first) and share_unranked (share of draws that leave it out). The same
    seed gives the same result; the weight and normalisation draws come first, so data without
    gaps gives exactly the ranges of a weights-and-normalisation-only analysis.
    """
    cols = [c for c in values.columns if float(pd.Series(weights).get(c, 0) or 0) > 0]
    idx = values.index
    empty = pd.DataFrame({"p5": pd.Series(dtype=float), "p50": pd.Series(dtype=float),
                          "p95": pd.Series(dtype=float), "share_first": pd.Series(dtype=float),
                          "share_unranked": pd.Series(dtype=float)})
    if not len(idx) or not cols:
        return empty.reindex(idx)
    policies = tuple(policies)
    if not policies or any(p not in POLICIES for p in policies):
        raise ValueError(f"policies must be taken from {POLICIES}, not {policies!r}")
    w = np.array([float(pd.Series(weights)[c]) for c in cols])
    v = values[cols]
    complete = v.notna().all(axis=1)
    sets = {"rescale": v, "exclude": v[complete]}
    normed = {(m, p): normalise(sets[p], signs, m, classes=classes, country_of=country_of)[0]
              .reindex(idx).to_numpy(dtype=float)
              for m in NORMS for p in policies}
    rng = np.random.default_rng(seed)
    factors = rng.uniform(factor_range[0], factor_range[1], size=(n_draws, len(cols)))
    pick = rng.integers(0, len(NORMS), size=n_draws)
    pick_policy = rng.integers(0, len(policies), size=n_draws)
    wd = factors * w                                                     # draws x indicators
    scores = np.full((n_draws, len(idx)), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k, m in enumerate(NORMS):
            for j, p in enumerate(policies):
                rows = (pick == k) & (pick_policy == j)
                if not rows.any():
                    continue
                s = normed[(m, p)]
                present = (~np.isnan(s)).astype(float)                 # places x indicators
                den = wd[rows] @ present.T                               # draws x places
                scores[rows] = np.where(den > 0, (wd[rows] @ np.nan_to_num(s).T) / den, np.nan)
    unranked = np.isnan(scores)
    rk = _rank_matrix(np.nan_to_num(scores, nan=-np.inf))
    p5, p50, p95 = np.percentile(rk, [5, 50, 95], axis=0, method="inverted_cdf")
    return pd.DataFrame({"p5": p5.astype(int), "p50": p50.astype(int), "p95": p95.astype(int),
                         "share_first": ((rk == 1) & ~unranked).mean(axis=0),
                         "share_unranked": unranked.mean(axis=0)}, index=idx)


@dataclass(frozen=True)
class ScoreResult:
    table: pd.DataFrame          # ranked places, best first: rank, score, p5, p50, p95, share_first,
    #                              share_unranked, fragile, coverage (weight share with data),
    #                              missing (tuple of indicator ids left out of the place's score)
    normalised: pd.DataFrame     # ranked places x weighted indicators (NaN = no value)
    contributions: pd.DataFrame  # ranked places x weighted indicators; rows sum to the score
    values: pd.DataFrame         # every place in scope x weighted and filter indicators (raw)
    filtered: dict               # place -> [(Filter, reason)] for places failing a filter
    excluded: dict               # place -> missing indicators (left out by the "exclude" policy)
    constant: tuple              # weighted indicators without spread (50 or 0 for every place)
    empty: tuple                 # weighted indicators no ranked place has a value for
    weights: pd.Series           # indicator -> weight (> 0 only)
    signs: pd.Series             # indicator -> +1 / −1 after any inversion
    norm: str
    policy: str
    n_draws: int
    seed: int
    insufficient: dict = field(default_factory=dict)  # place -> missing indicators ("not enough data")
    coverage: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))  # place -> weight share
    min_share: float = COVERS[DEFAULT_COVER]
    within: tuple = ()           # weighted within-country indicators normalised per country here
    years: pd.DataFrame | None = None   # places x indicators: the year of each value used (NaN = none)
    windows: dict = field(default_factory=dict)  # indicator -> (first year, last year) of its window


def coverage_share(values: pd.DataFrame, weights) -> pd.Series:
    """Per place: the share of the total weight carried by indicators it has a value for."""
    w = pd.Series(weights, dtype=float).reindex(values.columns).fillna(0.0)
    total = float(w.sum())
    if not total > 0:
        return pd.Series(np.nan, index=values.index, dtype=float)
    return values.notna().mul(w, axis=1).sum(axis=1) / total


def score_places(values: pd.DataFrame, weights, signs, *, norm: str = "minmax", policy: str = "rescale",
                 filter_values: pd.DataFrame | None = None, filters=(), n_draws: int = N_DRAWS,
                 seed: int = SEED, min_share: float = COVERS[DEFAULT_COVER], classes=None,
                 country_of=None, years: pd.DataFrame | None = None, windows=None) -> ScoreResult:
    """The whole pipeline on plain frames: filter, apply the minimum-coverage rule and the
    missing-data policy, normalise over the places that remain (per country for within-country
    indicators), aggregate, rank, and run the sensitivity analysis.

    values: places x weighted indicators (NaN = no value); weights: indicator -> weight (0 = unused);
    signs: indicator -> +1 / −1; filter_values: places x filter indicators (default: `values`);
    min_share: a place whose values carry less than this share of the total weight is "not enough
    data" and never ranked, whatever the policy; classes: indicator -> comparability class
    (default comparable); country_of: place -> country (needed for within-country indicators);
    years / windows: carried into the result for the page and the CSV.
    """
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}, not {policy!r}")
    if not 0 < float(min_share) <= 1:
        raise ValueError(f"min_share must be in (0, 1], not {min_share!r}")
    classes = dict(classes or {})
    weights = pd.Series(weights, dtype=float)
    weights = weights[weights > 0]
    cols = [c for c in values.columns if c in weights.index]
    weights = weights.reindex(cols)
    signs = pd.Series(signs, dtype=float).reindex(cols).fillna(1.0)
    fv = filter_values if filter_values is not None else values
    kept, failed = apply_filters(fv.reindex(values.index), filters)
    v = values.loc[kept, cols]

    has = v.notna()
    cover = coverage_share(v, weights)
    insufficient: dict[str, tuple] = {}
    excluded: dict[str, tuple] = {}
    for code in v.index:
        missing = tuple(c for c in cols if not has.at[code, c])
        if not cols:
            continue
        if cover[code] < float(min_share) - _EPS:
            insufficient[code] = missing
        elif policy == "exclude" and missing:
            excluded[code] = missing
    eligible = v.drop(index=list(insufficient))
    ranked = eligible.drop(index=list(excluded))

    normed, constant = normalise(ranked, signs, norm, classes=classes, country_of=country_of)
    score, contrib = composite(normed, weights)
    rk = ranks(score)
    sens = sensitivity(eligible, weights, signs, n_draws=n_draws, seed=seed, classes=classes,
                       country_of=country_of)
    table = pd.DataFrame({"rank": rk, "score": score.reindex(rk.index)})
    table = table.join(sens)
    table["coverage"] = cover.reindex(table.index)
    table["missing"] = [tuple(c for c in cols if not has.at[code, c]) for code in table.index]
    span = table["p95"] - table["p5"] + 1
    first_fragile = (table["rank"] == 1) & (table["share_first"] < FRAGILE_FIRST_SHARE)
    table["fragile"] = (span >= FRAGILE_SPAN) | first_fragile
    table = table.sort_values(["rank", "score"], ascending=[True, False], kind="stable")
    empty = tuple(c for c in cols if not ranked[c].notna().any()) if len(ranked) else tuple(cols)
    within = ()
    if country_of is not None:
        within = tuple(c for c in cols if not one_scale(classes.get(c, "comparable"))
                       and len({country_of[p] for p in ranked.index[ranked[c].notna()]}) > 1)
    all_values = values.join(fv.drop(columns=[c for c in fv.columns if c in values.columns]), how="left")
    return ScoreResult(
        table=table, normalised=normed.reindex(table.index), contributions=contrib.reindex(table.index),
        values=all_values, filtered=failed, excluded=excluded, constant=tuple(constant), empty=empty,
        weights=weights, signs=signs, norm=norm, policy=policy, n_draws=n_draws, seed=seed,
        insufficient=insufficient, coverage=cover, min_share=float(min_share), within=within,
        years=years, windows=dict(windows or {}),
    )


# --------------------------------------------------------------------------- the store bridge


def latest_within(obs: pd.DataFrame, places, start: int, end: int) -> tuple[pd.Series, pd.Series]:
    """Each place's latest value in the years start..end (inclusive), and the year it is from.

    obs: observations with columns place, year, value (any years). A place without a value in the
    window gets NaN for both: a value older than the window counts as missing, never silently used.
    """
    idx = pd.Index(list(places), name="place")
    o = obs.loc[(obs["year"] >= start) & (obs["year"] <= end) & obs["value"].notna(), ["place", "year", "value"]]
    o = o.sort_values("year", kind="stable").groupby("place", sort=False).tail(1).set_index("place")
    return (o["value"].reindex(idx).astype(float).rename("value"),
            o["year"].reindex(idx).astype(float).rename("year"))


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


def scope_places(store, scope: str) -> list[str]:
    if scope == "all":
        regions = set(store.place_codes(level="region", partner=True))
        return [c for c in store.place_codes(level="municipality") if store.place(c)["region"] in regions]
    return store.partners()


def _latest_frames(store, inds, places) -> tuple[pd.DataFrame, pd.DataFrame]:
    """places x inds: each place's latest value within each indicator's window, and its year."""
    wins = _windows_cached(store)
    idx = pd.Index(places, name="place")
    values = pd.DataFrame(index=idx, columns=list(inds), dtype=float)
    years = pd.DataFrame(index=idx, columns=list(inds), dtype=float)
    for i in inds:
        if wins.get(i) is None:
            continue
        start, end, _ = wins[i]
        obs = store.series(i, places, years=range(start, end + 1))
        values[i], years[i] = latest_within(obs, places, start, end)
    return values, years


def latest_values(store, indicator: str, places) -> tuple[pd.Series, pd.Series]:
    """One indicator: each place's latest value within the window, and its year (NaN = none)."""
    values, years = _latest_frames(store, [indicator], list(places))
    return values[indicator], years[indicator]


def run(store, config: ScoreConfig, *, n_draws: int = N_DRAWS, seed: int = SEED) -> ScoreResult:
    """The score for a configuration, from the store: each place's latest value within each
    indicator's window, within-country indicators normalised per country."""
    wins = _windows_cached(store)
    places = scope_places(store, config.scope)
    weighted = [i for i, w in config.weights if w > 0 and wins.get(i) is not None]
    filter_inds = [i for i in dict.fromkeys(f.indicator for f in config.filters) if i not in weighted]
    values, years_w = _latest_frames(store, weighted, places)
    filter_values, years_f = _latest_frames(store, filter_inds, places)
    filter_all = values.join(filter_values)
    signs = {}
    for i in weighted:
        sign = -1.0 if store.indicator(i)["direction"] == "lower_better" else 1.0
        signs[i] = -sign if i in config.inverted else sign
    weights = {i: float(config.weight(i)) for i in weighted}
    classes = {i: store.indicator(i)["comparability_class"] for i in weighted}
    country_of = {c: store.place(c)["country"] for c in places}
    windows = {i: wins[i][:2] for i in weighted + filter_inds}
    return score_places(values, weights, signs, norm=config.norm, policy=config.missing,
                        filter_values=filter_all, filters=config.filters, n_draws=n_draws, seed=seed,
                        min_share=config.min_share, classes=classes, country_of=country_of,
                        years=years_w.join(years_f), windows=windows)


def _year_text(y) -> str:
    return "" if y is None or y != y else str(int(y))


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
    rows = []
    for code in order:
        info = store.place(code)
        row = {"place_code": code, "place": info["name"], "country": info["country"], "region": info["region"]}
        cover = result.coverage.get(code, np.nan) if len(result.coverage) else np.nan
        if code in result.table.index:
            r = result.table.loc[code]
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
            x = result.values.at[code, ind]
            y = years.at[code, ind] if ind in years.columns else np.nan
            start, end = result.windows.get(ind, (None, None))
            row[f"{ind}_window"] = f"{start}-{end}" if start is not None else ""
            row[f"{ind}_year"] = _year_text(y) if x == x else ""
            row[f"{ind}_value"] = None if x != x else float(x)
            row[f"{ind}_data_flags"] = (store.cross_section(ind, int(y), [code])["flags"].iloc[0]
                                        if x == x and y == y else "")
            if ind in weighted:
                if code in result.normalised.index:
                    s = result.normalised.at[code, ind]
                    c = result.contributions.at[code, ind]
                    row[f"{ind}_normalised"] = None if s != s else round(float(s), 4)
                    row[f"{ind}_contribution"] = None if c != c else round(float(c), 4)
                else:
                    row[f"{ind}_normalised"] = None
                    row[f"{ind}_contribution"] = None
        rows.append(row)
    df = pd.DataFrame(rows)
    for col in ("rank", "rank_p5", "rank_p50", "rank_p95"):
        if col in df:
            df[col] = df[col].astype("Int64")
    return df.to_csv(index=False, lineterminator="\n")


# --------------------------------------------------------------------------- texts for the page


def indicator_labels(store, lang: str) -> dict[str, dict]:
    """Per indicator with municipal data: name, unit, decimals, theme, direction, its window
    (start, year = the window's last year, period "2019–2023"), how many partners have a value in
    it, the comparability class and note (empty = comparable)."""
    wins = _windows_cached(store)
    out = {}
    for i in store.indicator_ids():
        if wins[i] is None:
            continue
        start, end, n = wins[i]
        row = store.indicator(i)
        out[i] = {"id": i, "name": row[f"name_{lang}"] or row["name_en"], "unit": row["unit"],
                  "decimals": int(row["decimals"]), "theme": row["theme"], "direction": row["direction"],
                  "year": end, "start": start, "period": f"{start}\u2013{end}", "n_partners": n,
                  "comparability": row[f"comparability_{lang}"],
                  "comparability_class": row.get("comparability_class", "comparable"),
                  "definition": row[f"definition_{lang}"]}
    return out


def filter_text(f: Filter, labels: dict, lang: str) -> str:
    """"Population 2021–2025: at least 10.000" in the page's language and number style."""
    meta = labels[f.indicator]
    decimals = max(int(meta["decimals"]), _decimals_of(f.value))
    return t(f"score.filter.{f.op}", lang, indicator=meta["name"], year=meta["period"],
             value=fmt_number(f.value, decimals, lang))


def _decimals_of(value: float) -> int:
    text = number_text(value)
    return len(text.split(".")[1]) if "." in text else 0


def filter_reason(f: Filter, reason: str, value, labels: dict, lang: str, year=None) -> str:
    """Why a place failed a filter; `year` is the year of the place's value (its latest in the window)."""
    meta = labels[f.indicator]
    if reason == "no_data":
        return t("score.reason.no_data", lang, indicator=meta["name"], year=meta["period"])
    decimals = max(int(meta["decimals"]), _decimals_of(f.value))
    return t(f"score.reason.{reason}", lang, indicator=meta["name"],
             year=_year_text(year) or meta["period"],
             value=fmt_number(value, int(meta["decimals"]), lang), threshold=fmt_number(f.value, decimals, lang))


def share_text(share: float, lang: str) -> str:
    """A weight share as a percentage of the total weight: "67 %" (no decimals)."""
    return fmt_number(100 * float(share), 0, lang) + "\u00a0%"


def cover_text(cover: str, lang: str) -> str:
    """The minimum coverage option as shown: "⅔ of the weight (67 %)"."""
    return t(f"score.cover.{cover}", lang)


def _names(ids_, labels) -> str:
    return ", ".join(labels[i]["name"] for i in ids_)


def year_counts(result: ScoreResult, indicator: str, places) -> list[tuple[int, int]]:
    """(year, number of places) for the values of `indicator` used for `places`, latest first."""
    if result.years is None or indicator not in result.years.columns:
        return []
    y = result.years.loc[list(places), indicator].dropna().astype(int)
    return sorted(y.value_counts().items(), reverse=True)


def messages(store, config: ScoreConfig, result: ScoreResult, lang: str) -> list[dict]:
    """What the reader must know to trust (or distrust) the ranking, as {kind, key, text, items}:
    kind "warning" changes how the numbers read, "info" explains. `items` are optional detail lines."""
    labels = indicator_labels(store, lang)
    weighted = list(result.weights.index)
    out: list[dict] = []

    def add(kind, key, items=(), **fmt):
        out.append({"kind": kind, "key": key, "text": t(key, lang, **fmt), "items": list(items)})

    if not weighted:
        add("info", "score.msg.no_weights")
        return out
    for code in result.table.index[(result.table["rank"] == 1) & result.table["fragile"]]:
        add("warning", "score.msg.first_fragile", place=store.place(code)[f"name_{lang}"], n=result.n_draws,
            share=fmt_number(100 * float(result.table.at[code, "share_first"]), 0, lang))
    if result.within:
        key = "score.msg.within_country_" + result.norm
        add("info", key, items=[f"{labels[i]['name']}: {labels[i]['comparability']}" if labels[i]["comparability"]
                                else labels[i]["name"] for i in result.within],
            names=_names(result.within, labels))
    differs = [i for i in weighted if labels[i]["comparability"] and i not in result.within]
    if differs:
        add("warning", "score.msg.definitions_differ",
            items=[f"{labels[i]['name']}: {labels[i]['comparability']}" for i in differs], names=_names(differs, labels))
    ranked = result.table.index
    countries = {c: store.place(c)["country"] for c in result.values.index}
    if len({countries[c] for c in ranked}) > 1:
        for i in weighted:
            with_value = {countries[c] for c in ranked if result.values.at[c, i] == result.values.at[c, i]}
            if len(with_value) == 1:
                add("warning", "score.msg.one_country", indicator=labels[i]["name"], year=labels[i]["period"],
                    country=t(f"score.country.{next(iter(with_value))}", lang))
    if result.insufficient:
        add("warning", "score.msg.not_enough", n=len(result.insufficient), share=share_text(result.min_share, lang))
    mixed = [(i, year_counts(result, i, ranked)) for i in weighted]
    mixed = [(i, counts) for i, counts in mixed if len(counts) > 1]
    if mixed:
        items = [t("score.msg.years_item", lang, indicator=labels[i]["name"], period=labels[i]["period"],
                   years=", ".join(t("score.msg.years_count", lang, year=y, n=n) for y, n in counts))
                 for i, counts in mixed]
        add("info", "score.msg.years_differ", items=items, names=_names([i for i, _ in mixed], labels))
    partial = [c for c in ranked if len(result.table.at[c, "missing"])]
    if partial:
        items = [t("score.msg.partial_item", lang, place=store.place(c)[f"name_{lang}"],
                   share=share_text(result.table.at[c, "coverage"], lang),
                   indicators=", ".join(f"{labels[i]['name']} {labels[i]['period']}" for i in result.table.at[c, "missing"]))
                 for c in partial]
        add("warning", "score.msg.partial", items=items, n=len(partial))
    for i in result.empty:
        add("warning", "score.msg.empty", indicator=labels[i]["name"], year=labels[i]["period"])
    for i in result.constant:
        if i not in result.empty:
            add("info", f"score.msg.constant_{result.norm}", indicator=labels[i]["name"], year=labels[i]["period"])
    flipped = [i for i in weighted if i in config.inverted]
    if flipped:
        add("info", "score.msg.inverted", names=_names(flipped, labels))
    if len(ranked) < 2:
        add("warning", "score.msg.too_few", n=len(ranked))
    return out


def formula_lines(norm: str, lang: str) -> list[str]:
    """The formula as plain text lines (shown in a <pre>), for the chosen normalisation."""
    lines = [t("score.formula.score", lang)]
    if norm == "minmax":
        lines += [t("score.formula.minmax_up", lang), t("score.formula.minmax_down", lang)]
    else:
        lines += [t("score.formula.z_up", lang), t("score.formula.z_down", lang)]
    lines.append(t("score.formula.contribution", lang))
    return lines
