"""Texts that come from libraries follow the page's language: Plotly's modebar (its own locale
dictionaries, served from assets/, nothing fetched) and Dash's dropdown texts ("Search", "No
options found"); the frame names the current language and has one skip link and one footer."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from tests.browser.a11y_support import settle

pytestmark = pytest.mark.browser

ZOOM_IN = {"de": "Hineinzoomen", "sl": "Povečaj", "en": "Zoom in"}


@pytest.mark.parametrize("lang", ["sl", "de", "en"])
def test_modebar_speaks_the_page_language(page, lang):
    page.goto(timeout=60_000, url=f"/explore?lang={lang}")
    settle(page)
    # Plotly rebuilds a modebar when a late update redraws its chart: wait for one to be there
    page.wait_for_selector(".modebar-btn", state="attached", timeout=30_000)
    titles = page.eval_on_selector_all(".modebar-btn", "bs => bs.map(b => b.getAttribute('data-title'))")
    assert titles, "no modebar on Explore"
    assert ZOOM_IN[lang] in titles, titles


@pytest.mark.parametrize("lang", ["sl", "de"])
def test_dropdown_search_texts_in_language(page, lang):
    page.goto(timeout=60_000, url=f"/steering?lang={lang}")
    settle(page)
    page.locator("#steering-ind").click()
    search = page.locator(".dash-dropdown-search")
    expect(search).to_have_attribute("placeholder", t("a11y.dd.search", lang))
    search.fill("zzzqqq")
    expect(page.locator(".dash-dropdown-content")).to_contain_text(t("a11y.dd.no_options", lang))


def test_frame_landmarks_and_current_language(page):
    page.goto(timeout=60_000, url="/data?lang=de")
    settle(page)
    assert page.locator("footer, [role=contentinfo]").count() == 1
    expect(page.locator("#shell-lang-de")).to_have_attribute("aria-current", "true")
    expect(page.locator("#shell-lang-en")).not_to_have_attribute("aria-current", "true")
    # the skip link is the first tab stop and takes focus to the main content
    page.keyboard.press("Tab")
    expect(page.locator("#shell-skip")).to_be_focused()
    expect(page.locator("#shell-skip")).to_have_text(t("a11y.skip", "de"))
    page.keyboard.press("Enter")
    expect(page.locator("#shell-main")).to_be_focused()
