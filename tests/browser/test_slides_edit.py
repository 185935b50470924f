"""Moving and deleting slides in the editor, at a reader's pace and faster than the server.

Both are done in the browser (dashboard/pages/slides.py): a second click before the server has
redrawn the list still reaches the slide its row names, and a title typed just before a click
stays with its slide."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from dashboard.present import deck as dk
from tests.browser.slow_server import SETTLED_MS, answers_last_asked_first

pytestmark = pytest.mark.browser


def four_slides(page) -> list[str]:
    """A fresh deck of four quick views; their addresses in order."""
    page.goto("/slides?lang=en")
    page.evaluate("localStorage.clear()")
    page.reload()
    quick = page.locator("[id*='slides-quick']")
    for n in range(1, 5):
        quick.nth(n - 1).click()
        expect(page.locator(".slide-item")).to_have_count(n)
    return shown(page)


def shown(page) -> list[str]:
    return page.locator(".slide-item").evaluate_all("items => items.map(i => i.dataset.url)")


def stored(page) -> list[str]:
    deck = json.loads(page.evaluate("localStorage.getItem('slides-deck')"))
    return [s["url"] for s in deck["deck"]["slides"]]


STORED_IS = """(urls) => {
  const deck = JSON.parse(localStorage.getItem('slides-deck') || 'null');
  return !!deck && JSON.stringify(deck.deck.slides.map(s => s.url)) === JSON.stringify(urls);
}"""


def tool(page, kind: str, row: int):
    return page.locator(f"""button[id='{{"index":{row},"type":"slides-{kind}"}}']""")


def test_moving_and_deleting_slides(page):
    a, b, c, d = four_slides(page)
    page.locator(".slide-title-input").nth(0).fill("First, typed just before the move")
    tool(page, "down", 0).click()  # no pause: the title goes with its slide
    expect(page.locator(".slide-item").nth(1)).to_have_attribute("data-url", a)
    assert shown(page) == [b, a, c, d]
    expect(page.locator(".slide-title-input").nth(1)).to_have_value("First, typed just before the move")
    tool(page, "up", 3).click()
    expect(page.locator(".slide-item").nth(2)).to_have_attribute("data-url", d)
    assert shown(page) == [b, a, d, c]
    tool(page, "delete", 0).click()
    expect(page.locator(".slide-item")).to_have_count(3)
    assert shown(page) == [a, d, c] == stored(page)
    expect(page.locator("#slides-count")).to_have_text(t("present.count", "en", n=3))
    # the first slide cannot move up, the last cannot move down
    expect(tool(page, "up", 0)).to_be_disabled()
    expect(tool(page, "down", 2)).to_be_disabled()


def test_quick_edits_before_the_list_is_redrawn_reach_the_slides_they_name(page):
    answers_last_asked_first(page, "slides-deck")  # the list is redrawn late
    a, b, c, d = four_slides(page)
    page.wait_for_timeout(SETTLED_MS)
    # three clicks on the list as drawn, before any redraw: delete d, delete b, move a down
    tool(page, "delete", 3).click()
    tool(page, "delete", 1).click()
    tool(page, "down", 0).click()
    # the browser keeps the deck before the server answers; its clicks are handled in turn, so
    # wait for the last one (a loaded machine can take a moment), then for the late answers
    page.wait_for_function(STORED_IS, arg=[c, a])
    page.wait_for_timeout(SETTLED_MS)
    expect(page.locator(".slide-item")).to_have_count(2)
    assert shown(page) == [c, a] == stored(page)


def test_quick_adds_on_a_slow_server_all_land(page):
    answers_last_asked_first(page, "slides-deck")
    page.goto("/slides?lang=de")
    page.evaluate("localStorage.clear()")
    page.reload()
    quick = page.locator("[id*='slides-quick']")
    for n in range(3):
        quick.nth(n).click()
    page.locator("#slides-add-profile").click()  # the place chosen beside it: the default partner
    page.wait_for_timeout(SETTLED_MS)
    expect(page.locator(".slide-item")).to_have_count(4)
    assert len(stored(page)) == 4 and stored(page)[3].startswith("/profile?place=")
    expect(page.locator("#slides-count")).to_have_text(t("present.count", "de", n=4))


def test_a_full_deck_takes_no_more_and_says_so(page):
    deck = {"deck": {"format": "innovative-location-slides", "version": 1, "title": "",
                     "slides": [{"url": "/", "title": f"S{i}", "note": ""} for i in range(dk.MAX_SLIDES)]}, "rev": 1}
    page.goto("/slides?lang=sl")
    page.evaluate("d => localStorage.setItem('slides-deck', JSON.stringify(d))", deck)
    page.reload()
    expect(page.locator(".slide-item")).to_have_count(dk.MAX_SLIDES)
    page.locator("[id*='slides-quick']").first.click()
    expect(page.locator(".page-notice")).to_have_text(t("present.error.full", "sl", max=dk.MAX_SLIDES))
    assert len(stored(page)) == dk.MAX_SLIDES
