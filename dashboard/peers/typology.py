"""A typology of every municipality in the dataset by the peers' indicators (issue 13, part 2).

Method (stated on the page and in the CSV):

* indicators: the chosen ones that are comparable across the border (one scale; a within-country
  indicator cannot place Slovenian and Austrian towns in one group);
* values and standardisation as for peers: latest value in the window, log10 for counts, robust
  z over all municipalities, clipped to ±Z_CLIP so one extreme town does not make its own group;
* a municipality with values for less than MIN_SHARE of the indicators is not classified; other
  gaps are set to 0 (the median);
* k-means (Lloyd, k-means++ start, N_INIT starts, seed SEED) for k = 3 … 8; the number of groups is
  the k with the highest mean silhouette (ties: the smaller k);
* each group is named by its two most distinctive indicators: the largest |mean z| of its members,
  with "high" or "low".
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.comparability import one_scale

from .logic import MIN_SHARE, robust_z

__all__ = ["SEED", "KS", "N_INIT", "Z_CLIP", "kmeans", "silhouette", "Typology", "typology", "for_store"]

SEED = 20240601
KS = range(3, 9)
N_INIT = 10
N_ITER = 100
Z_CLIP = 3.0


def _plus_plus(x: np.ndarray, k: int, rng) -> np.ndarray:
    centres = [x[rng.integers(len(x))]]
    for _ in range(1, k):
        d2 = np.min(((x[:, None, :] - np.array(centres)[None]) ** 2).sum(-1), axis=1)
        total = d2.sum()
        idx = rng.integers(len(x)) if total <= 0 else rng.choice(len(x), p=d2 / total)
        centres.append(x[idx])
    return np.array(centres)


def kmeans(x: np.ndarray, k: int, *, seed: int = SEED, n_init: int = N_INIT) -> tuple[np.ndarray, float]:
    """Labels 0..k-1 (numbered by group size, largest first, then by first member) and inertia."""
    rng = np.random.default_rng(seed)
    best = None
    for _ in range(n_init):
        c = _plus_plus(x, k, rng)
        for _ in range(N_ITER):
            lab = np.argmin(((x[:, None, :] - c[None]) ** 2).sum(-1), axis=1)
            onehot = np.zeros((len(x), k))
            onehot[np.arange(len(x)), lab] = 1.0
            counts = onehot.sum(axis=0)[:, None]        # group means as one matrix product
            new = np.where(counts > 0, (onehot.T @ x) / np.maximum(counts, 1), c)
            if np.allclose(new, c):
                break
            c = new
        inertia = float(((x - c[lab]) ** 2).sum())
        if best is None or inertia < best[1] - 1e-12:
            best = (lab, inertia)
    lab = best[0]
    sizes = np.bincount(lab, minlength=k)
    first = np.array([np.flatnonzero(lab == j)[0] if sizes[j] else len(x) for j in range(k)])
    order = sorted(range(k), key=lambda j: (-sizes[j], first[j]))
    remap = np.empty(k, int)
    remap[order] = np.arange(k)
    return remap[lab], best[1]


def silhouette(x: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette width (Rousseeuw 1987); a point alone in its group counts 0."""
    sq = (x ** 2).sum(axis=1)
    d = np.sqrt(np.maximum(sq[:, None] + sq[None, :] - 2 * x @ x.T, 0))
    groups, lab = np.unique(labels, return_inverse=True)
    if len(groups) < 2:
        return 0.0
    onehot = np.zeros((len(x), len(groups)))
    onehot[np.arange(len(x)), lab] = 1.0
    sums = d @ onehot                                   # distance of each point to each group, summed
    counts = onehot.sum(axis=0)
    own = counts[lab] - 1
    a = np.where(own > 0, sums[np.arange(len(x)), lab] / np.maximum(own, 1), 0.0)
    means = sums / counts[None, :]
    means[np.arange(len(x)), lab] = np.inf
    b = means.min(axis=1)
    top = np.maximum(a, b)
    s = np.where((own > 0) & (top > 0), (b - a) / np.where(top > 0, top, 1.0), 0.0)
    return float(s.mean())


@dataclass(frozen=True)
class Typology:
    labels: pd.Series          # place -> group number (1-based); missing = not classified
    k: int
    silhouettes: dict          # k -> mean silhouette
    names: dict                # group -> ((indicator, "high" | "low"), ...)
    centres: pd.DataFrame      # group x indicators (mean z)
    indicators: tuple
    unclassified: tuple


def typology(values: pd.DataFrame, *, classes=None, logs=(), seed: int = SEED, ks=KS) -> Typology:
    classes = dict(classes or {})
    cols = [c for c in values.columns if one_scale(classes.get(c, "comparable"))]
    z, _ = robust_z(values[cols], logs=logs)
    z = z.clip(-Z_CLIP, Z_CLIP)
    share = z.notna().mean(axis=1) if cols else pd.Series(0.0, index=z.index)
    ok = share >= MIN_SHARE - 1e-9
    data = z[ok].fillna(0.0)
    x = data.to_numpy(dtype=float)
    ks = [k for k in ks if k < len(x)]
    if not cols or not ks:
        return Typology(pd.Series(dtype="Int64"), 0, {}, {}, pd.DataFrame(), tuple(cols), tuple(z.index))
    sil, labs = {}, {}
    for k in ks:
        labs[k], _ = kmeans(x, k, seed=seed)
        sil[k] = silhouette(x, labs[k])
    best = max(ks, key=lambda k: (round(sil[k], 9), -k))
    lab = labs[best] + 1
    centres = data.groupby(lab).mean()
    names = {}
    for g, row in centres.iterrows():
        top = row.abs().sort_values(ascending=False, kind="stable").index[:2]
        names[int(g)] = tuple((i, "high" if row[i] > 0 else "low") for i in top)
    labels = pd.Series(lab, index=data.index, dtype="Int64").reindex(z.index)
    return Typology(labels, best, sil, names, centres, tuple(cols), tuple(z.index[~ok]))


@functools.lru_cache(maxsize=32)
def _cached(store, indicators: tuple, span: int, end, places: tuple) -> Typology:
    from .logic import gather
    values, _, wins = gather(store, list(indicators), list(places), span, end)
    inds = [i for i in indicators if wins[i] is not None]
    classes = {i: store.indicator(i)["comparability_class"] for i in inds}
    logs = tuple(i for i in inds if store.indicator(i)["kind"] == "count")
    return typology(values[inds], classes=classes, logs=logs)


def for_store(store, indicators, span: int, end, places) -> Typology:
    """The typology of `places` (every municipality) by `indicators`, cached per store and choice."""
    return _cached(store, tuple(indicators), int(span), end, tuple(places))


def group_name(ty: Typology, group, indicator_names: dict, lang: str) -> str:
    """"high Population density, high Population" in the page language; "" when not classified."""
    from dashboard.i18n import t
    if group is None or pd.isna(group) or int(group) not in ty.names:
        return ""
    return ", ".join(t(f"peers.typ.{side}", lang, ind=indicator_names.get(i, i)) for i, side in ty.names[int(group)])
