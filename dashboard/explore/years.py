"""The year bundle: Explore's answers for every year of one view, sent once, so stepping through
the years (arrow keys, Play) redraws in the browser without a round trip (issue 14).

The server stays the reference: each year's entry *is* `render_views`' answer for that year
(`pages/explore._views`, plus the start dropdown's years), only packed. `assets/year-step.js` unpacks it; tests/browser/
test_year_step.py compares its unpacking with the server's answers on every indicator.

Packing: an output that is the same in every year is stored once (`shared`); the map's Patch,
most of the bytes (a hover row per place), keeps its operations but writes `locations` as indices
into `codes`, a `z` of zeros as its length, and the `customdata` rows of a trace's places as the
indices of their further cells in `texts` (the place's own cells, code, name and context, are in
`heads`, once per place): the same names and numbers recur from year to year. A long list of a few
values (the fill's outline colour and width per place) is written as those values and an index
each. A bundle larger than MAX_BYTES (every municipality of a large data set) is not made: those
year steps keep asking the server.
"""
from __future__ import annotations

import json

MAX_BYTES = 950_000  # the packed bundle as JSON text (no answer of the app exceeds 1 MB)
HEAD = 3  # customdata cells that belong to the place, not the year: code, name, context
PACKED = "__packed"  # marks a packed operation value
ROW_BYTES = 100  # the least a table row takes in the bundle, per place and year (measured: 120-250)


def worth_making(n_places: int, n_years: int) -> bool:
    """Whether a bundle for this many places in the table and years can stay under MAX_BYTES;
    checked before any year is rendered (every municipality of 2,300 would take a second)."""
    return n_places * n_years * ROW_BYTES <= MAX_BYTES


def _strip(state: dict) -> dict:
    """The part of a state dict a bundle is for: everything but the year and its address."""
    return {k: v for k, v in state.items() if k not in ("year", "query")}


class _Tables:
    """The bundle's places (code, and the hover cells that belong to the place) and further hover
    texts, each once, in the order first met."""

    def __init__(self):
        self.codes, self.heads, self.texts = [], [], []
        self._code, self._text = {}, {}

    def code(self, c: str, head: list | None = None) -> int | None:
        """The place's index; None when `head` differs from the head it was first met with."""
        i = self._code.get(c)
        if i is None:
            i = self._code[c] = len(self.codes)
            self.codes.append(c)
            self.heads.append(head)
        elif head is not None:
            if self.heads[i] is None:
                self.heads[i] = head
            elif self.heads[i] != head:
                return None
        return i

    def text(self, cell: str) -> int:
        i = self._text.get(cell)
        if i is None:
            i = self._text[cell] = len(self.texts)
            self.texts.append(cell)
        return i


def _rows(codes: list, rows: list, tables: _Tables) -> dict | None:
    """customdata rows [code, name, context, further cells...] of the places `codes`, in order, as
    the flat list of the further cells' text indices; None when they do not have that form."""
    width = len(rows[0]) if rows else HEAD + 1
    if len(rows) != len(codes) or width <= HEAD:
        return None
    flat = []
    for code, row in zip(codes, rows):
        if (not isinstance(row, list) or len(row) != width or row[0] != code
                or not all(isinstance(x, str) for x in row)
                or tables.code(code, row[:HEAD]) is None):
            return None
        flat.extend(tables.text(cell) for cell in row[HEAD:])
    return {PACKED: "rows", "width": width - HEAD, "items": flat}


LEVELS_MIN = 32   # a list at least this long ...
LEVELS_MAX = 16   # ... of at most this many distinct numbers or texts is packed as levels


def _levels(value: list) -> dict | None:
    if len(value) < LEVELS_MIN or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                          for v in value):
        return None
    levels = list(dict.fromkeys(value))
    if len(levels) > LEVELS_MAX:
        return None
    at = {v: i for i, v in enumerate(levels)}
    return {PACKED: "levels", "levels": levels, "items": [at[v] for v in value]}


def _pack_operations(patch: dict, tables: _Tables) -> dict:
    """A trace's `locations` as place indices, its `z` of zeros as a count, and its `customdata`
    rows (one per location, or per place named in the row for the count's circles; the place's
    own cells first) as text indices."""
    ops = patch["operations"]
    assigned = {tuple(op["location"]): op.get("params", {}).get("value") for op in ops
                if op["operation"] == "Assign" and op.get("location")}
    out = []
    for op in ops:
        loc, value = op.get("location") or [], op.get("params", {}).get("value")
        packed = None
        if op["operation"] == "Assign" and loc and isinstance(value, list):
            where = tuple(loc[:-1])
            codes = assigned.get(where + ("locations",))
            if loc[-1] == "locations" and all(isinstance(c, str) for c in value):
                packed = {PACKED: "codes", "items": [tables.code(c) for c in value]}
            elif loc[-1] == "z" and all(v == 0 and not isinstance(v, bool) for v in value):
                packed = {PACKED: "zeros", "n": len(value)}
            elif loc[-1] == "customdata" and isinstance(codes, list):
                packed = _rows(codes, value, tables)
            elif loc[-1] == "customdata" and all(isinstance(r, list) and r for r in value):
                # the count's circles: no locations, the rows say which place they are
                codes = [r[0] for r in value]
                packed = _rows(codes, value, tables) if all(isinstance(c, str) for c in codes) else None
                if packed is not None:
                    packed["places"] = [tables.code(c) for c in codes]
            elif loc[-1] not in ("locations", "customdata"):
                packed = _levels(value)
        out.append(op if packed is None else {**op, "params": {"value": packed}})
    return {**patch, "operations": out}


def _is_patch(value) -> bool:
    return isinstance(value, dict) and "__dash_patch_update" in value and isinstance(value.get("operations"), list)


def pack(base: dict, answers: dict[int, tuple], states: dict[int, dict]) -> dict | None:
    """The bundle for the view `base` (a state dict; its year is ignored): `answers[year]` is
    render_views' JSON-native answer for that year and `states[year]` the state dict the page
    then holds. None when the bundle would exceed MAX_BYTES."""
    if not answers:
        return None
    years = sorted(answers)
    n = len(answers[years[0]])
    tables = _Tables()
    shared, per_year = {}, {y: {} for y in years}
    for i in range(n):
        values = [answers[y][i] for y in years]
        if all(v == values[0] for v in values[1:]) and not _is_patch(values[0]):
            shared[str(i)] = values[0]
            continue
        for y, v in zip(years, values):
            per_year[y][str(i)] = _pack_operations(v, tables) if _is_patch(v) else v
    bundle = {
        "base": _strip(base), "n": n, "shared": shared,
        "years": {str(y): {"state": states[y], "outputs": per_year[y]} for y in years},
        "codes": tables.codes, "heads": tables.heads, "texts": tables.texts,
    }
    size = len(json.dumps(bundle, ensure_ascii=False, separators=(",", ":")))
    return bundle if size <= MAX_BYTES else None
