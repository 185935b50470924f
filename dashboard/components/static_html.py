"""A block of markup written on the server and drawn by the browser as it is: one Dash component.

Why: Dash's renderer (4.4) sends one store update per component a callback's `children` mount, and
every mounted component re-reads the store on each of them, so replacing N components costs about
N x (components on the page). Score's ranking table (50 rows, ~700 html components) froze the tab
for 1.5 s on every weight change. Built as one string, the same table mounts as one component.

The markup is made only by `element` (every text and attribute value escaped) from the server's
own data; nothing from a request is passed through unescaped. `assets/static-html.js` draws it.
"""
from __future__ import annotations

from html import escape
from typing import Iterable, Union

from dash.development.base_component import Component

Markup = Union[str, "Raw", None, Iterable]


class Raw(str):
    """Markup already escaped by `element`; anything else is text and gets escaped."""


def element(tag: str, children: Markup = None, **attrs) -> Raw:
    """<tag attrs>children</tag>. Attribute names: `class_` -> class, `data_x` -> data-x; None or
    False leaves an attribute (or a child) out."""
    parts = [f"<{tag}"]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = "class" if name == "class_" else name.rstrip("_").replace("_", "-")
        parts.append(f' {name}="{escape(str(value), quote=True)}"')
    parts.append(">")
    parts.append(_inner(children))
    parts.append(f"</{tag}>")
    return Raw("".join(parts))


def _inner(children: Markup) -> str:
    if children is None or children is False:
        return ""
    if isinstance(children, Raw):
        return children
    if isinstance(children, str):
        return escape(children, quote=False)
    return "".join(_inner(c) for c in children)


class StaticHtml(Component):
    """`html` (made by `element`) drawn inside a <div>; `id` and `className` as on html.Div."""

    _children_props: list = []
    _base_nodes: list = []
    _namespace = "innoloc_components"
    _type = "StaticHtml"

    def __init__(self, html: str = "", id=None, className=None, **kwargs):
        if html and not isinstance(html, Raw):
            raise TypeError("StaticHtml takes markup made by static_html.element")
        self._prop_names = ["id", "html", "className"]
        self._valid_wildcard_attributes = []
        self.available_properties = ["id", "html", "className"]
        self.available_wildcard_properties = []
        args = {k: v for k, v in (("id", id), ("className", className)) if v is not None}
        super().__init__(html=str(html), **args, **kwargs)
