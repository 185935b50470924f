"""Colour is not the only carrier (WCAG 1.4.1): Compare's places differ by line dash and marker
too, so places 3 and 4 stay apart under deuteranopia or in a grey print."""
from __future__ import annotations

import pandas as pd

from dashboard.figures.compare import small_multiple_figure


def test_compare_places_differ_by_dash_and_marker():
    places = ["A", "B", "C", "D"]
    series = pd.DataFrame([(p, y, float(i + y % 3)) for i, p in enumerate(places) for y in (2020, 2021, 2022)],
                          columns=["place", "year", "value"])
    fig = small_multiple_figure(series, indicator={"unit": "pct", "decimals": 1}, places=places,
                                names={p: p for p in places}, colours={p: "#777777" for p in places},
                                x_range=(2020, 2022), lang="en")
    styles = {(tr.line.dash, tr.marker.symbol) for tr in fig.data if tr.name in places}
    assert len(styles) == 4  # all grey here: only dash and marker tell them apart
    assert len({d for d, _ in styles}) == 4 and len({s for _, s in styles}) == 4
