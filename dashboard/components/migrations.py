"""URL migrations: old addresses keep opening the view they were written for.

Every page reads its address through `QueryReader`, which runs `migrate()` on the query before any
parameter is parsed, so a renamed parameter or indicator id needs one entry in `MIGRATIONS` and no
page code (the idea of OWID's `GrapherUrlMigrations.ts`). The address a page writes back (its
state's `to_query()`) always uses today's names, so a migrated link is rewritten on first use.

Rules for the list:

* Append only, never reorder: each migration sees the output of the ones before it, so a chain of
  renames (a -> b, later b -> c) brings a link of any age up to date.
* A renamed id or parameter name is never reused for something else: links that carry the old name
  would silently open the new thing.
* A migrated link gives no notice (it shows the view it was written for); only values that are
  still unusable after migration lead to the page's usual "bad parameter" notices.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Migration", "MIGRATIONS", "INDICATOR_PARAMS", "rename_param", "rename_indicator", "migrate"]

# Parameters whose value names indicators, on any page: `indicator` (Explore, Data), `ind` and
# `sort` (Steering), `w`, `inv` and `f` (Score). Each is a comma list; an item may carry more after a
# colon (`w=employment_rate:4`, `f=population:min:5000`), the indicator id is the part before it.
INDICATOR_PARAMS = ("indicator", "ind", "sort", "w", "inv", "f")

Query = dict  # parameter -> str, or list of str for a repeated parameter (parse_qs)


@dataclass(frozen=True)
class Migration:
    """One step: `name` says what changed and when (shown in tests and logs); `apply` takes a query
    dict and returns the migrated one (a new dict; the argument is never changed)."""

    name: str
    apply: Callable[[Query], Query]


def _map_values(value, fn: Callable[[str], str]):
    if isinstance(value, (list, tuple)):
        return [fn(str(v)) for v in value]
    return value if value is None else fn(str(value))


def rename_param(old: str, new: str, *, name: str | None = None) -> Migration:
    """Parameter `old` is now called `new`. When a link has both, `new` wins and `old` is dropped."""

    def apply(query: Query) -> Query:
        if old not in query:
            return query
        out = dict(query)
        value = out.pop(old)
        out.setdefault(new, value)
        return out

    return Migration(name or f"param {old} -> {new}", apply)


def rename_indicator(old: str, new: str, *, name: str | None = None,
                     params: Iterable[str] = INDICATOR_PARAMS) -> Migration:
    """Indicator id `old` is now `new`, wherever a parameter names an indicator."""
    params = tuple(params)

    def item(text: str) -> str:
        head, sep, rest = text.partition(":")
        return f"{new}{sep}{rest}" if head.strip() == old else text

    def value(text: str) -> str:
        return ",".join(item(part) for part in text.split(","))

    def apply(query: Query) -> Query:
        out = dict(query)
        for p in params:
            if p in out:
                out[p] = _map_values(out[p], value)
        return out

    return Migration(name or f"indicator {old} -> {new}", apply)


# Append new entries at the end (see the module docstring); say when and why in the name.
MIGRATIONS: tuple[Migration, ...] = (
    # The short ids Explore and Steering accepted as aliases since their first version (490304d).
    rename_indicator("unemployment", "unemployment_rate"),
    rename_indicator("tertiary", "tertiary_share"),
)


def migrate(query: Mapping, migrations: Iterable[Migration] | None = None,
            applied: list[str] | None = None) -> Query:
    """The query after every migration in order. `applied` (if given) collects the names of the
    migrations that changed something."""
    out = dict(query)
    for m in (MIGRATIONS if migrations is None else migrations):
        new = m.apply(out)
        if applied is not None and new != out:
            applied.append(m.name)
        out = new
    return out
