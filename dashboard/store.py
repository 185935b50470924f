"""The built dataset in memory, and the questions every view asks of it.

`data/` is read once per process (`load_store`) and turned into one dense places x years matrix
per indicator, so that every query the app makes on a callback is an array lookup rather than a
pandas filter over the long table: well under a millisecond at the shipped size (~190 places) and
still fast with every municipality of both countries (~2,300).

Conventions, so views need not guess:

* Missing stays missing. Nothing is filled or interpolated; a missing number is `None` (scalars)
  or `NaN` (frames), and in frames the `flags` / `source` of a missing cell are `''`.
* Empty metadata cells (a country's `region`, a note, ...) are `''`, as in the CSV.
* An unknown indicator or place is a `KeyError` naming it; an unknown year is just missing data.
* `places` arguments are sequences of codes; a single code string is accepted as a one-element list.
* Nothing returned can be used to change the store: frames are fresh or copy-on-write copies,
  dicts and lists are new on every call.

No Dash import here: the store is plain data and can be used by the import, tests and scripts.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import comparability
from dashboard.paths import data_dir

__all__ = ["Store", "load_store", "DIRECTIONS"]

DIRECTIONS = ("higher_better", "lower_better", "neutral")
# Where Statistik Austria publishes no national value, Styria (AT22) is the Austrian reference.
COUNTRY_FALLBACK = {"AT": "AT22"}

PLACE_COLUMNS = (
    "code", "level", "country", "name", "name_sl", "name_de", "name_en", "region", "parent",
    "partner", "national_code", "area_km2", "note_sl", "note_de", "note_en",
)
INDICATOR_COLUMNS = (
    "id", "theme", "unit", "decimals", "direction", "kind", "signed", "name_sl", "name_de", "name_en",
    "definition_sl", "definition_de", "definition_en", "source_si", "source_at", "source_regions",
    "comparability_class", "comparability_sl", "comparability_de", "comparability_en",
)
OBSERVATION_COLUMNS = ("place", "indicator", "year", "value", "flags", "source")

_FILES = ("places.csv", "indicators.csv", "observations.csv")
# Data releases (added by the data-releases issue): data/releases/<id>/ with a manifest.json beside
# the same three CSV files. A release id is a folder name, never a path.
RELEASES = "releases"
MANIFEST = "manifest.json"
SWITCH_JOURNAL = ".switch.json"  # dashboard/ingest/releases.py writes it while switching data/
_RELEASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


# --------------------------------------------------------------------------- loading


def load_store(path: Path | str | None = None, *, release: str | None = None) -> "Store":
    """The store for a data folder, built once per process and per resolved path.

    Callbacks call this freely; only the first call per folder pays for reading the CSVs.
    `release=None` is the data folder itself (the shipped `data/`); a release id reads
    `<data folder>/releases/<id>/`, which must hold a `manifest.json`, else a KeyError naming the
    release. `Store.release` says which data a store was built from.
    """
    folder = Path(path) if path is not None else data_dir()
    if release is not None:
        return _load_cached(release_dir(folder, release).resolve(), str(release))
    switching_to = _switch_target(folder)
    if switching_to is not None:  # data/ is half-way to that release: read the complete copy
        return _load_cached(release_dir(folder, switching_to).resolve(), switching_to)
    return _load_cached(folder.resolve(), None)


def _release_date(folder: Path | None) -> str | None:
    if folder is None:
        return None
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    built = manifest.get("built") if isinstance(manifest, dict) else None
    return str(built)[:10] if built else None


def _switch_target(folder: Path) -> str | None:
    """The release a data-release switch left unfinished in `folder` (its journal `.switch.json`
    names it), when that release is complete; None otherwise. Until the next import command
    finishes the switch, data/'s own files may be a mix of two releases, so the app must not
    read them."""
    try:
        target = json.loads((folder / SWITCH_JOURNAL).read_text(encoding="utf-8"))["to"]
        release_dir(folder, target)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return str(target)


def release_dir(root: Path | str, release: str) -> Path:
    """The folder of data release `release` under the data folder `root`; KeyError naming the
    release when it is not a valid id or has no manifest there."""
    rid = str(release)
    if not _RELEASE_ID.fullmatch(rid):
        raise KeyError(f"unknown data release {rid!r} (not a release id)")
    folder = Path(root) / RELEASES / rid
    if not (folder / MANIFEST).is_file():
        raise KeyError(f"unknown data release {rid!r}: no {MANIFEST} in {folder}")
    return folder


@functools.lru_cache(maxsize=8)
def _load_cached(folder: Path, release: str | None) -> "Store":
    return Store.from_dir(folder, release=release)


load_store.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]
load_store.cache_info = _load_cached.cache_info  # type: ignore[attr-defined]


def _read_csv(file: Path) -> pd.DataFrame:
    # Codes and text as str: national_code '052' must keep its zero and an empty cell must stay ''.
    # year / value are left to the C parser (fast at a million rows); an empty cell there becomes
    # NaN and anything non-numeric leaves the column as text, both reported by _numbers.
    if not file.is_file():
        raise FileNotFoundError(
            f"{file} not found: build data/ with `python -m dashboard.ingest` "
            "(or point INNOLOC_DATA at a built dataset)"
        )
    if file.name == "observations.csv":
        text = {c: str for c in ("place", "indicator", "flags", "source")}
        return pd.read_csv(file, dtype=text, keep_default_na=False,
                           na_values={"year": [""], "value": [""]}, encoding="utf-8")
    return pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")


def _text(s: pd.Series) -> pd.Series:
    return s.fillna("").astype(str)


def _numbers(s: pd.Series, file: str, column: str, *, allow_empty: bool) -> pd.Series:
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        out = s.astype("float64")
    else:
        text = _text(s).str.strip()
        empty = text == ""
        out = pd.to_numeric(text.where(~empty, None), errors="coerce").astype("float64")
        bad = out.isna() & ~empty
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise ValueError(f"{file}: column '{column}', row {i + 2}: {text.iloc[i]!r} is not a number")
    if not allow_empty and out.isna().any():
        i = int(np.flatnonzero(out.isna().to_numpy())[0])
        raise ValueError(f"{file}: column '{column}', row {i + 2}: empty (a number is required)")
    return out


def _require(df: pd.DataFrame, columns: Iterable[str], file: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{file}: missing column(s) {', '.join(missing)} (see data/README.md)")


def _as_columns(df: pd.DataFrame, key: str) -> pd.DataFrame:
    # Accept both the CSV shape (key as a column) and the store's own shape (key as the index),
    # so a store can be rebuilt from another store's frames (the benchmark does that).
    if key not in df.columns and df.index.name == key:
        df = df.reset_index()
    return df.reset_index(drop=True)


def _normalise_places(df: pd.DataFrame) -> pd.DataFrame:
    f = "places.csv"
    df = _as_columns(df, "code")
    _require(df, PLACE_COLUMNS, f)
    df = df.copy()
    for c in df.columns:
        if c not in ("partner", "area_km2"):
            df[c] = _text(df[c])
    if pd.api.types.is_bool_dtype(df["partner"]):
        partner = df["partner"].astype(bool)
    else:
        text = _text(df["partner"]).str.strip()
        partner = text.map({"1": True, "0": False, "True": True, "False": False})
        if partner.isna().any():
            i = int(np.flatnonzero(partner.isna().to_numpy())[0])
            raise ValueError(f"{f}: column 'partner', row {i + 2}: {text.iloc[i]!r} (expected 1 or 0)")
        partner = partner.astype(bool)
    df["partner"] = partner
    df["area_km2"] = _numbers(df["area_km2"], f, "area_km2", allow_empty=True)
    dup = df["code"][df["code"].duplicated()]
    if len(dup):
        raise ValueError(f"{f}: duplicate code(s) {sorted(set(dup))[:5]}")
    if (df["code"] == "").any():
        raise ValueError(f"{f}: empty code in row {int(np.flatnonzero(df['code'] == '')[0]) + 2}")
    return df.set_index("code")


def _zero_one(s: pd.Series, file: str, column: str) -> pd.Series:
    """A required 1/0 column as bool (True/False accepted too, e.g. from a frame)."""
    if pd.api.types.is_bool_dtype(s):
        return s.astype(bool)
    text = _text(s).str.strip()
    out = text.map({"1": True, "0": False, "True": True, "False": False})
    if out.isna().any():
        i = int(np.flatnonzero(out.isna().to_numpy())[0])
        raise ValueError(f"{file}: column '{column}', row {i + 2}: {text.iloc[i]!r} (expected 1 or 0)")
    return out.astype(bool)


def _normalise_indicators(df: pd.DataFrame) -> pd.DataFrame:
    f = "indicators.csv"
    df = _as_columns(df, "id")
    _require(df, INDICATOR_COLUMNS, f)
    df = df.copy()
    for c in df.columns:
        if c not in ("decimals", "signed"):
            df[c] = _text(df[c])
    df["signed"] = _zero_one(df["signed"], f, "signed")
    decimals = _numbers(df["decimals"], f, "decimals", allow_empty=False)
    if (decimals != decimals.round()).any():
        raise ValueError(f"{f}: column 'decimals' must hold whole numbers")
    df["decimals"] = decimals.astype("int64")
    bad = ~df["direction"].isin(DIRECTIONS)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(
            f"{f}: column 'direction', row {i + 2}: {df['direction'].iloc[i]!r} (expected one of {DIRECTIONS})"
        )
    bad = ~df["comparability_class"].isin(comparability.CLASSES)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"{f}: column 'comparability_class', row {i + 2}: "
                         f"{df['comparability_class'].iloc[i]!r} (expected one of {comparability.CLASSES})")
    dup = df["id"][df["id"].duplicated()]
    if len(dup):
        raise ValueError(f"{f}: duplicate id(s) {sorted(set(dup))[:5]}")
    return df.set_index("id")


def _normalise_observations(df: pd.DataFrame) -> pd.DataFrame:
    f = "observations.csv"
    _require(df, OBSERVATION_COLUMNS, f)
    df = df.reset_index(drop=True)
    out = pd.DataFrame({
        "place": _text(df["place"]),
        "indicator": _text(df["indicator"]),
        "year": _numbers(df["year"], f, "year", allow_empty=False),
        "value": _numbers(df["value"], f, "value", allow_empty=False),
        "flags": _text(df["flags"]),
        "source": _text(df["source"]),
    })
    if (out["year"] != out["year"].round()).any():
        raise ValueError(f"{f}: column 'year' must hold whole years")
    out["year"] = out["year"].astype("int64")
    if not np.isfinite(out["value"].to_numpy()).all():
        raise ValueError(f"{f}: column 'value' holds an infinite number")
    dup = out.duplicated(["place", "indicator", "year"])
    if dup.any():
        first = out.loc[dup, ["place", "indicator", "year"]].head(3).to_dict("records")
        raise ValueError(f"{f}: more than one row per (place, indicator, year), e.g. {first}")
    return out


# --------------------------------------------------------------------------- the store


class _Series:
    """One indicator as arrays: rows = places in table order, columns = year0 .. year0 + n - 1."""

    __slots__ = ("values", "flags", "source", "year0", "years", "direction")

    def __init__(self, values, flags, source, year0, direction):
        for a in (values, flags, source):
            a.flags.writeable = False
        self.values: np.ndarray = values    # float64, NaN = no observation
        self.flags: np.ndarray = flags      # int32 codes into Store._flag_cats
        self.source: np.ndarray = source    # int32 codes into Store._source_cats
        self.year0: int = year0
        has = ~np.isnan(values).all(axis=0) if values.size else np.zeros(values.shape[1], bool)
        self.years: tuple[int, ...] = tuple(int(year0 + i) for i in np.flatnonzero(has))
        self.direction: str = direction

    def col(self, year) -> int | None:
        c = int(year) - self.year0
        return c if 0 <= c < self.values.shape[1] else None


class Store:
    """The dataset, immutable after construction (see the module docstring for conventions)."""

    __slots__ = (
        "_places", "_indicators", "_observations", "_path", "_codes", "_pos", "_place_rows",
        "_indicator_rows", "_series", "_partner_pos", "_level", "_country", "_partner", "_region",
        "_ind_ids", "_theme", "_flag_cats", "_source_cats", "_all_pos", "_positions_cached",
        "_release",
        "_release_date",
    )

    def __init__(self, places: pd.DataFrame, indicators: pd.DataFrame, observations: pd.DataFrame,
                 *, path: Path | None = None, release: str | None = None):
        set_ = object.__setattr__
        places = _normalise_places(places)
        indicators = _normalise_indicators(indicators)
        obs = _normalise_observations(observations)

        codes = places.index.to_numpy(dtype=object)
        pos = {c: i for i, c in enumerate(codes)}
        p_idx = pd.Index(codes).get_indexer(obs["place"])
        i_idx = pd.Index(indicators.index).get_indexer(obs["indicator"])
        for arr, col, file in ((p_idx, "place", "places.csv"), (i_idx, "indicator", "indicators.csv")):
            if (arr < 0).any():
                unknown = sorted(set(obs[col].to_numpy()[arr < 0]))[:5]
                raise ValueError(f"observations.csv: {col}(s) {unknown} not in {file}")

        flag_codes, flag_cats = pd.factorize(obs["flags"])
        source_codes, source_cats = pd.factorize(obs["source"])
        flag_cats = np.append(np.asarray(flag_cats, dtype=object), "")   # last = no observation
        source_cats = np.append(np.asarray(source_cats, dtype=object), "")
        flag_cats.flags.writeable = False
        source_cats.flags.writeable = False
        years = obs["year"].to_numpy()
        values = obs["value"].to_numpy()

        n = len(codes)
        order = np.argsort(i_idx, kind="stable")
        bounds = np.searchsorted(i_idx[order], np.arange(len(indicators) + 1))
        series = {}
        for k, ind in enumerate(indicators.index):
            rows = order[bounds[k]:bounds[k + 1]]
            direction = indicators.at[ind, "direction"]
            if len(rows) == 0:
                empty = np.empty((n, 0))
                series[ind] = _Series(empty, np.empty((n, 0), np.int32), np.empty((n, 0), np.int32), 0, direction)
                continue
            y = years[rows]
            y0 = int(y.min())
            shape = (n, int(y.max()) - y0 + 1)
            r, c = p_idx[rows], y - y0
            v = np.full(shape, np.nan)
            v[r, c] = values[rows]
            fl = np.full(shape, len(flag_cats) - 1, np.int32)
            fl[r, c] = flag_codes[rows]
            so = np.full(shape, len(source_cats) - 1, np.int32)
            so[r, c] = source_codes[rows]
            series[ind] = _Series(v, fl, so, y0, direction)

        level = places["level"].to_numpy(dtype=object)
        partner = places["partner"].to_numpy(dtype=bool)
        for a in (level, partner):
            a.flags.writeable = False
        codes.flags.writeable = False
        all_pos = np.arange(n)
        all_pos.flags.writeable = False
        partner_pos = np.flatnonzero((level == "municipality") & partner)
        partner_pos.flags.writeable = False

        set_(self, "_places", places)
        set_(self, "_indicators", indicators)
        set_(self, "_observations", obs)
        set_(self, "_path", path)
        set_(self, "_codes", codes)
        set_(self, "_pos", pos)
        set_(self, "_all_pos", all_pos)
        set_(self, "_place_rows", places.to_dict("index"))
        set_(self, "_indicator_rows", indicators.to_dict("index"))
        set_(self, "_series", series)
        set_(self, "_partner_pos", partner_pos)
        set_(self, "_level", level)
        set_(self, "_country", places["country"].to_numpy(dtype=object))
        set_(self, "_partner", partner)
        set_(self, "_region", places["region"].to_numpy(dtype=object))
        set_(self, "_ind_ids", tuple(indicators.index))
        set_(self, "_theme", indicators["theme"].to_numpy(dtype=object))
        set_(self, "_flag_cats", flag_cats)
        set_(self, "_source_cats", source_cats)
        set_(self, "_positions_cached", functools.lru_cache(maxsize=256)(self._lookup))
        set_(self, "_release", release)
        set_(self, "_release_date", _release_date(path))

    @classmethod
    def from_dir(cls, folder: Path | str, *, release: str | None = None) -> "Store":
        """`release`: the release id the folder holds; None = an unnamed folder (the shipped
        `data/`), identified by a digest of its files (see `release`)."""
        folder = Path(folder)
        frames = [_read_csv(folder / name) for name in _FILES]
        if release is None:
            digest = hashlib.sha256()
            for name in _FILES:
                digest.update(name.encode() + b"\0" + (folder / name).read_bytes() + b"\0")
            release = digest.hexdigest()[:12]
        return cls(*frames, path=folder, release=release)

    def __setattr__(self, name, value):
        raise AttributeError(f"Store is read-only (tried to set {name!r})")

    def __delattr__(self, name):
        raise AttributeError(f"Store is read-only (tried to delete {name!r})")

    def __repr__(self) -> str:
        return (f"<Store {len(self._codes)} places, {len(self._ind_ids)} indicators, "
                f"{len(self._observations)} observations from {self._path}>")

    # ------------------------------------------------------------------ tables (copy-on-write copies)

    @property
    def places(self) -> pd.DataFrame:
        return self._places.copy(deep=False)

    @property
    def indicators(self) -> pd.DataFrame:
        return self._indicators.copy(deep=False)

    @property
    def observations(self) -> pd.DataFrame:
        return self._observations.copy(deep=False)

    @property
    def path(self) -> Path | None:
        """The folder the store was read from (None when built from frames)."""
        return self._path

    @property
    def release(self) -> str:
        """Which data this store holds, for cache keys and pinned links: the release id for
        `load_store(release=...)`, else the first 12 hex digits of a SHA-256 over the bytes of
        places.csv, indicators.csv and observations.csv (changes whenever the data do). A store
        built from frames gets a digest of its frames."""
        if self._release is None:
            digest = hashlib.sha256()
            for frame in (self._places, self._indicators, self._observations):
                digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
            object.__setattr__(self, "_release", digest.hexdigest()[:12])
        return self._release

    @property
    def release_date(self) -> str | None:
        """ISO date the data were built (`built` in the folder's manifest.json), for "data as of"
        lines on pages and exports; None where the folder has no manifest (a store from frames).
        Read once with the data: every caption of every render asks for it."""
        return self._release_date

    # ------------------------------------------------------------------ lookups

    def _ind(self, indicator) -> _Series:
        try:
            return self._series[indicator]
        except (KeyError, TypeError):
            raise KeyError(f"unknown indicator {indicator!r} (not in indicators.csv)") from None

    def _p(self, place) -> int:
        try:
            return self._pos[place]
        except (KeyError, TypeError):
            raise KeyError(f"unknown place {place!r} (not in places.csv)") from None

    def _positions(self, places) -> np.ndarray:
        """Row numbers of the places; the same list asked again (every callback) is a cache hit."""
        if places is None:
            return self._all_pos
        if isinstance(places, str):
            places = (places,)
        try:
            return self._positions_cached(tuple(places))
        except TypeError:  # an unhashable element: let the lookup name it
            return self._lookup(tuple(places))

    def _lookup(self, places: tuple) -> np.ndarray:
        pos = self._pos
        try:
            out = np.fromiter(map(pos.__getitem__, places), dtype=np.intp, count=len(places))
        except (KeyError, TypeError):
            unknown = [p for p in places if not isinstance(p, str) or p not in pos]
            raise KeyError(f"unknown place(s) {unknown[:5]} (not in places.csv)") from None
        out.flags.writeable = False
        return out

    def place(self, code) -> dict:
        row = self._place_rows.get(code) if isinstance(code, str) else None
        if row is None:
            self._p(code)
        return {"code": code, **row}

    def place_column(self, field: str, places) -> list:
        """One column of places.csv for `places`, in their order: what `place(c)[field]` gives for
        each, without a row dict per place (a render asks it for thousands of places)."""
        if field not in self._places.columns:
            raise KeyError(f"unknown place field {field!r} (not a column of places.csv)")
        return self._places[field].to_numpy(dtype=object)[self._positions(places)].tolist()

    def indicator(self, id) -> dict:  # noqa: A002 - the column is called id
        row = self._indicator_rows.get(id) if isinstance(id, str) else None
        if row is None:
            self._ind(id)
        return {"id": id, **row}

    def place_codes(self, level=None, country=None, partner=None, region=None) -> list[str]:
        mask = np.ones(len(self._codes), bool)
        if level is not None:
            mask &= self._level == level
        if country is not None:
            mask &= self._country == country
        if partner is not None:
            mask &= self._partner == bool(partner)
        if region is not None:
            mask &= self._region == region
        return self._codes[mask].tolist()

    def partners(self) -> list[str]:
        """The 16 project municipalities (partner regions are not included)."""
        return self._codes[self._partner_pos].tolist()

    def indicator_ids(self, theme=None) -> list[str]:
        if theme is None:
            return list(self._ind_ids)
        return [i for i, t in zip(self._ind_ids, self._theme) if t == theme]

    def years(self, indicator) -> list[int]:
        return list(self._ind(indicator).years)

    def value(self, indicator, place, year) -> float | None:
        s = self._ind(indicator)
        p = self._p(place)
        c = s.col(year)
        if c is None:
            return None
        v = s.values[p, c]
        return None if v != v else float(v)

    # ------------------------------------------------------------------ frames

    def cross_section(self, indicator, year, places=None) -> pd.DataFrame:
        """One year across places; with `places` given, exactly those rows (missing -> NaN)."""
        s = self._ind(indicator)
        c = s.col(year)
        if places is None:
            if c is None:
                pos = self._all_pos[:0]
            else:
                pos = np.flatnonzero(~np.isnan(s.values[:, c]))
        else:
            pos = self._positions(places)
        if c is None:
            vals = np.full(len(pos), np.nan)
            flags = np.full(len(pos), "", dtype=object)
            source = flags.copy()
        else:
            vals = s.values[pos, c]
            flags = self._flag_cats[s.flags[pos, c]]
            source = self._source_cats[s.source[pos, c]]
        return pd.DataFrame(
            {"value": vals, "flags": pd.array(flags, dtype="str"), "source": pd.array(source, dtype="str")},
            index=pd.Index(self._codes[pos], name="place", dtype="str"),
        )

    def _cells(self, s: _Series, pos: np.ndarray, cols: np.ndarray):
        """Existing observations in rows `pos` x columns `cols`, ordered by row then column."""
        sub = s.values[np.ix_(pos, cols)]
        r, k = np.nonzero(~np.isnan(sub))
        pr, ck = pos[r], cols[k]
        return r, pr, ck, sub[r, k]

    def series(self, indicator, places, years=None) -> pd.DataFrame:
        """Existing observations over time, in the given place order, then by year."""
        s = self._ind(indicator)
        pos = self._positions(places)
        ncol = s.values.shape[1]
        if years is None:
            cols = np.arange(ncol)
        else:
            cols = np.unique(np.fromiter((int(y) for y in years), dtype=np.int64)) - s.year0
            cols = cols[(cols >= 0) & (cols < ncol)]
        _, pr, ck, vals = self._cells(s, pos, cols)
        return pd.DataFrame({
            "place": pd.array(self._codes[pr], dtype="str"),
            "year": (ck + s.year0).astype(np.int64),
            "value": vals,
            "flags": pd.array(self._flag_cats[s.flags[pr, ck]], dtype="str"),
            "source": pd.array(self._source_cats[s.source[pr, ck]], dtype="str"),
        })

    def latest_year(self, indicator, places=None, up_to=None) -> dict[str, int | None]:
        s = self._ind(indicator)
        pos = self._positions(places)
        codes = self._codes[pos].tolist()
        limit = s.values.shape[1] if up_to is None else max(0, min(int(up_to) - s.year0 + 1, s.values.shape[1]))
        if limit == 0:
            return dict.fromkeys(codes)
        has = ~np.isnan(s.values[pos, :limit])
        last = s.year0 + limit - 1 - np.argmax(has[:, ::-1], axis=1)
        out = dict(zip(codes, last.tolist()))
        for i in np.flatnonzero(~has.any(axis=1)).tolist():
            out[codes[i]] = None
        return out

    def partner_mean(self, indicator, year, country=None) -> tuple[float | None, int]:
        """Unweighted: each partner municipality counts once, whatever its size.

        With `country`, the mean of that country's partners. A within-country indicator has no
        mean over both countries (it would average two different definitions): (None, 0) unless a
        country is given.
        """
        s = self._ind(indicator)
        c = s.col(year)
        if c is None:
            return None, 0
        pos = self._partner_pos
        if country is not None:
            pos = pos[self._country[pos] == country]
        elif not self.one_scale(indicator):
            return None, 0
        v = s.values[pos, c]
        v = v[~np.isnan(v)]
        return (float(v.mean()), len(v)) if len(v) else (None, 0)

    def reference_values(self, indicator, year, place) -> dict:
        """What a place is compared with: its NUTS 3 region, its country (for Austria, Styria where
        no national value is published) and the partner mean (same-country partners for a
        within-country indicator)."""
        self._ind(indicator)
        row = self._place_rows.get(place) if isinstance(place, str) else None
        if row is None:
            self._p(place)
        region = row["region"] or None
        country = row["country"] or None

        def val(code):
            return self.value(indicator, code, year) if code in self._pos else None

        mean, n = self.partner_mean(indicator, year, None if self.one_scale(indicator) else country)
        ref = self.country_reference(indicator, year, country) or country
        return {
            "region": {"code": region, "value": val(region)},
            "country": {"code": ref, "value": val(ref)},
            "partners": {"value": mean, "n": n},
        }

    def index_to_base(self, indicator, places, base_year) -> pd.DataFrame:
        """Series rebased to 100 in base_year; NaN where there is no (or a zero) base value."""
        s = self._ind(indicator)
        pos = self._positions(places)
        pos_codes = self._codes[pos].tolist()
        out = self.series(indicator, pos_codes)
        c = s.col(base_year)
        base = s.values[pos, c] if c is not None else np.full(len(pos), np.nan)
        base = np.where(base == 0, np.nan, base)
        base_of = dict(zip(pos_codes, base.tolist()))
        b = out["place"].map(base_of).to_numpy(dtype=float)
        out = out[["place", "year", "value"]].copy()
        out["index"] = out["value"].to_numpy() / b * 100.0
        return out

    def change(self, indicator, places, start, end) -> pd.DataFrame:
        """pct_change is relative to |start|, so a negative start moving up reads as a rise."""
        s = self._ind(indicator)
        pos = self._positions(places)
        a = self._column(s, pos, start)
        b = self._column(s, pos, end)
        diff = b - a
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.where(a == 0, np.nan, diff / np.abs(a) * 100.0)
        return pd.DataFrame(
            {"start_value": a, "end_value": b, "abs_change": diff, "pct_change": pct},
            index=pd.Index(self._codes[pos], name="place", dtype="str"),
        )

    @staticmethod
    def _column(s: _Series, pos: np.ndarray, year) -> np.ndarray:
        c = s.col(year)
        return s.values[pos, c] if c is not None else np.full(len(pos), np.nan)

    # ------------------------------------------------------------------ ranking

    def _scores(self, indicator, year, pos, by):
        """Per place a number where larger is better (NaN = no data), honouring the direction."""
        s = self._ind(indicator)
        if by == "value":
            if isinstance(year, (tuple, list)):
                raise ValueError("rank by='value' takes a single year; use by='change' for (start, end)")
            v = self._column(s, pos, year)
        elif by == "change":
            if not (isinstance(year, (tuple, list)) and len(year) == 2):
                raise ValueError("rank by='change' takes year=(start, end)")
            v = self._column(s, pos, year[1]) - self._column(s, pos, year[0])
        else:
            raise ValueError(f"rank by must be 'value' or 'change', not {by!r}")
        return -v if s.direction == "lower_better" else v

    def one_scale(self, indicator) -> bool:
        """May Slovenian and Austrian places share a scale for this indicator (see comparability)?"""
        self._ind(indicator)
        return comparability.one_scale(self._indicator_rows[indicator]["comparability_class"])

    def country_reference(self, indicator, year, country) -> str | None:
        """The place that stands for a country in comparisons: the country itself where it has a
        value, else for Austria Styria (a sum of its municipalities, labelled as such by its name)."""
        if year is None:
            return None
        if country and self.value(indicator, country, year) is not None:
            return country
        fallback = COUNTRY_FALLBACK.get(country)
        if fallback in self._pos and self.value(indicator, fallback, year) is not None:
            return fallback
        return None

    def scale_groups(self, indicator, places) -> dict[str | None, list[str]]:
        """The places split into groups that may be ranked or coloured together (input order kept):
        {None: places} for a cross-border comparable indicator, else one group per country."""
        pos = self._positions(places)
        codes = self._codes[pos].tolist()
        country = dict(zip(codes, self._country[pos].tolist()))
        return comparability.scale_groups(self.indicator(indicator)["comparability_class"], codes, country)

    def rank(self, indicator, year, places, by="value") -> dict[str, int]:
        """1 = best; ties share the smaller rank; places without data are left out (input order kept).

        For a within-country indicator the ranks are within each country: a Slovenian place is never
        ranked against an Austrian one (two places can both be 1st).
        """
        pos = self._positions(places)
        score = self._scores(indicator, year, pos, by)
        ok = ~np.isnan(score)
        ranks = np.zeros(len(pos), dtype=np.int64)
        for group in self._groups(indicator, pos):
            m = group & ok
            sc = score[m]
            ranks[m] = np.searchsorted(np.sort(-sc), -sc, side="left") + 1
        return dict(zip(self._codes[pos][ok].tolist(), ranks[ok].tolist()))

    def _groups(self, indicator, pos: np.ndarray) -> list[np.ndarray]:
        """Boolean masks over `pos`, one per set of places that may share a scale."""
        if self.one_scale(indicator):
            return [np.ones(len(pos), bool)]
        country = self._country[pos]
        return [country == c for c in dict.fromkeys(country.tolist())]

    def percentile(self, indicator, year, place, peers) -> float | None:
        """Share of the other peers the place does better than (ties count half), 0..100, 100 = best.

        The denominator is the number of *other* peers with data: n_with_data - 1 when the place is
        among the peers, n_with_data when it is not. For a within-country indicator only the peers
        of the place's own country count.
        """
        self._ind(indicator)  # unknown indicator -> KeyError
        p = self._p(place)
        if isinstance(peers, str):
            peers = [peers]
        peers = list(dict.fromkeys(peers))
        pos = self._positions(peers)
        if not self.one_scale(indicator):
            pos = pos[self._country[pos] == self._country[p]]
        mine = self._scores(indicator, year, np.array([p]), "value")[0]
        scores = self._scores(indicator, year, pos, "value")
        n_with_data = int((~np.isnan(scores)).sum())
        if mine != mine or n_with_data < 2:
            return None
        others = scores[(pos != p) & ~np.isnan(scores)]
        worse = int((others < mine).sum())
        equal = int((others == mine).sum())
        return 100.0 * (worse + 0.5 * equal) / len(others)

    def coverage(self, indicator, places=None) -> pd.DataFrame:
        """Which place x year cells hold data, over every year from the indicator's first to last."""
        s = self._ind(indicator)
        pos = self._positions(places)
        has = ~np.isnan(s.values[pos])
        return pd.DataFrame(
            has,
            index=pd.Index(self._codes[pos], name="place", dtype="str"),
            columns=pd.Index(range(s.year0, s.year0 + s.values.shape[1]), name="year"),
        )
