"""Focus is never dropped to <body> by a redraw (WCAG 2.4.3, issue 11): after a page change it is on
the new page's heading (announced, not a tab stop), after a language switch on the language
button, after removing a score filter on the next filter's button (or the filter picker when none is
left). Without this a keyboard user starts again from the top of the page after each of them."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from tests.browser.a11y_support import settle

pytestmark = pytest.mark.browser

FOCUSED = """() => { const a = document.activeElement;
  return a && a !== document.body ? {tag: a.tagName, id: a.id, text: a.innerText.trim(),
    tabindex: a.getAttribute('tabindex'), cls: a.className} : null; }"""


def focused_after_redraw(page):
    page.wait_for_function("() => document.activeElement && document.activeElement !== document.body",
                           timeout=15_000)
    page.wait_for_timeout(500)  # a second redraw (the frame, then the page) may follow the first
    return page.evaluate(FOCUSED)


def test_page_change_moves_focus_to_the_new_heading(page):
    page.goto("/steering?lang=de", timeout=60_000)
    page.wait_for_selector(".steering-matrix tbody tr[data-code]")
    page.locator("#shell-nav-explore").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/explore"), timeout=30_000)
    expect(page.locator("#_pages_content h1")).to_be_visible(timeout=60_000)
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'H1'",
                           timeout=60_000)
    now = focused_after_redraw(page)
    assert now["tag"] == "H1" and now["tabindex"] == "-1"
    assert now["text"] == page.locator("#_pages_content h1").inner_text().strip()
    # and back: the steering heading
    page.locator("#shell-nav-steering").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#_pages_content h1")).to_have_text(t("steering.title", "de"))
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'H1'",
                           timeout=60_000)
    assert focused_after_redraw(page)["text"] == t("steering.title", "de")


def test_language_switch_keeps_focus_on_the_language_button(page):
    page.goto("/steering?lang=en", timeout=60_000)
    page.wait_for_selector(".steering-matrix tbody tr[data-code]")
    page.locator("#shell-lang-sl").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#_pages_content h1")).to_have_text(t("steering.title", "sl"))
    now = focused_after_redraw(page)
    assert now["id"] == "shell-lang-sl"


def test_removing_a_score_filter_keeps_focus_in_the_filters(page):
    page.goto("/score?lang=en&f=unemployment_rate:max:10,employment_rate:min:50", timeout=60_000)
    settle(page)
    remove = page.locator(".score-remove")
    expect(remove).to_have_count(2, timeout=30_000)
    remove.first.focus()
    page.keyboard.press("Enter")
    expect(remove).to_have_count(1, timeout=30_000)
    now = focused_after_redraw(page)
    assert "score-remove" in now["cls"], now  # the remaining filter's remove button
    page.keyboard.press("Enter")
    expect(remove).to_have_count(0, timeout=30_000)
    now = focused_after_redraw(page)
    assert now is not None and now["tag"] in ("BUTTON", "INPUT"), now  # a control of the filter box


def test_an_option_chosen_leaves_focus_on_its_dropdown(page):
    """The dropdown gives focus back to its button when its list closes: the indicator changes, and
    the next Tab goes on from the indicator field (a11y.js does not move focus elsewhere first)."""
    page.goto("/explore?lang=en", timeout=60_000)
    settle(page)
    page.locator("#explore-indicator").click()
    option = page.locator(".dash-dropdown-content [role=option]:not([aria-selected=true])").nth(1)
    expect(option).to_be_visible(timeout=10_000)
    option.click()
    expect(page).not_to_have_url(re.compile(r"indicator=population_change_rate&"), timeout=15_000)
    now = focused_after_redraw(page)
    assert now["id"] == "explore-indicator", now
