"""The one Plotly template the Explore figures carry: the part of Plotly's default ("plotly")
template that the trace types used here (bar, scatter, choropleth, scattergeo) read.

A `go.Figure` without a template gets the whole default one (7 kB of colour scales and styles for
heatmaps, 3-D scenes, polar and ternary axes, ...) in every response; a plain dict gets none, and
plotly.js then draws with its own bare defaults (grey fonts, no axis styling) — a different
look. This extract draws the same figures as the default template, at about a sixth of its size;
`tests/test_explore_fast.py` checks it against Plotly's own template.
"""
from __future__ import annotations

import copy
from functools import lru_cache

__all__ = ["MINIMAL_TEMPLATE", "TICK_LABELS_UNMEASURED", "TRACE_TYPES", "minimal_template"]

# For a number axis plotly.js measures every tick label after each drawing (a forced layout of the
# page: ~20 ms per Explore redraw with 2,300 places on the map) to hide one that would stick out of
# the chart's box. Ours sit in the margins plotly keeps for them and none was ever hidden (checked
# at 320 to 1,366 px): skip the measuring.
TICK_LABELS_UNMEASURED = {"ticklabeloverflow": "allow"}

TRACE_TYPES = ("bar", "scatter", "choropleth", "scattergeo")
# what of the default template's layout these figures can use: fonts, colours, axes, hover,
# shape / annotation defaults, the (invisible) base map; no colour scales (every choropleth names
# its own), no polar, ternary, 3-D scene or mapbox
_LAYOUT_KEYS = ("autotypenumbers", "colorway", "font", "hovermode", "hoverlabel", "paper_bgcolor",
                "plot_bgcolor", "xaxis", "yaxis", "shapedefaults", "annotationdefaults", "geo", "title")


@lru_cache(maxsize=1)
def _extract() -> dict:
    import plotly.io as pio

    full = pio.templates["plotly"].to_plotly_json()
    return {"data": {k: v for k, v in full.get("data", {}).items() if k in TRACE_TYPES},
            "layout": {k: v for k, v in full.get("layout", {}).items() if k in _LAYOUT_KEYS}}


def minimal_template() -> dict:
    """A fresh copy (callers may put it in a figure that is later modified)."""
    return copy.deepcopy(_extract())


MINIMAL_TEMPLATE = _extract()  # read-only: put it in a layout as it is, never modify it
