"""No chart offers to send itself to a cloud server, and no page links off the site.

Every `dcc.Graph` of every page (each language, the pages' default views and a few with content)
must carry the shared config of `components/graph_config.py`; every `href` must stay on this
server. The dashboard has no external links at all (sources are named in text, not linked), so
there is no allow-list.
"""
from __future__ import annotations

import dash
import pytest
from dash import dcc

import app  # noqa: F401  (registers the pages)
from dashboard.components.graph_config import CLOUD_BUTTONS, graph_config
from tests.layout_walk import walk as _walk

VIEWS = [
    ("/explore", {}), ("/explore", {"indicator": "unemployment_rate"}), ("/profile", {}),
    ("/compare", {"places": "SI_2052,AT_62135"}), ("/score", {}), ("/peers", {}), ("/steering", {}),
    ("/steering", {"view": "crossborder"}), ("/data", {}), ("/slides", {}), ("/", {}),
]




def _layout(path, query):
    page = next(p for p in dash.page_registry.values() if p["path"] == path)
    layout = page["layout"]
    return layout(**query) if callable(layout) else layout


def test_shared_config_cannot_be_talked_into_the_cloud():
    cfg = graph_config("x", showSendToCloud=True, showEditInChartStudio=True, modeBarButtonsToRemove=["toImage"])
    assert cfg["showSendToCloud"] is False and cfg["showEditInChartStudio"] is False
    assert set(CLOUD_BUTTONS) <= set(cfg["modeBarButtonsToRemove"]) and "toImage" in cfg["modeBarButtonsToRemove"]
    assert cfg["plotlyServerURL"] == "" and cfg["displaylogo"] is False


@pytest.mark.parametrize("lang", ["sl", "de", "en"])
@pytest.mark.parametrize("path,query", VIEWS)
def test_every_graph_uses_the_shared_config_and_no_link_leaves(path, query, lang):
    nodes = list(_walk(_layout(path, {**query, "lang": lang})))
    graphs = [n for n in nodes if isinstance(n, dcc.Graph)]
    assert graphs or path in ("/slides", "/"), f"{path} draws no chart: the walk missed it"
    for g in graphs:
        cfg = getattr(g, "config", None) or {}
        assert cfg.get("showSendToCloud") is False, (path, getattr(g, "id", None))
        assert set(CLOUD_BUTTONS) <= set(cfg.get("modeBarButtonsToRemove", ())), (path, getattr(g, "id", None))
    for n in nodes:
        href = getattr(n, "href", None)
        if isinstance(href, str):
            assert not href.startswith(("http:", "https:", "//", "mailto:")), (path, href)
