"""Steering renders build only what the page shows (issue 14): the print image of the matrix (a
Plotly heatmap, half of a render's CPU) is built when the reader downloads it, not on every
change, and the cross-border figure once per render; the download still gets the full print figure
(title, sources, link), and the page no longer ships a hidden copy of it."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

import app  # noqa: F401  (registers the pages)
from dashboard.figures import steering as fig
from dashboard.pages import steering as page
from dashboard.steering.state import parse_query
from dashboard.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


def _state(store, **query):
    return parse_query({k: str(v) for k, v in query.items()}, store).state


def _count(monkeypatch, name):
    calls = []
    real = getattr(fig, name)

    def counting(*args, **kwargs):
        calls.append(kwargs.get("export", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(fig, name, counting)
    return calls


@pytest.mark.parametrize("view", ["matrix", "crossborder"])
def test_a_render_builds_no_image_and_each_figure_once(store, monkeypatch, view):
    matrix_calls = _count(monkeypatch, "matrix_figure")
    cb_calls = _count(monkeypatch, "crossborder_figure")
    out = page.render(_state(store, lang="de", view=view).as_dict())
    assert matrix_calls == []
    assert cb_calls == ([False] if view == "crossborder" else [])
    assert "heatmap" not in json.dumps(out, default=str)  # no hidden image in the answer


def test_the_page_ships_no_hidden_image(store):
    layout = json.dumps(page.layout(lang="en").to_plotly_json(), default=str)
    assert "heatmap" not in layout and "steering-png-figure" not in layout


@pytest.mark.parametrize("lang", ["sl", "de", "en"])
def test_export_figures_are_the_print_figures(store, lang):
    state = _state(store, lang=lang, ind="employment_rate,unemployment_rate")
    matrix = page.export_figure(store, state, "matrix")
    assert matrix["data"][0]["type"] == "heatmap"
    text = json.dumps(matrix, ensure_ascii=False)
    assert "/steering?" in text  # the link back is in the image
    cb = page.export_figure(store, state, "crossborder")
    assert cb["layout"]["width"] and "/steering?" in json.dumps(cb, ensure_ascii=False)


def test_no_indicator_no_image(store):
    """Nothing to draw: no file rather than an empty picture."""
    empty = replace(_state(store, lang="en"), indicators=())
    assert page.export_figure(store, empty, "matrix") is None
    assert page.export_figure(store, empty, "crossborder") is None
