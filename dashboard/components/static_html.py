"""A block of markup written on the server and drawn by the browser as it is: one Dash component.

Why: Dash's renderer (4.4) sends one store update per component a callback's `children` mount, and
every mounted component re-reads the store on each of them, so replacing N components costs about
N x (components on the page). Score's ranking table (50 rows, ~700 html components) froze the tab
for 1.5 s on every weight change. Built as one string, the same table mounts as one component.

The markup is made only by `element` (every text and attribute value escaped) from the server's
own data, directly or through `markup`, which draws a page builder's tree of html components as
React would (so `static(html.Tbody(rows))` turns a table body into one component and leaves the
builder as it is); nothing from a request is passed through unescaped. `assets/static-html.js`
draws it; `assets/spa-links.js` follows the in-app links in it as dcc.Link would.
"""
from __future__ import annotations

from html import escape
from typing import Iterable, Union

from dash.development.base_component import Component

Markup = Union[str, "Raw", None, Iterable]


# Elements without children or an end tag
VOID = frozenset({"area", "br", "col", "hr", "img", "input", "source", "wbr"})


class Raw(str):
    """Markup already escaped by `element`; anything else is text and gets escaped."""


def element(tag: str, children: Markup = None, **attrs) -> Raw:
    """<tag attrs>children</tag> (a void element, <col>, <br>..., has no children and no end tag).
    Attribute names: `class_` -> class, `data_x` -> data-x; None or False leaves an attribute (or a
    child) out."""
    parts = [f"<{tag}"]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = "class" if name == "class_" else name.rstrip("_").replace("_", "-")
        parts.append(f' {name}="{escape(str(value), quote=True)}"')
    parts.append(">")
    if tag in VOID:
        if children not in (None, "", []):
            raise TypeError(f"<{tag}> has no children")
        return Raw("".join(parts))
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


# The elements a StaticHtml can be (a table's body, a row, a cell as well as a block)
TAGS = frozenset({"div", "section", "span", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th"})
# Props of Dash's html components that are no HTML attributes (React leaves them out too)
_DASH_ONLY = frozenset({"n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state", "key", "setProps"})
# React's names of the attributes that HTML spells otherwise
_ATTRIBUTES = {"className": "class", "htmlFor": "for", "colSpan": "colspan", "rowSpan": "rowspan",
               "tabIndex": "tabindex"}


def _css(style: dict) -> str:
    out = []
    for name, value in style.items():
        if not isinstance(value, str) and value != 0:  # React adds "px" to some numbers only
            raise TypeError(f"style {name}={value!r}: give CSS values as strings")
        out.append("".join("-" + c.lower() if c.isupper() else c for c in name) + f": {value}")
    return "; ".join(out)


def _attributes(props: dict) -> dict:
    attrs = {}
    for name, value in props.items():
        if value is None or name in _DASH_ONLY:
            continue
        if name == "style":
            value = _css(value) or None  # React writes no style attribute for {}
            if value is None:
                continue
        elif isinstance(value, bool):
            value = name if value else None
        elif not isinstance(value, (str, int, float)):
            raise TypeError(f"attribute {name}={value!r} is not text")
        attrs[_ATTRIBUTES.get(name, name)] = value
    return attrs


def markup(node) -> Raw:
    """The markup React would draw for `node`: text, lists, `dash.html` components, StaticHtml and
    dcc.Link (see `_link`), escaped as by `element`. Any other component (a Graph, a Dropdown) raises
    TypeError: it needs Dash's renderer."""
    if node is None or node is False:
        return Raw("")
    if isinstance(node, (str, int, float)):
        return Raw(_inner(str(node)))
    if isinstance(node, (list, tuple)):
        return Raw("".join(markup(c) for c in node))
    if isinstance(node, StaticHtml):
        props = node.to_plotly_json()["props"]
        return element(props.get("tag", "div"), Raw(props["html"]), id=props.get("id"), class_=props.get("className"))
    if getattr(node, "_namespace", None) == "dash_core_components" and node._type == "Link":
        return _link(dict(node.to_plotly_json()["props"]))
    if getattr(node, "_namespace", None) != "dash_html_components":
        raise TypeError(f"{type(node).__name__} is not a dash.html component: it cannot be static markup")
    props = dict(node.to_plotly_json()["props"])
    children = props.pop("children", None)
    tag = node._type.lower()
    return element(tag, None if tag in VOID and children in (None, "", []) else markup(children),
                   **_attributes(props))


def _link(props: dict) -> Raw:
    """A dcc.Link as markup: an <a> that assets/spa-links.js follows the way dcc.Link does (no new page
    load; Dash's pages router draws the page), unless it asks for a full load (`refresh`)."""
    children = props.pop("children", None)
    refresh = props.pop("refresh", False)
    if not refresh:
        props["data-spa-link"] = ""
    return element("a", markup(children), **_attributes(props))


def static(node) -> "StaticHtml":
    """`node`, a tree of `dash.html` components, as one StaticHtml: the same element with the same
    id and class, its children drawn from markup. The root may carry only id, className, children."""
    props = dict(node.to_plotly_json()["props"])
    extra = set(props) - {"id", "className", "children"}
    if extra:
        raise TypeError(f"static(): the root's {sorted(extra)} would be lost")
    return StaticHtml(markup(props.get("children")), id=props.get("id"), className=props.get("className"),
                      tag=node._type.lower())


class StaticHtml(Component):
    """`html` (made by `element` or `markup`) drawn inside a <div> (or the element `tag` names, one
    of TAGS); `id` and `className` as on html.Div."""

    _children_props: list = []
    _base_nodes: list = []
    _namespace = "innoloc_components"
    _type = "StaticHtml"

    def __init__(self, html: str = "", id=None, className=None, tag: str | None = None, **kwargs):
        if html and not isinstance(html, Raw):
            raise TypeError("StaticHtml takes markup made by static_html.element")
        if tag is not None and tag not in TAGS:
            raise TypeError(f"StaticHtml cannot be a <{tag}>")
        self._prop_names = ["id", "html", "className", "tag"]
        self._valid_wildcard_attributes = []
        self.available_properties = ["id", "html", "className", "tag"]
        self.available_wildcard_properties = []
        args = {k: v for k, v in (("id", id), ("className", className), ("tag", None if tag == "div" else tag))
                if v is not None}
        super().__init__(html=str(html), **args, **kwargs)
