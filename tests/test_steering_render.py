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


@pytest.mark.parametrize("lang", ["sl", "de", "en"])
def test_within_country_indicators_are_not_drawn_on_one_cross_border_axis(store, lang):
    """Registered (SI) against census (AT) unemployment on one axis is the comparison the data do not
    allow: such indicators stay off the chart (and its image), are named in a note, and keep their
    per-side medians in the table."""
    state = _state(store, view="crossborder", ind="unemployment_rate,tertiary_share,ageing_index", lang=lang)
    v = page._views(store, state)
    drawn = json.dumps(v["cb_figure"].to_plotly_json()["layout"].get("annotations", []), ensure_ascii=False)
    name = {i: store.indicator(i)[f"name_{lang}"] for i in ("unemployment_rate", "tertiary_share", "ageing_index")}
    assert name["ageing_index"] in drawn
    assert name["unemployment_rate"] not in drawn and name["tertiary_share"] not in drawn
    note = json.dumps(v["cb_left_off"].to_plotly_json(), ensure_ascii=False, default=str)
    assert name["unemployment_rate"] in note and name["tertiary_share"] in note
    table = json.dumps(v["cb_table"].to_plotly_json(), ensure_ascii=False, default=str)
    assert name["unemployment_rate"] in table
    image = page.export_figure(store, state, "crossborder")
    assert name["unemployment_rate"] not in json.dumps(image["layout"].get("annotations", []), ensure_ascii=False)


def test_no_note_when_every_indicator_shares_an_axis(store):
    v = page._views(store, _state(store, view="crossborder", ind="ageing_index,population", lang="en"))
    assert v["cb_left_off"] is None
