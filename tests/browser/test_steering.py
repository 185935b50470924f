"""The steering view in a real browser: what a reader in a steering meeting would notice.

Every language renders offline (the harness fails a test on any console error or request leaving
127.0.0.1); choosing indicators, the change measure, sorting by a header click or the sort control,
the view switch and the language switch change the view and the address; the CSV and the PNG
download; a hover explains a cell; broken URL values give notices and a working page.

Expected texts come from the catalogues and the page's own pure functions, so a test fails when
the page shows something else, not when wording changes.
"""
from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from dashboard.figures import steering as fig
from dashboard.i18n import LANGS, t
from dashboard.steering.logic import figure_inputs
from dashboard.steering.logic import build_matrix
from dashboard.steering.state import parse_query

pytestmark = pytest.mark.browser

ROWS = ".steering-matrix tbody tr[data-code]"


def open_matrix(page, query: str):
    page.goto(f"/steering?{query}", timeout=60_000)  # a cold first load on a busy machine
    page.wait_for_selector(ROWS)


def default_state(store, **query):
    return parse_query({k: str(v) for k, v in query.items()}, store).state


def row_codes(page) -> list[str]:
    return page.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.code)")


def column_texts(page, index: int) -> list[str]:
    return page.locator(ROWS).evaluate_all(
        f"rows => rows.map(r => r.querySelectorAll('td')[{index}].innerText.trim())")


@pytest.mark.parametrize("lang", LANGS)
def test_matrix_renders_in_language(page, store, shoot, lang):
    open_matrix(page, f"lang={lang}")
    expect(page.locator("#_pages_content h1")).to_have_text(t("steering.title", lang))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    state = default_state(store, lang=lang)
    matrix = build_matrix(store, state)
    expect(page.locator(ROWS)).to_have_count(16)
    heads = page.locator(".steering-matrix thead th.ind-col")
    expect(heads).to_have_count(len(state.indicators))
    for i, col in enumerate(matrix.columns):  # every column names its year
        expect(heads.nth(i).locator(".col-period")).to_have_text(fig.period_label(col, lang))
    expect(page.locator("#steering-caption")).to_have_text(fig.matrix_caption(matrix))
    expect(page.locator(".page-notice")).to_have_count(0)
    expect(page.locator(".steering-controls.page-controls")).to_be_visible()  # presentation mode hides this class
    # missing cells are plainly missing: the dash, no class colour
    missing = page.locator(".steering-matrix td.cell.missing")
    n_missing = sum(col.values[c] is None for col in matrix.columns for c in matrix.rows)
    expect(missing).to_have_count(n_missing)
    if n_missing:
        expect(missing.first).to_have_text(fig.MISSING_MARK)
    shoot(page, f"steering_{lang}.png", full_page=True)


@pytest.mark.parametrize("lang", LANGS)
def test_crossborder_view_renders(page, store, shoot, lang):
    page.goto(f"/steering?lang={lang}&view=crossborder")
    page.wait_for_selector("#steering-cb-graph .main-svg")
    expect(page.locator("#steering-matrix-section")).to_be_hidden()
    state = default_state(store, lang=lang, view="crossborder")
    rows = page.locator(".steering-cb-table tbody tr")
    expect(rows).to_have_count(len(state.indicators))
    expect(page.locator("#steering-cb-graph .ytick").first).to_contain_text(t("steering.cb.si_side", lang))
    expect(page.locator("#steering-cb-graph .legend")).to_contain_text(t("steering.cb.median", lang))
    if any(store.indicator(i)[f"comparability_{lang}"] for i in state.indicators):
        expect(page.locator("#steering-cb-notes")).to_contain_text(t("steering.notes.title", lang))
    shoot(page, f"steering_crossborder_{lang}.png", full_page=True)


def test_view_switch_keeps_the_url_in_step(page):
    open_matrix(page, "lang=en")
    page.locator(".steering-view-switch label", has_text=t("steering.view.crossborder", "en")).click()
    page.wait_for_selector("#steering-cb-graph .main-svg")
    expect(page).to_have_url(re.compile(r"view=crossborder"))
    page.locator(".steering-view-switch label", has_text=t("steering.view.matrix", "en")).click()
    expect(page.locator(ROWS).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"view=matrix"))


def test_adding_an_indicator_adds_a_column_and_updates_the_url(page, store):
    open_matrix(page, "lang=en&ind=employment_rate,tertiary_share")
    expect(page.locator("th.ind-col")).to_have_count(2)
    name = store.indicator("density")["name_en"]
    page.locator("#steering-ind").click()
    page.locator(".dash-dropdown-options [role=option]", has_text=name).click()
    page.keyboard.press("Escape")
    expect(page.locator("th.ind-col")).to_have_count(3)
    expect(page.locator('th.ind-col[data-indicator="density"]')).to_contain_text(name)
    expect(page).to_have_url(re.compile(r"ind=employment_rate,tertiary_share,density(&|$)"))


def test_change_measure_states_the_period_in_every_header(page, store):
    open_matrix(page, "lang=de&ind=employment_rate,net_migration_rate&start=2015&end=2023")
    page.locator("#steering-measure label", has_text=t("steering.measure.change", "de")).click()
    expect(page).to_have_url(re.compile(r"measure=change"))
    matrix = build_matrix(store, default_state(store, lang="de", ind="employment_rate,net_migration_rate",
                                               start=2015, end=2023, measure="change"))
    periods = page.locator("th.ind-col .col-period")
    for i, col in enumerate(matrix.columns):
        expect(periods.nth(i)).to_have_text(fig.period_label(col, "de"))
        assert fig.period_label(col, "de").startswith("\u0394 ")
    expect(page.locator('th.ind-col[data-indicator="employment_rate"] .col-unit')).to_contain_text(t("unit.pp", "de"))
    expect(page.locator("#steering-caption")).to_have_text(fig.matrix_caption(matrix))


def test_header_click_sorts_best_first_then_reverses(page, store):
    open_matrix(page, "lang=en")
    matrix = build_matrix(store, default_state(store, sort="unemployment_rate"))
    col = matrix.column("unemployment_rate")
    index = [c.indicator for c in matrix.columns].index("unemployment_rate")
    page.locator('th[data-indicator="unemployment_rate"] .sort-btn').click()
    expect(page).to_have_url(re.compile(r"sort=unemployment_rate&order=asc"))  # lower is better
    expect(page.locator('th[data-indicator="unemployment_rate"]')).to_have_attribute("aria-sort", "ascending")
    expect(page.locator(ROWS).first).to_have_attribute("data-code", matrix.rows[0])
    assert row_codes(page) == list(matrix.rows)
    assert col.standing[matrix.rows[0]].rank == 1
    texts = column_texts(page, index)
    missing = [i for i, s in enumerate(texts) if s == fig.MISSING_MARK]
    assert missing == list(range(len(texts) - len(missing), len(texts)))  # missing last
    expect(page.locator(".steering-matrix .group-row")).to_have_count(0)
    page.locator('th[data-indicator="unemployment_rate"] .sort-btn').click()
    expect(page).to_have_url(re.compile(r"sort=unemployment_rate&order=desc"))
    reverse = build_matrix(store, default_state(store, sort="unemployment_rate", order="desc"))
    expect(page.locator(ROWS).first).to_have_attribute("data-code", reverse.rows[0])


def test_sort_control_sorts_by_name_and_back_to_groups(page, store):
    open_matrix(page, "lang=sl")
    page.locator("#steering-sort").click()
    page.locator(".dash-dropdown-options [role=option]", has_text=t("steering.sort.name", "sl")).click()
    expect(page).to_have_url(re.compile(r"sort=name&order=asc"))
    expected = build_matrix(store, default_state(store, lang="sl", sort="name")).rows
    expect(page.locator(ROWS).first).to_have_attribute("data-code", expected[0])
    assert row_codes(page) == list(expected)
    page.locator("#steering-sort").click()
    page.locator(".dash-dropdown-options [role=option]", has_text=t("steering.sort.region", "sl")).click()
    expect(page.locator(".steering-matrix .group-row")).to_have_count(4)
    expect(page).not_to_have_url(re.compile(r"sort="))


def test_regions_level_shows_countries_for_reference(page, store):
    open_matrix(page, "lang=en&level=regions")
    expect(page.locator(ROWS)).to_have_count(7)
    expect(page.locator("tr.reference-row")).to_have_count(3)
    expect(page.locator(".legend-reference")).to_have_text(t("steering.legend.reference", "en"))


def test_hover_explains_a_cell(page, store):
    open_matrix(page, "lang=en&ind=employment_rate")
    matrix = build_matrix(store, default_state(store, ind="employment_rate"))
    code = page.locator(ROWS).first.get_attribute("data-code")
    page.locator(ROWS).first.locator("td").first.hover()
    tip = page.locator(".steering-tip")
    expect(tip).to_be_visible()
    for line in fig.cell_tooltip(matrix, matrix.column("employment_rate"), code, **figure_inputs(store, matrix)):
        expect(tip).to_contain_text(line)


def test_csv_download_is_the_matrix(page, store):
    open_matrix(page, "lang=de&ind=employment_rate,ageing_index&measure=change")
    with page.expect_download() as info:
        page.locator("#steering-dl-csv-long").click()  # the long file; "#steering-dl-csv" is the wide matrix
    text = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 16 * 2
    assert {r["indicator"] for r in rows} == {"employment_rate", "ageing_index"}
    emp = [r for r in rows if r["indicator"] == "employment_rate"]
    assert {r["unit"] for r in emp} == {"pp"} and all(r["start_year"] and r["year"] for r in emp)
    assert all(r["source"] for r in rows if r["value"])
    assert all(r["rank"] == "" for r in rows if r["value"] == "")


def test_png_download_of_the_matrix(page):
    open_matrix(page, "lang=sl")
    with page.expect_download() as info:
        page.locator("#steering-dl-png").click()
    assert info.value.suggested_filename.endswith(".png")
    with open(info.value.path(), "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_png_download_of_the_crossborder_chart(page):
    page.goto("/steering?lang=de&view=crossborder")
    page.wait_for_selector("#steering-cb-graph .main-svg")
    with page.expect_download() as info:
        page.locator("#steering-dl-cb-png").click()
    assert info.value.suggested_filename == "innovative-location-steering-crossborder.png"
    with open(info.value.path(), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_bad_parameters_give_notices_and_a_working_matrix(page, shoot):
    open_matrix(page, "lang=de&ind=nope,employment_rate&measure=sideways&end=1800")
    notices = page.locator(".page-notice")
    expect(notices).to_have_count(3)
    expect(notices.nth(0)).to_have_text(t("steering.notice.bad_indicator", "de", value="nope"))
    expect(notices.nth(1)).to_have_text(t("notice.bad_param", "de", param="measure", value="sideways"))
    expect(page.locator("th.ind-col")).to_have_count(1)
    expect(page.locator(ROWS)).to_have_count(16)
    shoot(page, "steering-bad-params_de.png", full_page=True)


def test_language_switch_keeps_the_view(page):
    open_matrix(page, "lang=en&ind=employment_rate,tertiary_share")
    page.locator('th[data-indicator="tertiary_share"] .sort-btn').click()
    expect(page).to_have_url(re.compile(r"sort=tertiary_share"))
    page.locator("#shell-lang-de").click()
    expect(page.locator("#_pages_content h1")).to_have_text(t("steering.title", "de"))
    expect(page).to_have_url(re.compile(r"lang=de"))
    expect(page).to_have_url(re.compile(r"ind=employment_rate,tertiary_share"))
    expect(page).to_have_url(re.compile(r"sort=tertiary_share&order=desc"))
    expect(page.locator('th[data-indicator="tertiary_share"]')).to_have_attribute("aria-sort", "descending")


@pytest.mark.parametrize("lang", LANGS)
def test_change_across_a_break_is_marked_and_explained(page, store, shoot, lang):
    """Gross earnings 2010-2020: the Slovenian series breaks in 2015; their cells show "– b" and the
    hover says why, the tertiary-share change is in percentage points."""
    query = f"lang={lang}&ind=gross_earnings,tertiary_share&measure=change&start=2010&end=2020"
    open_matrix(page, query)
    matrix = build_matrix(store, default_state(store, lang=lang, ind="gross_earnings,tertiary_share", measure="change",
                                               start=2010, end=2020))
    col = matrix.column("gross_earnings")
    assert "SI-052" in col.breaks
    cell = page.locator(f'{ROWS}[data-code="SI-052"] td').first
    expect(cell).to_have_text("\u2013\u2009b")
    cell.hover()
    tip = page.locator(".steering-tip")
    expect(tip).to_contain_text(t("missing.break", lang, year=2015))
    expect(page.locator('th.ind-col[data-indicator="tertiary_share"] .col-unit')).to_contain_text(t("unit.pp", lang))
    shoot(page, f"steering-break_{lang}.png", full_page=True)
