"""Values a page cannot use are never dropped silently: the page says what it did instead."""
from __future__ import annotations

import json

import pytest

from dashboard.i18n import t
from dashboard.store import load_store


@pytest.fixture(scope="module", autouse=True)
def pages():
    import app  # noqa: F401  (registers the pages)


def _text(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)


def test_slides_with_a_slide_that_is_no_number():
    from dashboard.pages import slides

    assert t("notice.bad_slide", "de", value="abc") in _text(slides.layout(lang="de", slide="abc"))
    assert "page-notice" not in _text(slides.layout(lang="de", slide="2"))


def test_data_with_an_unknown_theme():
    from dashboard.pages import data

    assert "page-notice" in _text(data.layout(lang="en", theme="bad"))
    assert "“bad”" in _text(data.layout(lang="en", theme="bad"))
    assert "page-notice" not in _text(data.layout(lang="en"))


def test_explore_with_a_start_not_before_the_year():
    from dashboard.explore.state import parse_query

    store = load_store()
    first = parse_query({}, store).state
    parsed = parse_query({"year": str(first.year), "start": str(first.year)}, store)
    assert ("notice.start_after_end", {"start": first.year, "year": first.year, "used": parsed.state.start}) \
        in parsed.notices
    assert parsed.state.start < parsed.state.year
    assert parse_query({"year": str(first.year), "start": str(first.start)}, store).notices == []
