""""Add to slides" from the views (issue 12): the link on a page carries the view as it is now to
/slides, which appends it to the deck kept in the browser, titled in the page's language, and
says so; a crafted `?add=` (the slides page itself, another site) is refused with a message and
the deck already there is kept. Also the typology colouring of the Explore map (issue 13)."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from dashboard.present.titles import view_title
from dashboard.peers.place_types import default_typology

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def patient_expect():
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


def deck_urls(page) -> list[str]:
    raw = page.evaluate("localStorage.getItem('slides-deck')")
    data = json.loads(raw) if raw else {}
    return [s["url"] for s in ((data.get("deck") or {}).get("slides") or [])]


def clear_deck(page):
    page.goto("/slides?lang=en")
    page.evaluate("localStorage.clear()")


def test_add_from_peers_after_a_change_lands_in_the_deck_in_german(page, store, shoot):
    clear_deck(page)
    page.goto("/peers?place=AT-61108&lang=de")
    expect(page.locator("#peers-table tbody tr").first).to_be_visible()
    # a change of the view after loading: the link follows it
    page.locator("label", has_text=t("peers.country.other", "de")).click()
    expect(page).to_have_url(re.compile(r"country=other"))
    link = page.locator("#peers-add-slides")
    expect(link).to_have_text("+ " + t("addslides.button", "de"))
    expect(link).to_have_attribute("href", re.compile(r"country%3Dother"))
    link.click()
    expect(page).to_have_url(re.compile(r"/slides\?lang=de"))
    items = page.locator(".slide-item")
    expect(items).to_have_count(1)
    url = items.first.get_attribute("data-url")
    assert url.startswith("/peers?") and "place=AT-61108" in url and "country=other" in url
    title = view_title(url, "de", store)
    assert "Leoben" in title and title.startswith(t("peers.page_title", "de"))
    expect(page.locator(".slide-title-input").first).to_have_value(title)
    expect(page.locator(".slides-info")).to_have_text(t("addslides.added", "de", title=title, n=1, total=1))
    # the address no longer asks to add: a reload does not add the view twice
    expect(page).not_to_have_url(re.compile(r"add="))
    page.reload()
    expect(items).to_have_count(1)
    assert deck_urls(page) == [url]
    shoot(page, "add_to_slides_peers_de.png")


def test_add_from_profile_in_slovenian_and_titles_follow_the_language(page, store, shoot):
    clear_deck(page)
    page.goto("/profile?place=SI-041&lang=sl")
    link = page.locator("#profile-add-slides")
    expect(link).to_have_text("+ " + t("addslides.button", "sl"))
    link.click()
    items = page.locator(".slide-item")
    expect(items).to_have_count(1)
    url = items.first.get_attribute("data-url")
    assert url.startswith("/profile?") and "place=SI-041" in url
    expect(page.locator(".slide-title-input").first).to_have_value(view_title(url, "sl", store))
    assert "Jesenice" in view_title(url, "sl", store)
    # the same deck shown in English: the title the app gave follows the language
    page.goto("/slides?lang=en")
    expect(page.locator(".slide-title-input").first).to_have_value(view_title(url, "en", store))
    # "+ Location profile" adds the place chosen beside it, not always Kranj
    page.locator("#slides-profile-place").click()
    page.locator(".dash-dropdown-option", has_text=re.compile(r"^Weiz$")).click()
    page.locator("#slides-add-profile").click()
    expect(items).to_have_count(2)
    assert items.nth(1).get_attribute("data-url") == "/profile?place=AT-61766"
    shoot(page, "add_to_slides_profile_en.png")


@pytest.mark.parametrize("bad, key", [
    ("/slides", "present.error.slides_page"),
    ("/slides?lang=en&add=%2Fexplore", "present.error.slides_page"),
    ("https://evil.example/", "present.error.paste_url"),
    ("//evil.example/explore", "present.error.paste_url"),
    ("/no-such-page", "present.error.unknown_page"),
])
def test_crafted_add_is_refused_and_the_deck_kept(page, bad, key):
    clear_deck(page)
    page.goto("/explore?lang=en")
    page.locator("#explore-add-slides").click()
    items = page.locator(".slide-item")
    expect(items).to_have_count(1)
    before = deck_urls(page)
    from urllib.parse import quote
    page.goto("/slides?lang=de&add=" + quote(bad, safe=""))
    expect(page.locator(".page-notice").first).to_contain_text(t(key, "de", path="/no-such-page"))
    expect(page.locator(".slides-kept")).to_have_text(t("present.kept", "de"))
    expect(items).to_have_count(1)
    assert deck_urls(page) == before


@pytest.mark.parametrize("lang", ("sl", "de", "en"))
def test_explore_map_coloured_by_municipality_type(page, store, shoot, lang):
    ty = default_typology(store)
    page.goto(f"/explore?lang={lang}&indicator=employment_rate")
    expect(page.locator("#explore-map .choroplethlocation").first).to_be_attached()
    page.locator("label", has_text=t("typology.colour.type", lang)).click()
    expect(page).to_have_url(re.compile(r"colour=type"))
    expect(page.locator("#explore-map-title")).to_have_text(t("typology.map_title", lang, k=ty.k))
    legend = page.locator("#explore-map .legend")
    for g in range(1, ty.k + 1):
        expect(legend).to_contain_text(t("typology.label", lang, g=g, name="").rstrip())
    expect(page.locator("#explore-colour-note")).to_have_text(t("typology.colour_note", lang))
    shoot(page, f"explore_types_{lang}.png", full_page=False)
    # regions have no municipality type: the option is disabled and the map shows the indicator
    page.locator("label", has_text=t("explore.level.regions", lang)).click()
    expect(page).not_to_have_url(re.compile(r"colour=type"))
    expect(page.locator("#explore-colour-note")).to_have_text(t("typology.regions_note", lang))


def test_peers_typology_opens_the_same_groups_on_the_explore_map(page, store):
    ty = default_typology(store)
    page.goto("/peers?place=AT-61108&lang=sl")
    page.locator("#peers-types-explore").click()
    expect(page).to_have_url(re.compile(r"/explore\?.*colour=type"))
    expect(page.locator("#explore-map-title")).to_have_text(t("typology.map_title", "sl", k=ty.k))
    expect(page.locator("#explore-selection")).to_contain_text("Leoben")
