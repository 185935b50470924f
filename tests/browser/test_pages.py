"""Every page in every language, the language switch, search, permalinks and bad URL values,
in a real browser. Expected texts come from the catalogues, so a test fails when a page shows
the wrong language rather than when wording changes."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.components.catalogue import default_indicator, filter_indicators, text_of
from dashboard.components.shell import ATTRIBUTION
from dashboard.components.text import fold
from dashboard.i18n import LANGS, t

pytestmark = pytest.mark.browser

PAGES = {  # name -> (path, catalogue key of its <h1>)
    "home": ("/", "home.title"),
    "data": ("/data", "data.title"),
    "notfound": ("/no-such-page", "notfound.title"),
}
TITLES = {"home": "page.home", "data": "page.data", "notfound": "page.not_found"}


def h1(page):
    return page.locator("#_pages_content h1")


def wait_for_frame(page, lang):
    """The shell (navbar, footer, <html lang>) has followed the URL's language."""
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#shell-nav-data")).to_have_text(t("nav.data", lang))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGES)
def test_page_renders_in_language(page, shoot, name, lang):
    path, heading = PAGES[name]
    page.goto(f"{path}?lang={lang}")
    expect(h1(page)).to_have_text(t(heading, lang))
    wait_for_frame(page, lang)
    expect(page).to_have_title(f"{t(TITLES[name], lang)} · Innovative Location")
    footer = page.locator("#shell-footer")
    expect(footer).to_contain_text(t("footer.sources", lang))
    for line in ATTRIBUTION:
        expect(footer).to_contain_text(line)
    expect(page.locator(".page-notice")).to_have_count(0)
    if name == "data":
        page.wait_for_selector(".coverage-graph .main-svg")
    if name == "home":
        expect(page.locator(".region-card")).to_have_count(4)
    shoot(page, f"{name}_{lang}.png", full_page=True)


def test_headings_differ_between_languages():
    """Guards the test above: it would pass trivially if a catalogue copied English."""
    for key in ("home.title", "data.title", "notfound.title", "nav.data"):
        assert len({t(key, lang) for lang in LANGS}) == 3, key


def test_home_lists_partner_municipalities(page, store):
    page.goto("/?lang=sl")
    cards = page.locator(".region-card")
    expect(cards).to_have_count(4)
    text = " ".join(cards.all_inner_texts())
    for code in store.partners():
        assert store.place(code)["name"] in text


@pytest.mark.parametrize("name", ["home", "data"])
def test_language_switch_keeps_page(page, store, name):
    path, heading = PAGES[name]
    indicator = store.indicator_ids()[-1]
    suffix = f"&indicator={indicator}" if name == "data" else ""
    page.goto(f"{path}?lang=en{suffix}")
    expect(h1(page)).to_have_text(t(heading, "en"))
    wait_for_frame(page, "en")
    for lang in ("de", "sl", "en"):
        page.locator(f"#shell-lang-{lang}").click()
        expect(h1(page)).to_have_text(t(heading, lang))
        wait_for_frame(page, lang)
        expect(page).to_have_url(re.compile(rf"{re.escape(path)}\?(.*&)?lang={lang}(&|$)"))
        if name == "data":  # the chosen indicator survives the switch
            expect(page).to_have_url(re.compile(rf"indicator={indicator}"))
            expect(page.locator(".indicator-detail")).to_have_attribute("data-indicator", indicator)
    # and the navigation keeps the language
    page.locator("#shell-lang-de").click()
    wait_for_frame(page, "de")
    other = "#shell-nav-home" if name == "data" else "#shell-nav-data"
    page.locator(other).click()
    expect(page).to_have_url(re.compile(r"lang=de"))
    expect(h1(page)).to_have_text(t(PAGES["home" if name == "data" else "data"][1], "de"))


def _narrowing_query(store, lang):
    """A word from an indicator name that matches some but not all indicators."""
    indicators = store.indicators
    total = len(indicators)
    best = None
    for ind_id in indicators.index:
        for word in fold(text_of(store.indicator(ind_id), "name", lang)).split():
            if len(word) < 4:
                continue
            n = len(filter_indicators(indicators, word, None, lang))
            if 0 < n < total and (best is None or n < best[1]):
                best = (word, n)
    return best


@pytest.mark.parametrize("lang", ["de", "en"])
def test_search_filters_the_list(page, store, lang):
    page.goto(f"/data?lang={lang}")
    items = page.locator(".indicator-item")
    total = len(store.indicator_ids())
    expect(items).to_have_count(total)
    found = _narrowing_query(store, lang)
    assert found, "the dataset needs two indicators with different names"
    word, n = found
    page.locator("#data-search").fill(word)
    expect(items).to_have_count(n)
    expect(page.locator("#data-count")).to_have_text(
        t("data.count", lang, n=str(n), total=str(total)))
    page.locator("#data-search").fill("zzzqqq-nothing")
    expect(items).to_have_count(0)
    expect(page.locator(".empty-result")).to_have_text(t("data.empty", lang))
    page.locator("#data-search").fill("")
    expect(items).to_have_count(total)


def test_theme_filter(page, store):
    page.goto("/data?lang=en")
    theme = store.indicator(store.indicator_ids()[-1])["theme"]
    expected = len(store.indicator_ids(theme=theme))
    page.locator("#data-theme").select_option(theme)
    expect(page.locator(".indicator-item")).to_have_count(expected)


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_permalink_shows_coverage(page, store, shoot, lang):
    ids = store.indicator_ids()
    indicator = next((i for i in reversed(ids) if store.indicator(i)["comparability_en"]), ids[-1])
    page.goto(f"/data?lang={lang}&indicator={indicator}")
    detail = page.locator(".indicator-detail")
    expect(detail).to_have_attribute("data-indicator", indicator)
    expect(detail.locator("h2")).to_have_text(text_of(store.indicator(indicator), "name", lang))
    page.wait_for_selector(".coverage-graph .main-svg")
    expect(page.locator(".coverage-summary")).not_to_be_empty()
    expect(page.locator(f'.indicator-item[data-indicator="{indicator}"]')).to_have_class(re.compile("selected"))
    # the comparability class badge, its reason and what the app does about it
    cls = store.indicator(indicator)["comparability_class"]
    expect(detail.locator(".comparability .class-badge")).to_have_text(t(f"cmp.class.{cls}", lang))
    if store.indicator(indicator)[f"comparability_{lang}"]:
        expect(detail.locator(".comparability")).to_contain_text(store.indicator(indicator)[f"comparability_{lang}"])
    expect(page.locator("#data-comparability-card")).to_contain_text(t("cmp.card.rule", lang))
    # the figure speaks the language too: the year axis title and the legend
    graph = page.locator(".coverage-graph")
    expect(graph.locator(".xtitle")).to_have_text(t("coverage.axis.year", lang))
    expect(graph.locator(".legend")).to_contain_text(t("coverage.state.none", lang))
    shoot(page, f"data-indicator_{lang}.png", full_page=True)


def test_choosing_an_indicator_updates_the_url(page, store):
    ids = store.indicator_ids()
    target = next(i for i in ids if i != default_indicator(ids))
    page.goto("/data?lang=de")
    page.locator(f'.indicator-item[data-indicator="{target}"] .indicator-link').click()
    expect(page).to_have_url(re.compile(rf"indicator={target}"))
    expect(page.locator(".indicator-detail")).to_have_attribute("data-indicator", target)
    page.wait_for_selector(".coverage-graph .main-svg")
    expect(page.locator("html")).to_have_attribute("lang", "de")


@pytest.mark.parametrize("path", ["/", "/data"])
def test_bad_lang_shows_notice_and_falls_back(page, path):
    page.goto(f"{path}?lang=xx")
    expect(page.locator(".page-notice")).to_have_text(t("notice.bad_lang", "en", value="xx"))
    wait_for_frame(page, "en")


def test_bad_indicator_shows_notice_and_falls_back(page, store, shoot):
    ids = store.indicator_ids()
    fallback = default_indicator(ids)
    page.goto("/data?lang=de&indicator=nope")
    name = text_of(store.indicator(fallback), "name", "de")
    expect(page.locator(".page-notice")).to_have_text(t("notice.bad_indicator", "de", value="nope", name=name))
    expect(page.locator(".indicator-detail")).to_have_attribute("data-indicator", fallback)
    page.wait_for_selector(".coverage-graph .main-svg")
    shoot(page, "data-bad-indicator_de.png", full_page=True)
