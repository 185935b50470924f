"""Old links in a real browser: renamed indicator ids open today's view without a notice
(dashboard/components/migrations.py; the parsing itself is tested in tests/test_url_migrations.py)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.components.catalogue import text_of

pytestmark = pytest.mark.browser


def test_old_explore_link_opens_the_renamed_indicator(page, store):
    page.goto("/explore?lang=de&indicator=unemployment&year=2016&start=2010&sel=SI-052,AT-61108")
    name = text_of(store.indicator("unemployment_rate"), "name", "de")
    expect(page.locator("#explore-heading span").first).to_have_text(name)
    expect(page.locator("#explore-year [role=slider]")).to_have_attribute("aria-valuenow", "2016")
    expect(page.locator("#explore-selection .badge")).to_have_text(["Kranj", "Leoben"])
    expect(page.locator(".page-notice")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]indicator=unemployment_rate&year=2016&start=2010&"))  # rewritten


def test_old_data_link_opens_the_renamed_indicator(page, store):
    page.goto("/data?lang=en&indicator=tertiary")
    detail = page.locator(".indicator-detail")
    expect(detail).to_have_attribute("data-indicator", "tertiary_share")
    expect(detail.locator("h2")).to_have_text(text_of(store.indicator("tertiary_share"), "name", "en"))
    expect(page.locator(".page-notice")).to_have_count(0)


def test_old_steering_and_score_links_open_without_notices(page, store):
    page.goto("/steering?lang=en&ind=unemployment,tertiary&end=2021&sort=unemployment&order=asc")
    page.wait_for_selector("#steering-matrix tbody tr")
    expect(page.locator(".page-notice")).to_have_count(0)
    for ind in ("unemployment_rate", "tertiary_share"):
        expect(page.locator("#steering-matrix thead")).to_contain_text(
            text_of(store.indicator(ind), "name", "en"))
    expect(page).to_have_url(re.compile(r"[?&]ind=unemployment_rate,tertiary_share&.*end=2021&sort=unemployment_rate"))
    # today's ids are in the address once the reader changes the score
    page.goto("/score?lang=en&w=employment_rate:4,unemployment:3,tertiary:2&norm=minmax")
    expect(page.locator(".score-table tbody tr").first).to_be_visible()
    expect(page.locator(".page-notice")).to_have_count(0)
    # click the option's label (as a person does) and wait until the controlled radio shows it
    page.locator('#score-norm label[for$="zscore"]').click()
    expect(page.locator('#score-norm input[value="zscore"]')).to_be_checked()
    expect(page).to_have_url(re.compile(r"[?&]w=employment_rate:4,unemployment_rate:3,tertiary_share:2(&|$)"))
