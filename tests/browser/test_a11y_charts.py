"""Every chart has an accessible name, a generated description and a data table a keyboard can
reach (assets/chart-a11y.js, built from the figure the chart drew): the Explore time series,
Compare's small multiples, the Data coverage matrix and the profile's locator map among them."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.components import shell
from dashboard.i18n import t
from tests.browser.a11y_support import settle

pytestmark = pytest.mark.browser

CHARTS = {  # page -> a chart that must have a table equivalent
    "/explore": "#explore-series",
    "/compare": ".sm-graph",
    "/data": ".coverage-graph",
    "/profile": ".dash-graph",
}


@pytest.mark.parametrize("path", CHARTS)
def test_charts_are_named_described_and_tabled(page, path):
    lang = "de"
    page.goto(timeout=60_000, url=f"{path}?lang={lang}")
    settle(page)
    page.wait_for_function("() => document.querySelectorAll('.dash-graph .js-plotly-plot').length > 0 && "
                           "Array.from(document.querySelectorAll('.dash-graph .js-plotly-plot')).every("
                           "g => g.closest('.dash-graph').getAttribute('aria-describedby'))")
    hosts = page.locator(".dash-graph:has(.js-plotly-plot)")
    for i in range(hosts.count()):
        host = hosts.nth(i)
        name = host.get_attribute("aria-label")
        assert name and name != t("a11y.chart.generic", lang), f"chart {i} on {path} has no name of its own"
        desc = page.locator("#" + host.get_attribute("aria-describedby")).inner_text()
        assert re.search(r"\d", desc), f"chart {i} on {path}: description without any number: {desc!r}"
    chart = page.locator(f"{CHARTS[path]}:has(.js-plotly-plot)").first
    table_box = chart.locator("xpath=following-sibling::details[1]")
    summary = table_box.locator("summary")
    expect(summary).to_contain_text(t("a11y.chart.table", lang))
    summary.focus()
    page.keyboard.press("Enter")
    rows = table_box.locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() > 1


def test_steering_standing_has_a_second_carrier(page):
    """Each coloured cell shows its fifth (1-5) besides the colour; the legend numbers its swatches."""
    page.goto(timeout=60_000, url="/steering?lang=en")
    settle(page)
    marks = page.evaluate("""() => Array.from(document.querySelectorAll('.steering-matrix td.cell')).filter(
        td => /\\bq[1-5]\\b/.test(td.className)).map(td => [td.className.match(/\\bq([1-5])\\b/)[1],
        getComputedStyle(td, '::after').content])""")
    assert marks, "no coloured cells"
    assert all(content == f'"{q}"' for q, content in marks), marks[:5]
    swatches = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.steering-legend .legend-scale .legend-swatch')).map(s => getComputedStyle(s, '::after').content)""")
    assert swatches and all(c not in ("none", "normal", '""') for c in swatches), swatches


def test_a_chart_drawn_before_the_frame_knows_the_language_is_described_in_it(page):
    """When the first answer does not know the page (no address came with it), the frame (navbar,
    and the words chart-a11y uses) is first drawn in English and then in the page's language by a
    callback; when that answer comes after a chart has drawn, the chart's name, description and
    table are made again in the page's language (it was English for good)."""
    held = []

    def without_the_address(route):
        headers = {k: v for k, v in route.request.headers.items() if k.lower() != shell.PAGE_HEADER.lower()}
        route.continue_(headers=headers)

    def hold_the_frame(route):
        if "shell-header.children" in (route.request.post_data or ""):
            held.append(route)  # answered below, after the chart has drawn
        else:
            route.continue_()

    page.route("**/_dash-layout*", without_the_address)
    page.route("**/_dash-update-component*", hold_the_frame)
    page.goto("/data?lang=de")
    page.wait_for_selector(".coverage-graph .js-plotly-plot .main-svg")
    summary = page.locator(".coverage-graph + details.chart-data summary")
    expect(summary).to_contain_text(t("a11y.chart.table", "en"))  # the chart drew with the frame still English
    assert held, "the frame's answer was not held back"
    for route in held:
        route.continue_()
    expect(summary).to_contain_text(t("a11y.chart.table", "de"))
    host = page.locator(".coverage-graph").first
    desc = page.locator("#" + host.get_attribute("aria-describedby"))
    expect(desc).to_contain_text(t("a11y.chart.values", "de").replace("{n}", "").strip())  # "… Werte"


def test_the_coverage_matrix_table_says_what_each_cell_shows(page):
    """The matrix's values are state codes (0, 1, 2); its table gives each cell's words, as its
    hover does ("Jesenice · 2002: keine Daten"), not the codes."""
    page.goto(timeout=60_000, url="/data?lang=de")
    settle(page)
    box = page.locator(".coverage-graph + details.chart-data").first
    box.locator("summary").click()
    cells = box.locator("tbody tr td:nth-child(2)")
    expect(cells.first).to_be_visible()
    values = cells.all_inner_texts()
    words = {t(f"coverage.state.{k}", "de") for k in ("data", "derived", "none")}
    assert all(any(v.endswith(": " + w) for w in words) for v in values), values[:5]
    assert any(v.endswith(": " + t("coverage.state.none", "de")) for v in values)
