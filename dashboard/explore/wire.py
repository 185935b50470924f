"""Explore's render answer in JSON-native form, so Dash serialises it in one orjson call.

Dash encodes a callback's answer with plotly's `to_json_plotly`: it first tries `orjson.dumps`
on the whole answer, and when that fails on one object it does not know (a Dash component, a
`Patch`) it walks *every* value of the answer in Python (`clean_to_json_compatible`) — at 2,300
places the map Patch alone is some 70,000 values, about a third of the render. Converting the few
components and the Patch to the dicts that walk would make of them gives the same bytes without
the walk (tests/test_explore_wire.py compares both encodings).

Figures and Patch operations are our own plain dicts, lists, strings and numbers and are not
walked; anything else orjson does not know would only send Dash back to its slower path.
"""
from __future__ import annotations

from dash import Patch, no_update
from dash.development.base_component import Component

__all__ = ["answer", "plain"]


def plain(value):
    """`value` with every Dash component or other object with `to_plotly_json` (a DataTable
    `Format`), at any depth of lists, tuples and dicts, and a top-level `Patch` replaced by its
    `to_plotly_json()` form, as Dash's encoder would write them. Walks `value`: use it on the
    small outputs (texts, columns), not on figures or table rows."""
    if value is no_update:
        return value  # Dash leaves that output as it is (its dict form would do the same)
    if isinstance(value, Patch):
        return value.to_plotly_json()  # {"__dash_patch_update", "operations"}: plain data inside
    return _components(value)


def _components(value):
    if isinstance(value, Component) or (not isinstance(value, Patch) and hasattr(type(value), "to_plotly_json")):
        value = value.to_plotly_json()  # a component, or a DataTable column's Format
    if isinstance(value, dict):
        return {k: _components(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_components(v) for v in value]
    return value


def answer(values, walk) -> tuple:
    """A multi-output callback's return value made JSON-native: a `Patch` or a `go.Figure` at the
    top level becomes its dict, and the outputs at the positions in `walk` (those that hold
    components or Formats) are walked with `plain`; the rest (figure dicts, table rows) is passed on."""
    return tuple(plain(v) if i in walk else _top(v) for i, v in enumerate(values))


def _top(value):
    if isinstance(value, (dict, list, str, int, float)) or value is None or value is no_update:
        return value
    if isinstance(value, Patch) or hasattr(type(value), "to_plotly_json"):
        return value.to_plotly_json()  # a Patch, a go.Figure (the type map): plain data inside
    return value
