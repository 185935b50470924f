"""The location score page in a real browser: every language, presets, weights, filters, the URL
as the whole configuration, the CSV download and notices for a broken link. Expected texts come
from the catalogues and expected rankings from `dashboard.score`, so a test fails when the
page disagrees with the maths, not when wording changes."""
from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import LANGS, t
from dashboard.score import logic as sc
from dashboard.score import state as scs
from dashboard.score import texts as sct
from tests.browser.slow_server import SETTLED_MS, answers_last_asked_first

pytestmark = pytest.mark.browser

TALL = {"width": 1280, "height": 2600}  # the sticky controls panel fits whole for the screenshot


def wait_ready(page, lang, chart=True):
    expect(page.locator("#_pages_content h1")).to_have_text(t("score.title", lang))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    if chart:
        page.wait_for_selector("#score-chart .main-svg")


def table_order(page) -> list[str]:
    return page.locator(".score-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.place)")


def expected_order(store, query: str) -> list[str]:
    return list(sc.run(store, scs.parse_query(query, store).config).table.index)


def slider(page, indicator):
    return page.locator(f"#score-w-{indicator} [role=slider]")


@pytest.mark.parametrize("lang", LANGS)
def test_score_page_renders_in_language(page, store, shoot, lang):
    page.goto(f"/score?lang={lang}")
    wait_ready(page, lang)
    expect(page.locator(".page-notice")).to_have_count(0)
    expect(page.locator(".score-table tbody tr")).to_have_count(len(expected_order(store, f"?lang={lang}")))
    assert table_order(page) == expected_order(store, f"?lang={lang}")
    # the default profile, the formula and the year of every weighted indicator are on the page
    expect(page.locator(f'[data-preset="{scs.DEFAULT_PRESET}"]')).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator("#score-formula")).to_contain_text(t("score.formula.contribution", lang))
    labels = sct.indicator_labels(store, lang)
    for ind in scs.PRESETS[scs.DEFAULT_PRESET]:
        expect(page.locator(f'.score-legend-item[data-indicator="{ind}"]')).to_contain_text(
            f"{labels[ind]['name']} {labels[ind]['period']}")
    # definitions differ for some preset indicators: the warning says so in this language
    expect(page.locator('[data-key="score.msg.definitions_differ"]')).to_be_visible()
    # a within-country indicator (tertiary share) is normalised per country, and the page says so
    expect(page.locator('[data-key="score.msg.within_country_minmax"]')).to_be_visible()
    # places with too little data are listed, not ranked, each with its covered weight share
    result = sc.run(store, scs.parse_query(f"?lang={lang}", store).config)
    expect(page.locator(".score-not-enough li")).to_have_count(len(result.insufficient))
    for code in result.insufficient:
        expect(page.locator(f'.score-not-enough li[data-place="{code}"]')).to_contain_text(
            t("score.not_enough_data", lang))
    expect(page.locator("#score-chart .xtitle")).to_have_text(t("score.axis.score_minmax", lang))
    expect(page.locator("#score-chart .modebar-btn")).not_to_have_count(0)
    expect(page.locator('#score-chart .modebar-btn[data-title*="Share"]')).to_have_count(0)  # no cloud upload
    page.set_viewport_size(TALL)
    shoot(page, f"score_{lang}.png", full_page=True)


def test_choosing_a_preset_changes_the_ranking(page, store):
    page.goto("/score?lang=en&preset=manufacturing")
    wait_ready(page, "en")
    before = table_order(page)
    page.locator('[data-preset="tourism"]').click()
    expect(page).to_have_url(re.compile(r"preset=tourism"))
    expect(page.locator('[data-preset="tourism"]')).to_have_class(re.compile(r"\bactive\b"))
    expect(slider(page, "avg_length_of_stay")).to_have_attribute("aria-valuenow", "5")
    expect(slider(page, "ageing_index")).to_have_attribute("aria-valuenow", "0")
    expected = expected_order(store, "?preset=tourism")
    assert expected != before
    page.wait_for_function(
        "order => JSON.stringify([...document.querySelectorAll('.score-table tbody tr')]"
        ".map(r => r.dataset.place)) === JSON.stringify(order)", arg=expected)
    # the Austrian towns miss the tourism figures (Slovenia only): too little of the weight is
    # covered, so they are listed as "not enough data", never ranked, and the page says so
    result = sc.run(store, scs.parse_query("?preset=tourism", store).config)
    assert result.insufficient
    expect(page.locator('[data-key="score.msg.not_enough"]')).to_be_visible()
    expect(page.locator(".score-not-enough li")).to_have_count(len(result.insufficient))


TERTIARY_AT_3 = re.compile(r"w=employment_rate:2,tertiary_share:3(&|$)")


def three_steps_on_tertiary_share(page, lang):
    """From weight 0 to 3 by three key presses on the slider, as quick as a reader's."""
    page.goto(f"/score?lang={lang}&w=employment_rate:2")
    wait_ready(page, lang)
    thumb = slider(page, "tertiary_share")
    thumb.focus()
    for _ in range(3):
        thumb.press("ArrowRight")
    expect(page).to_have_url(TERTIARY_AT_3)


def test_setting_a_weight_updates_the_url_and_the_language_switch(page, store):
    three_steps_on_tertiary_share(page, "de")
    expect(page.locator('.score-legend-item[data-indicator="tertiary_share"]')).to_be_visible()
    expect(page.locator('[data-preset="manufacturing"]')).not_to_have_class(re.compile(r"\bactive\b"))
    # the language switch keeps the configuration
    page.locator("#shell-lang-sl").click()
    wait_ready(page, "sl")
    expect(page).to_have_url(re.compile(r"lang=sl.*w=employment_rate:2,tertiary_share:3"))
    expect(slider(page, "tertiary_share")).to_have_attribute("aria-valuenow", "3")


def test_quick_weight_changes_on_a_slow_server_keep_the_last_value(page, store):
    # three key presses before the first answer is back: the score, the URL and the slider must
    # all end on the last value, whichever answer arrives last
    answers_last_asked_first(page, "score-w")
    three_steps_on_tertiary_share(page, "en")
    page.wait_for_timeout(SETTLED_MS)
    expect(page).to_have_url(TERTIARY_AT_3)
    expect(slider(page, "tertiary_share")).to_have_attribute("aria-valuenow", "3")
    expect(page.locator('.score-legend-item[data-indicator="tertiary_share"]')).to_contain_text("\u00d73")


def test_permalink_reproduces_the_configuration(page, store):
    query = ("?lang=en&w=employment_rate:4,tertiary_share:3,gross_earnings:2&inv=gross_earnings"
             "&f=population:min:10000,density:max:2000&norm=zscore&missing=exclude&cover=75&scope=partners")
    page.goto("/score" + query)
    wait_ready(page, "en")
    expect(page.locator(".page-notice")).to_have_count(0)
    for ind, w in (("employment_rate", "4"), ("tertiary_share", "3"), ("gross_earnings", "2"), ("ageing_index", "0")):
        expect(slider(page, ind)).to_have_attribute("aria-valuenow", w)
    expect(page.locator('#score-norm input[value="zscore"]')).to_be_checked()
    expect(page.locator('#score-missing input[value="exclude"]')).to_be_checked()
    expect(page.locator('#score-cover input[value="75"]')).to_be_checked()
    expect(page.locator('[id*="gross_earnings"][id*="score-inv"] input')).to_be_checked()
    expect(page.locator(".score-filter")).to_have_count(2)
    expect(page.locator("#score-chart .xtitle").first).to_have_text(t("score.axis.score_z", "en"))
    result = sc.run(store, scs.parse_query(query, store).config)
    assert table_order(page) == list(result.table.index)
    # excluded for missing data (the Austrian towns lack gross earnings), with the reason
    expect(page.locator(".score-excluded li")).to_have_count(len(result.excluded))
    expect(page.locator(".score-filtered li")).to_have_count(len(result.filtered))


def test_adding_and_removing_a_filter(page, store):
    page.goto("/score?lang=en&preset=manufacturing")
    wait_ready(page, "en")
    labels = sct.indicator_labels(store, "en")
    page.locator("#score-f-ind").click()
    page.get_by_role("option", name=f"{labels['population']['name']} ({labels['population']['period']})").click()
    expect(page.locator("#score-f-hint")).to_contain_text(str(labels["population"]["year"]))
    page.locator("#score-f-val").fill("20000")
    page.locator("#score-f-add").click()
    expect(page).to_have_url(re.compile(r"f=population:min:20000"))
    expect(page.locator(".score-filter")).to_have_text([re.compile(r"at least 20,000")])
    expected = sc.run(store, scs.parse_query("?preset=manufacturing&f=population:min:20000", store).config)
    expect(page.locator(".score-table tbody tr")).to_have_count(len(expected.table))
    expect(page.locator(".score-filtered li")).to_have_count(len(expected.filtered))
    page.locator(".score-remove").click()
    expect(page.locator(".score-filter")).to_have_count(0)
    expect(page).not_to_have_url(re.compile(r"f=population"))
    expect(page.locator(".score-table tbody tr")).to_have_count(len(expected_order(store, "?preset=manufacturing")))


def test_a_filter_without_a_value_says_so(page):
    page.goto("/score?lang=de")
    wait_ready(page, "de")
    page.locator("#score-f-add").click()
    expect(page.locator("#score-f-msg")).to_have_text(t("score.filters.need_indicator", "de"))


def test_csv_download(page, store):
    page.goto("/score?lang=sl&preset=knowledge&f=population:min:5000")
    wait_ready(page, "sl")
    with page.expect_download() as info:
        page.locator("#score-dl").click()
    download = info.value
    assert download.suggested_filename == f"innovative-location_score_knowledge_data-{store.release_date}.csv"
    text = open(download.path(), encoding="utf-8-sig").read()  # the CSV starts with a BOM
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(store.partners())
    for col in ("rank", "score", "rank_p5", "rank_p50", "rank_p95", "tertiary_share_value",
                "tertiary_share_year", "tertiary_share_normalised", "tertiary_share_contribution", "flags"):
        assert col in rows[0]
    ranked = [r["place_code"] for r in rows if r["status"] == "ranked"]
    assert ranked == expected_order(store, "?preset=knowledge&f=population:min:5000")


def test_a_broken_link_shows_notices_and_still_scores(page, store, shoot):
    page.goto("/score?lang=de&w=employment_rate:9,nope:2,tertiary_share:3&f=population:min:abc&norm=foo")
    wait_ready(page, "de")
    notices = page.locator(".page-notice")
    expect(notices).to_have_count(4)
    expect(notices.nth(0)).to_have_text(t("notice.bad_param", "de", param="norm", value="foo"))
    # tertiary share alone: the partners with a value in its window
    expect(page.locator(".score-table tbody tr")).to_have_count(scs.indicator_windows(store)["tertiary_share"][2])
    expect(slider(page, "tertiary_share")).to_have_attribute("aria-valuenow", "3")
    page.set_viewport_size(TALL)
    shoot(page, "score-bad-link_de.png", full_page=True)


def test_no_weight_asks_for_one(page):
    page.goto("/score?lang=en&w=")
    wait_ready(page, "en", chart=False)
    expect(page.locator('[data-key="score.msg.no_weights"]')).to_have_text(t("score.msg.no_weights", "en"))
    expect(page.locator("#score-chart-card")).to_be_hidden()


@pytest.mark.parametrize("lang", LANGS)
def test_every_municipality_pages_through_the_ranking(page, store, lang):
    """scope=all: 50 rows at a time, in the ranking's order; "rows 51–100 of N" is the table's
    caption and the live status; the previous / next buttons are named and lead there (issue 14)."""
    from dashboard.i18n import fmt_number
    PAGE_SIZE = scs.PAGE_SIZE

    expected = expected_order(store, f"?lang={lang}&scope=all")
    n = len(expected)
    page.goto(f"/score?lang={lang}&scope=all")
    wait_ready(page, lang)
    expect(page.locator(".score-table tbody tr")).to_have_count(PAGE_SIZE)
    assert table_order(page) == expected[:PAGE_SIZE]

    def status(first, last):
        return t("score.page.status", lang, first=fmt_number(first, 0, lang), last=fmt_number(last, 0, lang),
                 total=fmt_number(n, 0, lang))

    expect(page.locator(".score-table caption")).to_have_text(status(1, PAGE_SIZE))
    previous = page.get_by_role("button", name=t("score.page.prev_name", lang, n=PAGE_SIZE))
    following = page.get_by_role("button", name=t("score.page.next_name", lang, n=PAGE_SIZE))
    expect(previous).to_be_disabled()
    following.click()
    expect(page.locator(".score-table caption")).to_have_text(status(PAGE_SIZE + 1, min(2 * PAGE_SIZE, n)))
    expect(page.get_by_role("status").filter(has_text=status(PAGE_SIZE + 1, min(2 * PAGE_SIZE, n)))).to_have_count(1)
    assert table_order(page) == expected[PAGE_SIZE:2 * PAGE_SIZE]
    expect(page.locator(".score-table tbody tr").first.locator("td").first).to_have_text(
        str(int(sc.run(store, scs.parse_query(f"?lang={lang}&scope=all", store).config).table["rank"].iloc[PAGE_SIZE])))
    previous.click()
    expect(page.locator(".score-table caption")).to_have_text(status(1, PAGE_SIZE))
    assert table_order(page) == expected[:PAGE_SIZE]


@pytest.mark.parametrize("lang", LANGS)
def test_invert_boxes_have_the_indicator_in_their_name(page, store, lang):
    """A screen reader hears "Invert: <indicator>" for each box, not the same "invert" 14 times (issue 11)."""
    page.goto(f"/score?lang={lang}")
    wait_ready(page, lang, chart=False)
    labels = sct.indicator_labels(store, lang)
    boxes = page.get_by_role("checkbox", name=re.compile("^" + re.escape(t("score.invert_of", lang, name="")) + "."))
    expect(boxes).to_have_count(len(scs.weightable_ids(store)))
    for ind in scs.weightable_ids(store):
        expect(page.get_by_role("checkbox", name=t("score.invert_of", lang, name=labels[ind]["name"]),
                                exact=True)).to_have_count(1)
