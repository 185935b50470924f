"""The pages' logic as plain functions, on the small fixture dataset (no app, no browser)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.components import catalogue
from dashboard.components.places import comparison_rows, partner_regions, partners_in
from dashboard.components.shell import frame_for
from dashboard.components.urls import href, parse_search
from dashboard.figures.coverage import (
    DATA, DERIVED, NO_DATA, coverage_figure, coverage_states, coverage_summary,
)
from dashboard.store import load_store

FIXTURE = Path(__file__).parent / "fixtures" / "shell"


@pytest.fixture(scope="module")
def store():
    return load_store(FIXTURE)


def test_fixture_has_the_project_places(store):
    assert len(store.partners()) == 16
    assert partner_regions(store) == ["SI042", "SI032", "AT223", "AT224"]
    assert [store.place(c)["name"] for c in partners_in(store, "SI042")] == ["Jesenice", "Kranj", "Radovljica", "Tržič"]


def test_comparison_rows_group_partners_then_aggregates(store):
    rows, breaks, aggregates = comparison_rows(store)
    assert len(rows) == 16 + 4 + 1 + 2
    assert "SI-012" not in rows  # not a partner
    assert rows[-7:] == ["SI042", "SI032", "AT223", "AT224", "AT22", "SI", "AT"]
    assert breaks == [4, 8, 12, 16, 20, 21]
    assert aggregates == rows[16:]


def test_coverage_states_and_summary():
    series = pd.DataFrame({"place": ["A", "A", "B"], "year": [2020, 2021, 2021], "flags": ["", "d", "p"]})
    states = coverage_states(series, ["A", "B", "C"], [2020, 2021, 2022])
    assert states.loc["A"].tolist() == [DATA, DERIVED, NO_DATA]
    assert states.loc["B"].tolist() == [NO_DATA, DATA, NO_DATA]
    assert states.loc["C"].tolist() == [NO_DATA] * 3
    assert coverage_summary(states, ["A", "B", "C"]) == (2, 3, 2021)
    assert coverage_summary(states, ["C"]) is None


def test_coverage_figure_is_self_contained():
    states = pd.DataFrame([[1, 2], [0, 1]], index=["A", "R"], columns=[2020, 2021])
    fig = coverage_figure(states, {"A": "Ačkov", "R": "Regija"},
                          state_names={DATA: "podatek", DERIVED: "izpeljano", NO_DATA: "ni podatka"},
                          x_title="Leto", separators=",.", group_breaks=[1], bold=["R"])
    assert fig.layout.separators == ",."
    assert fig.layout.xaxis.title.text == "Leto"
    heat = fig.data[0]
    assert list(heat.x) == ["2020", "2021"]  # years as labels, never "2.020"
    assert list(heat.y) == ["Ačkov", "<b>Regija</b>"]
    assert heat.customdata[1][0] == "Regija · 2020: ni podatka"
    assert {tr.name for tr in fig.data[1:]} == {"podatek", "izpeljano", "ni podatka"}
    assert len(fig.layout.shapes) == 1
    assert "http" not in fig.to_json()


def test_filter_indicators_ignores_case_and_diacritics(store):
    ind = store.indicators
    assert catalogue.filter_indicators(ind, "", None, "de") == store.indicator_ids()
    assert catalogue.filter_indicators(ind, "BEVOLKERUNG", None, "de") == store.indicator_ids()
    assert catalogue.filter_indicators(ind, "bevölkerung", "economy", "de") == ["gdp_per_capita"]
    assert catalogue.filter_indicators(ind, "delovne aktivnosti", None, "sl") == ["employment_rate"]
    assert catalogue.filter_indicators(ind, "nothing-like-this", None, "en") == []


def test_resolve_indicator():
    ids = ["employment_rate", "population"]
    assert catalogue.resolve_indicator(None, ids) == ("population", None)
    assert catalogue.resolve_indicator("employment_rate", ids) == ("employment_rate", None)
    assert catalogue.resolve_indicator("nope", ids) == ("population", "notice.bad_indicator")
    assert catalogue.resolve_indicator("x", ["a", "b"]) == ("a", "notice.bad_indicator")
    assert catalogue.resolve_indicator(None, []) == (None, None)


def test_links_carry_the_language():
    assert href("/data", "de", indicator="population", q=None) == "/data?lang=de&indicator=population"
    assert parse_search("?lang=sl&indicator=a&lang=de") == {"lang": "de", "indicator": "a"}


def test_frame_follows_the_url():
    header, footer, meta = frame_for("/data", "?lang=de&indicator=population")
    assert meta == {"lang": "de", "title": "Daten · Innovative Location"}
    assert frame_for("/nowhere", "?lang=xx")[2]["lang"] == "en"
    text = str(header.to_plotly_json())
    assert "/data?lang=sl&indicator=population" in text  # the switch keeps page and selection
