"""Reflow (WCAG 1.4.10): on a 320 px phone and at 200 % zoom (a 1280 px window is then 640 CSS px
wide) no page scrolls sideways; wide tables scroll inside their own box. The navbar folds behind a
menu button that opens by keyboard. A screenshot of every page at 390 px goes to tests/screenshots/
for a person to look at."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y_support import PAGES, settle

pytestmark = pytest.mark.browser

SIDEWAYS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture
def narrow_page(browser, app_url, request):
    width = request.param
    # 200 % zoom of a 1280x800 window is what the browser then lays out: 640x400 CSS px drawn with
    # two device pixels per CSS pixel (devicePixelRatio 2, as Chromium's zoom reports it)
    zoomed = width == 640
    context = browser.new_context(viewport={"width": width, "height": 400 if zoomed else 800},
                                  device_scale_factor=2 if zoomed else 1, base_url=app_url,
                                  service_workers="block")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("narrow_page", [320, 640], indirect=True, ids=["320px", "zoom200"])
@pytest.mark.parametrize("lang", ["de", "sl"])
@pytest.mark.parametrize("name", PAGES)
def test_no_sideways_scrolling(narrow_page, name, lang):
    page = narrow_page
    page.goto(timeout=60_000, url=f"{PAGES[name]}?lang={lang}")
    settle(page)
    scroll, client = page.evaluate(SIDEWAYS)
    assert scroll <= client, f"{name} {lang}: the page is {scroll} px wide in a {client} px window"


@pytest.mark.parametrize("narrow_page", [390], indirect=True, ids=["390px"])
@pytest.mark.parametrize("name", PAGES)
def test_phone_screenshot(narrow_page, screenshots, name):
    page = narrow_page
    page.goto(timeout=60_000, url=f"{PAGES[name]}?lang=de")
    settle(page)
    scroll, client = page.evaluate(SIDEWAYS)
    assert scroll <= client
    page.screenshot(path=str(screenshots / f"a11y_390_{name}.png"), full_page=True)


@pytest.mark.parametrize("narrow_page", [320], indirect=True, ids=["320px"])
def test_navbar_folds_and_opens_by_keyboard(narrow_page):
    page = narrow_page
    page.goto(timeout=60_000, url="/?lang=en")
    settle(page)
    expect(page.locator("#shell-nav-data")).to_be_hidden()
    toggle = page.locator("#shell-nav-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#shell-nav-data")).to_be_visible()
    expect(page.locator("#shell-lang-de")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
