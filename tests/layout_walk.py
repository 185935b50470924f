"""Every Dash component of a layout, depth first (tests look for ids, roles and texts in a page's
layout without a browser)."""


def walk(node):
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            yield from walk(child)
