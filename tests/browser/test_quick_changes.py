"""Two quick changes on a slow server: the page ends on the last one, and shows what its controls say.

The server here answers last-asked-first (tests/browser/slow_server.py). Before the controls
followed their state in the browser (dashboard/components/follow.py), Dash never sent the second
change: the dropdown named one indicator while the map, heading and address showed another, and a
second place chosen in the picker was dropped."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.slow_server import SETTLED_MS, answers_last_asked_first

pytestmark = pytest.mark.browser


def choose(page, dropdown: str, name: str) -> None:
    """Pick an option by its name, as a reader would (open, search, click, close); an option may
    add its topic in brackets (Steering)."""
    page.locator(f"#{dropdown}").click()
    page.locator(".dash-dropdown-content .dash-dropdown-search").fill(name)
    page.locator(".dash-dropdown-content [role=option]").filter(
        has_text=re.compile(rf"^\s*{re.escape(name)}(\s*\(.*\))?\s*$")).first.click()
    page.keyboard.press("Escape")


def choose_quickly(page, dropdown: str, names) -> None:
    for name in names:
        choose(page, dropdown, name)


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def indicator_name(store, indicator: str) -> str:
    return store.indicator(indicator)["name_en"]


def test_explore_shows_the_second_of_two_quick_indicator_changes(page, store):
    answers_last_asked_first(page, "explore-indicator")
    page.goto("/explore?lang=en&indicator=population_change_rate")
    page.wait_for_selector("#explore-map .main-svg")
    choose_quickly(page, "explore-indicator", [indicator_name(store, i) for i in ("density", "employment_rate")])
    name = indicator_name(store, "employment_rate")
    expect(page.locator("#explore-heading span").first).to_have_text(name)
    page.wait_for_timeout(SETTLED_MS)  # the first answer, held back longest, is in as well
    expect(page.locator("#explore-heading span").first).to_have_text(name)
    expect(page.locator("#explore-indicator")).to_contain_text(name)
    assert query(page)["indicator"] == "employment_rate"


def test_explore_keeps_both_of_two_places_picked_quickly(page, store):
    answers_last_asked_first(page, "explore-state")
    page.goto("/explore?lang=en")
    page.wait_for_selector("#explore-map .main-svg")
    choose_quickly(page, "explore-pick", [store.place(c)["name"] for c in ("SI-052", "SI-096")])  # Kranj, Ptuj
    expect(page.locator("#explore-selection")).to_contain_text("Ptuj")
    page.wait_for_timeout(SETTLED_MS)
    for where in ("#explore-selection", "#explore-pick", "#explore-picked-values"):
        expect(page.locator(where)).to_contain_text("Kranj")
        expect(page.locator(where)).to_contain_text("Ptuj")
    assert query(page)["sel"] == "SI-052,SI-096"


def test_steering_keeps_both_of_two_indicators_added_quickly(page, store):
    answers_last_asked_first(page, "steering-ind")
    page.goto("/steering?lang=en&ind=population_change_rate")
    page.wait_for_selector("#steering-matrix table")
    choose_quickly(page, "steering-ind", [indicator_name(store, i) for i in ("density", "jobs_per_1000")])
    page.wait_for_timeout(SETTLED_MS)
    expect(page).to_have_url(re.compile(r"ind=population_change_rate,density,jobs_per_1000(&|$)"))
    head = page.locator("#steering-matrix thead")
    for ind in ("density", "jobs_per_1000"):
        expect(head).to_contain_text(indicator_name(store, ind))
        expect(page.locator("#steering-ind")).to_contain_text(indicator_name(store, ind))


def test_score_removes_both_of_two_filters_removed_quickly(page):
    answers_last_asked_first(page, "score-remove")
    page.goto("/score?lang=en&f=population:min:10000,density:max:2000")
    page.wait_for_selector("#score-chart .main-svg")
    expect(page.locator(".score-filter")).to_have_count(2)
    buttons = page.locator(".score-remove")
    buttons.nth(1).click()
    buttons.nth(0).click()
    page.wait_for_timeout(SETTLED_MS)
    expect(page.locator(".score-filter")).to_have_count(0)
    assert "f" not in query(page)


def test_steering_two_quick_clicks_on_a_header_sort_best_first_then_reverse(page):
    answers_last_asked_first(page, "steering-sort-btn")
    page.goto("/steering?lang=en")
    page.wait_for_selector("#steering-matrix table")
    header = page.locator('th[data-indicator="unemployment_rate"] .sort-btn')
    header.click()
    header.click()  # before the first answer: lower is better, so ascending, then descending
    page.wait_for_timeout(SETTLED_MS)
    expect(page).to_have_url(re.compile(r"sort=unemployment_rate&order=desc"))
    expect(page.locator('th[data-indicator="unemployment_rate"]')).to_have_attribute("aria-sort", "descending")
