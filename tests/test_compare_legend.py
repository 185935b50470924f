"""Compare's legend names each place with its line as the small multiples draw it: the same colour,
dash pattern and marker symbol (WCAG 1.4.1: places 3 and 4 differed by colour only in the legend)."""
from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from dashboard.compare import logic as C
from dashboard.compare import state as Cs
from dashboard.figures.compare import legend_key_svg
from dashboard.store import load_store
from tests.layout_walk import walk as _walk

PLACES = "SI-052,SI-041,AT-61108,AT-62139"


@pytest.fixture(scope="module")
def store():
    import app  # noqa: F401  (registers the pages)

    return load_store()




def _legend_and_traces(store, lang="en"):
    from dashboard.pages.compare import small_multiples

    comp = C.build_comparison(store, Cs.parse_query({"places": PLACES, "lang": lang}, store).state)
    tree = small_multiples(store, comp)
    nodes = list(_walk(tree))
    legend = next(n for n in nodes if getattr(n, "id", None) == "compare-sm-legend")
    graphs = [n for n in nodes if type(n).__name__ == "Graph"]
    return comp, legend, graphs


def _svg(img) -> str:
    assert img.src.startswith("data:image/svg+xml")
    return unquote(img.src.split(",", 1)[1])


def test_each_legend_key_draws_the_lines_dash_marker_and_colour(store):
    comp, legend, graphs = _legend_and_traces(store)
    entries = legend.children
    assert len(entries) == 4 and graphs
    seen = set()
    for entry in entries:
        img, name = entry.children
        svg = _svg(img)
        place = getattr(entry, "data-place")
        assert name == comp.names[place]
        assert img.alt == ""  # the name follows as text; the key is not read out twice
        stroke = re.search(r'<line [^>]*stroke="(#[0-9A-Fa-f]{6})"', svg).group(1)
        dash = re.search(r'data-dash="([a-z]+)"', svg).group(1)
        symbol = re.search(r'data-symbol="([a-z-]+)"', svg).group(1)
        # every panel draws this place with the legend's colour, dash and marker
        for g in graphs:
            traces = [tr for tr in g.figure.data if tr.name == name]
            for tr in traces:
                assert (tr.line.color, tr.line.dash, tr.marker.symbol) == (stroke, dash, symbol)
        assert any(tr.name == name for g in graphs for tr in g.figure.data)
        # the pattern is drawn, not only named: dashed keys carry a dash array, markers a shape
        assert ("stroke-dasharray" in svg) == (dash != "solid")
        assert re.search({"circle": r"<circle ", "square": r"<rect ", "diamond": r"<path ", "triangle-up": r"<path "}[symbol], svg)
        seen.add((dash, symbol))
    assert len(seen) == 4  # four places, four different line patterns


def test_dash_arrays_match_plotlys_and_shapes_differ():
    keys = [legend_key_svg(n, "#000000") for n in range(4)]
    arrays = [re.search(r'stroke-dasharray="([^"]+)"', k) for k in keys]
    assert arrays[0] is None  # solid
    assert [a.group(1) for a in arrays[1:]] == ["9,9", "3,3", "9,3,3,3"]  # plotly.js dashStyle at width 2
    diamond, triangle = keys[2], keys[3]
    assert re.search(r'<path d="([^"]+)"', diamond).group(1) != re.search(r'<path d="([^"]+)"', triangle).group(1)
