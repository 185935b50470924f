"""Peers (issue 13) in a real browser: a Slovenian and an Austrian partner in every language render
the map, the fingerprint and the table; "compare these" opens /compare with those places; the CSV
downloads with a BOM. Expected texts come from the catalogues and from `dashboard.peers.logic`, the
same functions the page uses. The harness fails any test with a console error or a request leaving
127.0.0.1.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import LANGS, t
from dashboard.peers import logic as L
from dashboard.peers import state as Ps

pytestmark = pytest.mark.browser

WAIT_MS = 20_000
PLACES = ("SI-052", "AT-61108")   # Kranj, Leoben


@pytest.fixture(autouse=True, scope="module")
def patient_expect():
    expect.set_options(timeout=WAIT_MS)
    yield
    expect.set_options(timeout=5_000)


def wait_for_views(page):
    expect(page.locator("#peers-map .choroplethlocation").first).to_be_attached()
    expect(page.locator("#peers-fingerprint .scatterlayer .point").first).to_be_attached()
    expect(page.locator("#peers-table tbody tr").first).to_be_visible()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("place", PLACES)
def test_peers_renders(page, store, shoot, place, lang):
    state = Ps.parse_query(f"place={place}&lang={lang}", store).state
    res = L.run(store, state)
    page.goto(f"/peers?place={place}&lang={lang}")
    expect(page.locator("#_pages_content h1")).to_have_text(t("peers.title", lang))
    wait_for_views(page)
    rows = page.locator("#peers-table tbody tr")
    expect(rows).to_have_count(len(res.table))
    assert res.table.index[0] == rows.first.get_attribute("data-place")
    expect(page.locator("#peers-summary")).to_contain_text(store.place(res.table.index[0])["name"])
    expect(page.locator("#peers-method")).to_contain_text(t("peers.method.title", lang))
    expect(page.locator("#peers-typology")).to_contain_text(t("peers.typ.title", lang))
    # the fingerprint draws the chosen place and its peers
    assert page.locator("#peers-fingerprint .scatterlayer .point").count() > len(res.indicators)
    # the address carries the whole view
    expect(page).to_have_url(re.compile(r"place=" + place + r".*k=8"))
    shoot(page, f"peers_{place}_{lang}.png", full_page=True)


def test_compare_these_opens_compare(page, store, shoot):
    state = Ps.parse_query("place=AT-61108&scope=partners&lang=de", store).state
    res = L.run(store, state)
    expected = L.compare_places(store, res)
    assert len(expected) >= 2
    page.goto("/peers?place=AT-61108&scope=partners&lang=de")
    wait_for_views(page)
    page.locator("#peers-compare").click()
    expect(page).to_have_url(re.compile(r"/compare\?"))
    expect(page).to_have_url(re.compile("places=" + ",".join(expected)))
    for code in expected:
        expect(page.locator(f"th[data-place='{code}']")).to_be_visible()
    shoot(page, "peers_compare_these.png")


def test_controls_change_view_and_address(page, store):
    page.goto("/peers?place=SI-052&lang=en")
    wait_for_views(page)
    page.locator("label", has_text=t("peers.country.other", "en")).click()
    expect(page).to_have_url(re.compile(r"country=other"))
    state = Ps.parse_query("place=SI-052&country=other", store).state
    res = L.run(store, state)
    expect(page.locator("#peers-table tbody tr").first).to_have_attribute("data-place", res.table.index[0])
    for code in res.table.index:
        assert code.startswith("AT-")


def test_csv_download(page):
    page.goto("/peers?place=SI-052&lang=sl")
    wait_for_views(page)
    with page.expect_download() as info:
        page.locator("#peers-csv").click()
    path = info.value.path()
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"0,SI-052,Kranj,SI,chosen" in raw


def test_profile_links_to_peers(page):
    page.goto("/profile?place=AT-61108&lang=de")
    page.locator("#profile-link-peers").click()
    expect(page).to_have_url(re.compile(r"/peers\?.*place=AT-61108"))
    wait_for_views(page)
