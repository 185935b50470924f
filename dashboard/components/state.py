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

from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from typing import Generic, TypeVar

S = TypeVar("S", bound="UrlState")


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
