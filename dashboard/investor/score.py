"""The location score: a weighted composite indicator an investor builds for their own profile.

In the spirit of the OECD Better Life Index's "create your own index", with the discipline of the
OECD/JRC Handbook on Constructing Composite Indicators: hard filters first, then normalisation
(min–max or z-score, each indicator's direction respected), weighted aggregation, an explicit
missing-data policy (never a zero), and an uncertainty analysis of the ranks.

Two layers, both without Dash:

* the maths on plain frames (`apply_filters`, `normalise`, `composite`, `ranks`, `sensitivity`,
  `score_places`): places x indicators, NaN = no value; testable on a hand-made frame;
* the configuration (`ScoreConfig`, its URL round trip `parse_query` / `ScoreConfig.to_query`)
  and the bridge to the store (`indicator_years`, `run`), which picks each indicator's year.
"""
from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass, field, replace
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from dashboard.components.params import QueryReader
from dashboard.i18n import DEFAULT_LANG, fmt_number, t

__all__ = [
    "NORMS", "POLICIES", "SCOPES", "OPS", "MAX_WEIGHT", "N_DRAWS", "SEED", "FACTOR_RANGE", "MAX_FILTERS",
    "PRESETS", "PRESET_NOTES", "DEFAULT_PRESET", "Filter", "ScoreConfig", "Parsed", "ScoreResult",
    "parse_query", "apply_filters", "normalise", "composite", "ranks", "sensitivity", "score_places",
    "indicator_years", "weightable_ids", "filter_ids", "scope_places", "run", "result_csv",
    "indicator_labels", "filter_text", "filter_reason", "messages", "formula_lines", "number_text",
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
class ScoreConfig:
    """Everything that defines a score; its URL is `to_query()`, so a score can be shared."""

    weights: tuple[tuple[str, int], ...] = ()   # (indicator, 1..5); weight 0 = not chosen
    inverted: tuple[str, ...] = ()              # explicit, user-chosen direction flips
    filters: tuple[Filter, ...] = ()
    norm: str = "minmax"
    missing: str = "rescale"
    scope: str = "partners"
    preset: str | None = None                   # the preset the weights started from, if any
    lang: str = DEFAULT_LANG

    def weight(self, indicator: str) -> int:
        return dict(self.weights).get(indicator, 0)

    def with_(self, **changes) -> "ScoreConfig":
        return replace(self, **changes)

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
        params.update(norm=self.norm, missing=self.missing, scope=self.scope)
        return "?" + urlencode(params, safe=",:")

    def as_dict(self) -> dict:
        d = asdict(self)
        d["weights"] = [list(x) for x in self.weights]
        d["inverted"] = list(self.inverted)
        d["filters"] = [[f.indicator, f.op, f.value] for f in self.filters]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "ScoreConfig":
        return cls(
            weights=tuple((str(i), int(w)) for i, w in d.get("weights") or ()),
            inverted=tuple(d.get("inverted") or ()),
            filters=tuple(Filter(str(i), str(op), float(v)) for i, op, v in d.get("filters") or ()),
            norm=d.get("norm", "minmax"), missing=d.get("missing", "rescale"),
            scope=d.get("scope", "partners"), preset=d.get("preset") or None,
            lang=d.get("lang", DEFAULT_LANG),
        )


@dataclass
class Parsed:
    config: ScoreConfig
    notices: list[tuple[str, dict]] = field(default_factory=list)  # (i18n key, format args)


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
                         norm=norm, missing=missing, scope=scope, preset=preset, lang=lang)
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


def normalise(values: pd.DataFrame, signs, method: str) -> tuple[pd.DataFrame, list[str]]:
    """Each column onto a common scale where larger is better; NaN stays NaN.

    min–max: 100 (x − min)/(max − min), or 100 (max − x)/(max − min) where lower is better;
    z-score: (x − mean)/sd with the population sd (ddof 0), sign flipped where lower is better.
    Statistics are over the non-missing values of each column. A column without spread gives
    50 (min–max) or 0 (z) to every place with a value; those columns are returned as `constant`.
    `signs`: +1 / −1 per column (−1 = lower is better).
    """
    if method not in NORMS:
        raise ValueError(f"method must be one of {NORMS}, not {method!r}")
    out = pd.DataFrame(index=values.index, columns=values.columns, dtype=float)
    constant = []
    for col in values.columns:
        x = values[col].astype(float)
        sign = float(signs[col])
        ok = x.notna()
        if not ok.any():
            continue
        if method == "minmax":
            lo, hi = x[ok].min(), x[ok].max()
            if hi == lo:
                out.loc[ok, col] = 50.0
                constant.append(col)
            elif sign > 0:
                out[col] = (x - lo) / (hi - lo) * 100.0
            else:
                out[col] = (hi - x) / (hi - lo) * 100.0
        else:
            mean, sd = x[ok].mean(), x[ok].std(ddof=0)
            if not sd > 0:
                out.loc[ok, col] = 0.0
                constant.append(col)
            else:
                out[col] = sign * (x - mean) / sd
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
                factor_range=FACTOR_RANGE) -> pd.DataFrame:
    """Rank ranges under perturbed weights and normalisation (Handbook step 7, uncertainty analysis).

    Each draw multiplies every weight by a factor uniform in `factor_range` (a weight of 0 stays 0)
    and picks min–max or z-score with equal chance; places are ranked on the resulting composite.
    `values` must hold exactly the places ranked (after filters and the missing-data policy).
    Returns per place p5, p50, p95 (rank percentiles, observed ranks) and share_first (share of
    draws in which it ranks first). The same seed gives the same result.
    """
    cols = [c for c in values.columns if float(pd.Series(weights).get(c, 0) or 0) > 0]
    idx = values.index
    empty = pd.DataFrame({"p5": pd.Series(dtype=float), "p50": pd.Series(dtype=float),
                          "p95": pd.Series(dtype=float), "share_first": pd.Series(dtype=float)})
    if not len(idx) or not cols:
        return empty.reindex(idx)
    w = np.array([float(pd.Series(weights)[c]) for c in cols])
    v = values[cols]
    normed = [normalise(v, signs, m)[0].to_numpy(dtype=float) for m in NORMS]
    present = (~np.isnan(normed[0])).astype(float)                     # places x indicators
    rng = np.random.default_rng(seed)
    factors = rng.uniform(factor_range[0], factor_range[1], size=(n_draws, len(cols)))
    pick = rng.integers(0, len(NORMS), size=n_draws)
    wd = factors * w                                                     # draws x indicators
    den = wd @ present.T                                                 # draws x places
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.empty((n_draws, len(idx)))
        for k, s in enumerate(normed):
            rows = pick == k
            scores[rows] = (wd[rows] @ np.nan_to_num(s).T) / den[rows]
    rk = _rank_matrix(np.nan_to_num(scores, nan=-np.inf))
    p5, p50, p95 = np.percentile(rk, [5, 50, 95], axis=0, method="inverted_cdf")
    return pd.DataFrame({"p5": p5.astype(int), "p50": p50.astype(int), "p95": p95.astype(int),
                         "share_first": (rk == 1).mean(axis=0)}, index=idx)


@dataclass(frozen=True)
class ScoreResult:
    table: pd.DataFrame          # ranked places, best first: rank, score, p5, p50, p95, share_first,
    #                              fragile, missing (tuple of indicator ids left out of the place's score)
    normalised: pd.DataFrame     # ranked places x weighted indicators (NaN = no value)
    contributions: pd.DataFrame  # ranked places x weighted indicators; rows sum to the score
    values: pd.DataFrame         # every place in scope x weighted and filter indicators (raw)
    filtered: dict               # place -> [(Filter, reason)] for places failing a filter
    excluded: dict               # place -> tuple of missing indicators (not ranked for lack of data)
    constant: tuple              # weighted indicators without spread (50 or 0 for every place)
    empty: tuple                 # weighted indicators no ranked place has a value for
    weights: pd.Series           # indicator -> weight (> 0 only)
    signs: pd.Series             # indicator -> +1 / −1 after any inversion
    norm: str
    policy: str
    n_draws: int
    seed: int


def score_places(values: pd.DataFrame, weights, signs, *, norm: str = "minmax", policy: str = "rescale",
                 filter_values: pd.DataFrame | None = None, filters=(), n_draws: int = N_DRAWS,
                 seed: int = SEED) -> ScoreResult:
    """The whole pipeline on plain frames: filter, apply the missing-data policy, normalise over the
    places that remain, aggregate, rank, and run the sensitivity analysis.

    values: places x weighted indicators (NaN = no value); weights: indicator -> weight (0 = unused);
    signs: indicator -> +1 / −1; filter_values: places x filter indicators (default: `values`).
    """
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}, not {policy!r}")
    weights = pd.Series(weights, dtype=float)
    weights = weights[weights > 0]
    cols = [c for c in values.columns if c in weights.index]
    weights = weights.reindex(cols)
    signs = pd.Series(signs, dtype=float).reindex(cols).fillna(1.0)
    fv = filter_values if filter_values is not None else values
    kept, failed = apply_filters(fv.reindex(values.index), filters)
    v = values.loc[kept, cols]

    has = v.notna()
    excluded: dict[str, tuple] = {}
    for code in v.index:
        missing = tuple(c for c in cols if not has.at[code, c])
        if cols and (len(missing) == len(cols) or (policy == "exclude" and missing)):
            excluded[code] = missing
    ranked = v.drop(index=list(excluded))

    normed, constant = normalise(ranked, signs, norm)
    score, contrib = composite(normed, weights)
    rk = ranks(score)
    sens = sensitivity(ranked, weights, signs, n_draws=n_draws, seed=seed)
    table = pd.DataFrame({"rank": rk, "score": score.reindex(rk.index)})
    table = table.join(sens)
    table["missing"] = [tuple(c for c in cols if not has.at[code, c]) for code in table.index]
    span = table["p95"] - table["p5"] + 1
    first_fragile = (table["rank"] == 1) & (table["share_first"] < FRAGILE_FIRST_SHARE)
    table["fragile"] = (span >= FRAGILE_SPAN) | first_fragile
    table = table.sort_values(["rank", "score"], ascending=[True, False], kind="stable")
    empty = tuple(c for c in cols if not ranked[c].notna().any()) if len(ranked) else tuple(cols)
    all_values = values.join(fv.drop(columns=[c for c in fv.columns if c in values.columns]), how="left")
    return ScoreResult(
        table=table, normalised=normed.reindex(table.index), contributions=contrib.reindex(table.index),
        values=all_values, filtered=failed, excluded=excluded, constant=tuple(constant), empty=empty,
        weights=weights, signs=signs, norm=norm, policy=policy, n_draws=n_draws, seed=seed,
    )


# --------------------------------------------------------------------------- the store bridge


@functools.lru_cache(maxsize=8)
def _years_cached(store) -> dict[str, tuple[int | None, int]]:
    out = {}
    partners = store.partners()
    for ind in store.indicator_ids():
        cov = store.coverage(ind, partners)
        counts = {int(y): int(cov[y].sum()) for y in cov.columns}
        best = max(counts.values(), default=0)
        if best == 0:
            out[ind] = (None, 0)
            continue
        # As Explore: the latest year in which (all but at most one of) the most partners have data.
        year = max(y for y, n in counts.items() if n >= max(1, best - 1))
        out[ind] = (year, counts[year])
    return out


def indicator_years(store) -> dict[str, tuple[int | None, int]]:
    """Per indicator the one year every place is compared in, and how many partners have it.

    The latest year in which the most partner municipalities have data (allowing one fewer than
    the best year, as the Explore page does). A place without a value in that year has no value:
    an older one is never used silently. (None, 0) = no municipal data at all.
    """
    return dict(_years_cached(store))


def weightable_ids(store) -> list[str]:
    """Indicators with a direction and municipal data, in catalogue order."""
    years = _years_cached(store)
    return [i for i in store.indicator_ids()
            if store.indicator(i)["direction"] != "neutral" and years[i][0] is not None]


def filter_ids(store) -> list[str]:
    """Any indicator with municipal data can be a hard filter, neutral ones (population) too."""
    years = _years_cached(store)
    return [i for i in store.indicator_ids() if years[i][0] is not None]


def scope_places(store, scope: str) -> list[str]:
    if scope == "all":
        regions = set(store.place_codes(level="region", partner=True))
        return [c for c in store.place_codes(level="municipality") if store.place(c)["region"] in regions]
    return store.partners()


def run(store, config: ScoreConfig, *, n_draws: int = N_DRAWS, seed: int = SEED) -> ScoreResult:
    """The score for a configuration, from the store: each indicator in its own year."""
    years = _years_cached(store)
    places = scope_places(store, config.scope)
    weighted = [i for i, w in config.weights if w > 0 and i in years and years[i][0] is not None]
    filter_inds = list(dict.fromkeys(f.indicator for f in config.filters))

    def frame(inds):
        return pd.DataFrame({i: store.cross_section(i, years[i][0], places)["value"] for i in inds},
                            index=pd.Index(places, name="place"), columns=inds, dtype=float)

    values = frame(weighted)
    filter_values = frame(filter_inds)
    signs = {}
    for i in weighted:
        sign = -1.0 if store.indicator(i)["direction"] == "lower_better" else 1.0
        signs[i] = -sign if i in config.inverted else sign
    weights = {i: float(config.weight(i)) for i in weighted}
    return score_places(values, weights, signs, norm=config.norm, policy=config.missing,
                        filter_values=filter_values, filters=config.filters, n_draws=n_draws, seed=seed)


def result_csv(store, config: ScoreConfig, result: ScoreResult) -> str:
    """One row per place in scope: ranked places first, then filtered and excluded ones with the
    reason; per indicator its raw value, year, data flags, normalised value and contribution.
    Column names and codes in English, so the file reads the same whatever the page language."""
    years = _years_cached(store)
    places = list(result.values.index)
    weighted = list(result.weights.index)
    filter_inds = [c for c in result.values.columns if c not in weighted]
    order = list(result.table.index) + [c for c in places if c not in result.table.index]
    rows = []
    for code in order:
        info = store.place(code)
        row = {"place_code": code, "place": info["name"], "country": info["country"], "region": info["region"]}
        if code in result.table.index:
            r = result.table.loc[code]
            row.update(status="ranked", reason="", rank=int(r["rank"]), score=round(float(r["score"]), 4),
                       rank_p5=int(r["p5"]), rank_p50=int(r["p50"]), rank_p95=int(r["p95"]),
                       share_first=round(float(r["share_first"]), 4))
            flags = (["fragile"] if r["fragile"] else []) + [f"missing:{m}" for m in r["missing"]]
        elif code in result.filtered:
            reasons = [f"{f.token()}={why}" for f, why in result.filtered[code]]
            row.update(status="filtered", reason=";".join(reasons))
            flags = []
        else:
            row.update(status="excluded", reason=";".join(f"missing:{m}" for m in result.excluded.get(code, ())))
            flags = []
        row["flags"] = ";".join(flags)
        for ind in weighted + filter_inds:
            year = years[ind][0]
            x = result.values.at[code, ind]
            row[f"{ind}_year"] = year
            row[f"{ind}_value"] = None if x != x else float(x)
            row[f"{ind}_data_flags"] = store.cross_section(ind, year, [code])["flags"].iloc[0] if x == x else ""
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
    """Per indicator with municipal data: name, unit, decimals, theme, direction, the year used,
    how many partners have it then, and the comparability note (empty = comparable)."""
    years = _years_cached(store)
    out = {}
    for i in store.indicator_ids():
        year, n = years[i]
        if year is None:
            continue
        row = store.indicator(i)
        out[i] = {"id": i, "name": row[f"name_{lang}"] or row["name_en"], "unit": row["unit"],
                  "decimals": int(row["decimals"]), "theme": row["theme"], "direction": row["direction"],
                  "year": year, "n_partners": n, "comparability": row[f"comparability_{lang}"],
                  "definition": row[f"definition_{lang}"]}
    return out


def filter_text(f: Filter, labels: dict, lang: str) -> str:
    """"Population 2025 ≥ 10.000" in the page's language and number style."""
    meta = labels[f.indicator]
    decimals = max(int(meta["decimals"]), _decimals_of(f.value))
    return t(f"score.filter.{f.op}", lang, indicator=meta["name"], year=meta["year"],
             value=fmt_number(f.value, decimals, lang))


def _decimals_of(value: float) -> int:
    text = number_text(value)
    return len(text.split(".")[1]) if "." in text else 0


def filter_reason(f: Filter, reason: str, value, labels: dict, lang: str) -> str:
    meta = labels[f.indicator]
    if reason == "no_data":
        return t("score.reason.no_data", lang, indicator=meta["name"], year=meta["year"])
    decimals = max(int(meta["decimals"]), _decimals_of(f.value))
    return t(f"score.reason.{reason}", lang, indicator=meta["name"], year=meta["year"],
             value=fmt_number(value, int(meta["decimals"]), lang), threshold=fmt_number(f.value, decimals, lang))


def _names(ids_, labels) -> str:
    return ", ".join(labels[i]["name"] for i in ids_)


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
    differs = [i for i in weighted if labels[i]["comparability"]]
    if differs:
        add("warning", "score.msg.definitions_differ",
            items=[f"{labels[i]['name']}: {labels[i]['comparability']}" for i in differs], names=_names(differs, labels))
    ranked = result.table.index
    countries = {c: store.place(c)["country"] for c in result.values.index}
    if len({countries[c] for c in ranked}) > 1:
        for i in weighted:
            with_value = {countries[c] for c in ranked if result.values.at[c, i] == result.values.at[c, i]}
            if len(with_value) == 1:
                add("warning", "score.msg.one_country", indicator=labels[i]["name"], year=labels[i]["year"],
                    country=t(f"score.country.{next(iter(with_value))}", lang))
    partial = [c for c in ranked if len(result.table.at[c, "missing"])]
    if partial:
        items = [t("score.msg.partial_item", lang, place=store.place(c)[f"name_{lang}"],
                   indicators=", ".join(f"{labels[i]['name']} {labels[i]['year']}" for i in result.table.at[c, "missing"]))
                 for c in partial]
        add("warning", "score.msg.partial", items=items, n=len(partial))
    for i in result.empty:
        add("warning", "score.msg.empty", indicator=labels[i]["name"], year=labels[i]["year"])
    for i in result.constant:
        if i not in result.empty:
            add("info", f"score.msg.constant_{result.norm}", indicator=labels[i]["name"], year=labels[i]["year"])
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
