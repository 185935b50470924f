"""The slide player is modal: while it is open the editor behind it is inert, Tab and Shift+Tab stay
in the player, and Escape closes it with focus back on the button that opened it (WCAG 2.4.3;
Shift+Tab used to reach editor controls hidden behind the player)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y_support import blocking, run_axe, settle

pytestmark = pytest.mark.browser

IN_PLAYER = "() => !!document.activeElement && !!document.activeElement.closest('#slides-player')"


def _deck_of_two(page):
    page.goto(timeout=60_000, url="/slides?lang=en")
    settle(page)
    quick = page.locator("[id*='slides-quick']")
    for n in (1, 2):
        quick.nth(n - 1).click()
        expect(page.locator(".slide-item")).to_have_count(n)
    start = page.locator("#slides-start")
    expect(start).to_be_enabled()
    start.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#slides-player")).to_have_class("slides-player active")
    expect(page.locator("#slides-p-counter")).to_have_text("1 / 2")


def test_editor_behind_the_player_is_inert_and_focus_stays_in_it(page):
    _deck_of_two(page)
    page.wait_for_function(IN_PLAYER)
    player = page.locator("#slides-player")
    expect(player).to_have_attribute("role", "dialog")
    expect(player).to_have_attribute("aria-modal", "true")
    # every editor control, the navbar and the footer are inert while the player is open
    assert page.evaluate("""() => ['slides-start', 'slides-paste', 'slides-add', 'slides-deck-title']
        .map(id => document.getElementById(id)).every(el => el && el.closest('[inert]'))""")
    assert page.evaluate("() => !!document.querySelector('.site-navbar').closest('[inert]')")
    assert page.evaluate("() => !document.getElementById('slides-player').closest('[inert]')")
    for key in ["Shift+Tab"] * 10 + ["Tab"] * 10:
        page.keyboard.press(key)
        assert page.evaluate(IN_PLAYER), (key, page.evaluate("() => document.activeElement.outerHTML.slice(0, 160)"))
    # Shift+Tab from the first control wraps to the last one (Exit), not to the editor
    page.locator("#slides-prev").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(IN_PLAYER)
    # the open player (a modal dialog over an inert page) passes axe too
    bad = blocking(run_axe(page))
    assert not bad, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]


def test_escape_closes_the_player_and_returns_focus_to_start(page):
    _deck_of_two(page)
    page.locator("#slides-next").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#slides-player")).to_have_class("slides-player")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'slides-start'")
    # the editor is usable again
    assert page.evaluate("() => !document.querySelector('[inert]')")
    page.keyboard.press("Shift+Tab")
    assert not page.evaluate(IN_PLAYER)
