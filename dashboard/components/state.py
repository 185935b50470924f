"""The one base of every page state that lives in the address (Explore, Profile, Compare, Score,
Steering): a frozen dataclass whose URL is `to_query()`, and its round trip through the page's
`dcc.Store`.

A feature's `state.py` declares only its fields with their defaults, `to_query()` and its parse
rules (`parse_query(query, store) -> Parsed`, read with `dashboard.components.params.QueryReader`);
`with_`, `as_dict`, `from_dict` and `Parsed` are here, once.

`as_dict()` is plain JSON for a `dcc.Store`: tuples become lists, a nested dataclass (a score
filter) the list of its fields, and `"query"` carries the state's own address
(`dashboard.components.address`). `from_dict()` reads that back: unknown keys (`"query"`) are
ignored, a missing or empty (None, "") value takes the field's default, lists become tuples; a
field whose items need more than that (typed pairs, nested dataclasses) says so in `_field`.
"""
from __future__ import annotations

import importlib
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from typing import Generic, TypeVar

S = TypeVar("S", bound="UrlState")

# What a state that came back from the browser may hold at all, before its page's URL rules read
# it: JSON scalars and lists, no longer than any address could make them.
MAX_ITEMS = 64       # items of one list (the longest a state has: the score's weights)
MAX_TEXT = 4096      # characters of one text
MAX_DEPTH = 3        # dict > list > list (the score's weights and filters)
BAD_STATE = "notice.bad_state"


class InvalidState(ValueError):
    """A state from the browser (a `dcc.Store`, control values) that its page's URL could not
    give: `notices` are (i18n key, format args), the page's own URL notices where there are."""

    def __init__(self, notices: list[tuple[str, dict]] | None = None):
        self.notices = notices or [(BAD_STATE, {})]
        super().__init__(self.notices)


def _bounded(v, depth: int = 0) -> bool:
    if v is None or isinstance(v, (bool, int)):
        return True
    if isinstance(v, float):
        return v == v and abs(v) != float("inf")
    if isinstance(v, str):
        return len(v) <= MAX_TEXT
    if depth >= MAX_DEPTH:
        return False
    if isinstance(v, (list, tuple)):
        return len(v) <= MAX_ITEMS and all(_bounded(x, depth + 1) for x in v)
    if isinstance(v, dict):
        return (len(v) <= MAX_ITEMS and all(isinstance(k, str) and len(k) <= 64 for k in v)
                and all(_bounded(x, depth + 1) for x in v.values()))
    return False


@dataclass(frozen=True)
class UrlState:
    def with_(self: S, **changes) -> S:
        return replace(self, **changes)

    def to_query(self) -> str:
        raise NotImplementedError

    def as_dict(self) -> dict:
        d = {f.name: _plain(getattr(self, f.name)) for f in fields(self)}
        d["query"] = self.to_query()  # the address the page shows (dashboard.components.address)
        return d

    @classmethod
    def from_dict(cls: type[S], d: dict) -> S:
        values = {}
        for f in fields(cls):
            v = d.get(f.name)
            if v is None or v == "":
                if f.default is not MISSING or f.default_factory is not MISSING:
                    continue
                raise KeyError(f.name)
            values[f.name] = cls._field(f.name, v)
        return cls(**values)

    @classmethod
    def _field(cls, name: str, value):
        """A stored value back into the field's type (JSON knows no tuples)."""
        return tuple(value) if isinstance(value, list) else value

    # ---- state that came back from the browser ----------------------------------------------

    @classmethod
    def parse(cls, query: dict | str, store):
        """The page's own URL rules: `parse_query` of the module that declares the state (the
        feature template's state.py)."""
        return importlib.import_module(cls.__module__).parse_query(query, store)

    @classmethod
    def from_client(cls: type[S], d, store) -> S:
        """`from_dict` for data the browser sent (a `dcc.Store`, or a state built from control
        values): the page's own URL rules read it again, so a crafted store can never produce a
        state the address could not. The dict must be bounded JSON, make a state, and that
        state's address must parse without a notice into the same state; else `InvalidState`."""
        if not isinstance(d, dict) or not _bounded(d):
            raise InvalidState()
        try:
            state = cls.from_dict(d)
            query = state.to_query()
        except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError) as err:
            raise InvalidState() from err
        if len(query) > MAX_TEXT * 2:
            raise InvalidState()
        parsed = cls.parse(query, store)
        if parsed.notices:
            raise InvalidState(list(parsed.notices))
        if parsed.state != state:
            accepted = cls._settle(state, parsed.state)
            if accepted is None:
                raise InvalidState()
            return accepted
        return state

    def checked(self: S, store) -> S:
        """This state (e.g. after control values were applied) through the same rules."""
        return type(self).from_client(self.as_dict(), store)

    @classmethod
    def _settle(cls, state, parsed):
        """`state` parses without a notice into another state `parsed` (the address means the
        default there): the state to use, or None to refuse it. A page whose controls can reach a
        state the address cannot spell (Steering with no indicator) says so here."""
        return None


def _plain(v):
    if is_dataclass(v) and not isinstance(v, type):
        return [_plain(getattr(v, f.name)) for f in fields(v)]
    if isinstance(v, (tuple, list)):
        return [_plain(x) for x in v]
    return v


@dataclass
class Parsed(Generic[S]):
    """A state read from an address, and what the page must tell about it."""

    state: S
    notices: list[tuple[str, dict]] = field(default_factory=list)  # (i18n key, format args)
