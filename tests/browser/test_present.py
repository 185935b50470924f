"""Presentation mode and the slide player in headless Chromium: a view switched to presentation
mode, a three-slide sequence built, stepped through with the keyboard, saved, reloaded and
shared. Screenshots land in tests/screenshots/ with `--screenshots` (present_explore_<lang>, slides_editor_en,
slides_player_de). The harness fails any test with a console error or a request off 127.0.0.1."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import LANGS, t
from dashboard.present import deck as dk

pytestmark = pytest.mark.browser

THREE = ("/explore", "/data", "/explore?level=regions")


@pytest.fixture(autouse=True)
def patient_expect():
    """Slides load whole pages in an iframe; on a busy two-core machine 5 s is too short a wait."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)  # Playwright's default, for the other test modules


def font_px(locator) -> float:
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def quick(page, url):
    return page.locator(f"""button[id='{{"type":"slides-quick","url":"{url}"}}']""")


def open_slides(page, lang, clear=True):
    page.goto(f"/slides?lang={lang}")
    expect(page.locator("h1")).to_have_text(t("present.title", lang))
    if clear:
        page.evaluate("localStorage.clear()")
        page.reload()
    expect(page.locator("#slides-count")).to_have_text(re.compile(r"\d"))


def build_three(page, lang):
    items = page.locator(".slide-item")
    for n, url in enumerate(THREE, start=1):
        quick(page, url).click()
        expect(items).to_have_count(n)
    expect(page.locator("#slides-count")).to_have_text(t("present.count", lang, n=3))
    return items


def wait_saved(page, text):
    """The browser's copy of the deck holds `text` (fields save on leaving them or on Enter)."""
    page.wait_for_function("t => (localStorage.getItem('slides-deck') || '').includes(t)", arg=json.dumps(text, ensure_ascii=False)[1:-1])


FITTED = """() => [...document.querySelectorAll('.dash-graph[style*="height"] > .js-plotly-plot')].every(
    gd => gd._fullLayout && Math.abs(gd._fullLayout.height - gd.clientHeight) <= 3)"""


def counter(page):
    return page.locator("#slides-p-counter")


def frame_src(page, lang, i):
    return dk.slide_src(THREE[i], lang)


# ---- presentation mode on any view ------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_present_mode_on_explore(page, shoot, lang):
    page.goto(f"/explore?lang={lang}")
    page.locator("#explore-map .main-svg").first.wait_for()
    summary = page.locator("#explore-summary")  # stable: its paragraphs are redrawn
    heading = page.locator("#explore-heading")
    normal = font_px(summary), font_px(heading)
    # change the view first: the switch must keep the live state of the address bar
    page.locator("#explore-level label").nth(1).click()
    expect(page).to_have_url(re.compile(r"level=regions"))

    page.locator("#shell-present").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bpresenting\b"))
    expect(page).to_have_url(re.compile(r"level=regions.*present=1|present=1.*level=regions"))
    expect(page.locator("#shell-header")).to_be_hidden()
    expect(page.locator(".explore-controls")).to_be_hidden()
    expect(page.locator(".page-explore .btn").first).to_be_hidden()
    expect(page.locator("#shell-present-exit")).to_be_visible()
    expect(page.locator("#shell-present-exit")).to_contain_text(t("present.mode.exit", lang))
    expect(page.locator("#shell-present-fullscreen")).to_be_visible()
    expect(page.locator("#shell-footer")).to_contain_text("Vir: SURS")  # attribution stays
    assert font_px(summary) >= normal[0] * 1.3
    assert font_px(heading) > normal[1]
    # the charts are scaled up (a transform Plotly understands) and still answer hover
    assert page.locator("#explore-map .js-plotly-plot").evaluate("e => getComputedStyle(e).transform") != "none"
    # a chart whose height comes from its figure gets a box as tall as the scaled chart (present.js)
    page.wait_for_function("""() => {
        const gd = document.querySelector('#explore-ranking .js-plotly-plot');
        const svg = gd && gd.querySelector('.main-svg');
        if (!svg || !gd.parentElement.style.height) return false;
        return Math.abs(svg.getBoundingClientRect().bottom - gd.parentElement.getBoundingClientRect().bottom) <= 3; }""")
    page.wait_for_function(FITTED)  # the charts fill their (scaled) boxes
    shoot(page, f"present_explore_{lang}.png")

    page.keyboard.press("Escape")
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bpresenting\b"))
    expect(page.locator("#shell-header")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"present="))
    expect(page).to_have_url(re.compile(r"level=regions"))
    page.wait_for_function("""() => {  // back to the page's own box, unscaled
        const gd = document.querySelector('#explore-ranking .js-plotly-plot');
        return !gd.parentElement.style.height && getComputedStyle(gd).transform === 'none'; }""")


def test_present_param_survives_in_app_navigation(page, store):
    page.goto("/data?lang=de&present=1")
    expect(page.locator("html")).to_have_class(re.compile(r"\bpresenting\b"))
    expect(page.locator("#shell-header")).to_be_hidden()
    expect(page.locator(".catalogue-controls")).to_be_hidden()
    target = store.indicator_ids()[-1]
    page.locator(f'.indicator-item[data-indicator="{target}"] .indicator-link').click()
    expect(page).to_have_url(re.compile(rf"indicator={target}"))
    expect(page).to_have_url(re.compile(r"present=1"))
    expect(page.locator("html")).to_have_class(re.compile(r"\bpresenting\b"))
    page.locator("#shell-present-exit").click()
    expect(page.locator("#shell-header")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"present="))


# ---- the player -------------------------------------------------------------------------------

def test_three_slides_stepped_with_the_keyboard(page, shoot):
    lang = "de"
    open_slides(page, lang)
    build_three(page, lang)
    page.locator(".slide-title-input").nth(0).fill("Bevölkerungsentwicklung der Partnergemeinden")
    page.locator(".slide-note-input").nth(0).fill("Ptuj und Gleisdorf wachsen am stärksten.")
    page.locator("#slides-deck-title").click()  # leaves the fields: their text is saved
    wait_saved(page, "Ptuj und Gleisdorf wachsen am stärksten.")

    page.locator("#slides-start").click()
    player = page.locator("#slides-player")
    frame = page.locator("#slides-frame")
    expect(player).to_have_class(re.compile(r"\bactive\b"))
    expect(counter(page)).to_have_text("1 / 3")
    expect(frame).to_have_attribute("src", frame_src(page, lang, 0))
    expect(page.locator("#slides-p-title")).to_have_text("Bevölkerungsentwicklung der Partnergemeinden")
    expect(page.locator("#slides-p-note")).to_have_text("Ptuj und Gleisdorf wachsen am stärksten.")
    steps = [("ArrowRight", 2), ("ArrowRight", 3), ("ArrowRight", 3), ("ArrowLeft", 2), ("End", 3),
             ("Home", 1), ("PageDown", 2), ("PageUp", 1), (" ", 2)]
    for key, n in steps:
        page.keyboard.press(key)
        expect(counter(page)).to_have_text(f"{n} / 3")
        expect(frame).to_have_attribute("src", frame_src(page, lang, n - 1))
    expect(page).to_have_url(re.compile(r"slide=2"))

    page.reload()  # the place survives a reload
    expect(player).to_have_class(re.compile(r"\bactive\b"))
    expect(counter(page)).to_have_text("2 / 3")

    # keys pressed inside the slide (after a click on it) still step the player
    inner = page.frame_locator("#slides-frame")
    expect(inner.locator("html")).to_have_class(re.compile(r"\bpresenting\b"))
    expect(inner.locator("#shell-header")).to_be_hidden()
    expect(inner.locator("#shell-present-exit")).to_be_hidden()  # the player has its own
    inner.locator("h1").click()
    page.keyboard.press("ArrowLeft")
    expect(counter(page)).to_have_text("1 / 3")
    expect(frame).to_have_attribute("src", frame_src(page, lang, 0))
    inner.locator("#explore-map .main-svg").first.wait_for()
    inner.locator("#explore-summary p").first.wait_for()
    inner_frame = page.locator("#slides-frame").element_handle().content_frame()
    inner_frame.wait_for_function(FITTED)
    shoot(page, "slides_player_de.png")

    page.keyboard.press("n")
    expect(page.locator("#slides-p-note")).to_be_hidden()
    page.keyboard.press("n")
    expect(page.locator("#slides-p-note")).to_be_visible()

    page.keyboard.press("Escape")
    expect(player).not_to_have_class(re.compile(r"\bactive\b"))
    expect(player).to_be_hidden()
    expect(page).not_to_have_url(re.compile(r"slide="))
    expect(page.locator(".slide-item")).to_have_count(3)


def test_download_clear_and_upload(page, shoot, tmp_path):
    lang = "en"
    open_slides(page, lang)
    items = build_three(page, lang)
    page.locator(".slide-title-input").nth(1).fill("Which places have data")
    page.locator(".slide-note-input").nth(1).fill("Coverage differs between SI and AT.")
    page.locator("#slides-deck-title").fill("Steering group, June")
    page.locator("#slides-deck-title").press("Enter")
    for text in ("Which places have data", "Coverage differs between SI and AT.", "Steering group, June"):
        wait_saved(page, text)

    with page.expect_download() as info:
        page.locator("#slides-download-btn").click()
    download = info.value
    assert download.suggested_filename == dk.FILENAME
    saved = tmp_path / dk.FILENAME
    download.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["version"] == dk.VERSION and data["title"] == "Steering group, June"
    assert [s["url"] for s in data["slides"]] == list(THREE)
    assert data["slides"][1]["title"] == "Which places have data"

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#slides-clear button").click()
    expect(items).to_have_count(0)
    expect(page.locator(".slides-empty")).to_have_text(t("present.empty", lang))
    expect(page.locator("#slides-start")).to_be_disabled()

    upload = page.locator("#slides-upload input[type=file]")
    upload.set_input_files(str(saved))
    expect(items).to_have_count(3)
    expect(page.locator(".slides-info")).to_have_text(t("present.loaded.file", lang, n=3))
    expect(page.locator(".slide-title-input").nth(1)).to_have_value("Which places have data")
    expect(page.locator("#slides-deck-title")).to_have_value("Steering group, June")
    expect(page.locator("#slides-start")).to_be_enabled()
    shoot(page, "slides_editor_en.png", full_page=True)

    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 1, "slides": [', encoding="utf-8")
    upload.set_input_files(str(broken))
    expect(page.locator(".page-notice").first).to_have_text(t("present.error.json", lang))
    expect(page.locator("#slides-notices")).to_contain_text(t("present.kept", lang))
    expect(items).to_have_count(3)

    evil = tmp_path / "evil.json"
    evil.write_text(json.dumps({"version": 1, "slides": [{"url": "/data"}, {"url": "javascript:alert(1)"}]}))
    upload.set_input_files(str(evil))
    expect(page.locator(".page-notice").first).to_have_text(t("present.error.slide_url", lang, n=2))
    expect(items).to_have_count(3)
    # the same file again still answers (the upload is reset after each file)
    upload.set_input_files(str(saved))
    expect(page.locator(".slides-info")).to_have_text(t("present.loaded.file", lang, n=3))

    page.reload()  # the deck lives in the browser
    expect(items).to_have_count(3)


def test_shared_link_opens_the_same_slides(page):
    lang = "sl"
    open_slides(page, lang)
    build_three(page, lang)
    link = page.locator("#slides-share").input_value()
    assert link.startswith(page.url.split("/slides")[0] + "/slides?lang=sl&deck=")
    assert len(link) <= dk.MAX_LINK
    page.locator("#slides-copy").click()
    expect(page.locator("#slides-copy")).to_have_class(re.compile(r"\bcopied\b"))

    page.evaluate("localStorage.clear()")
    page.goto(link)
    items = page.locator(".slide-item")
    expect(items).to_have_count(3)
    assert [items.nth(i).get_attribute("data-url") for i in range(3)] == list(THREE)
    expect(page.locator(".slides-info")).to_have_text(t("present.loaded.link", lang, n=3))
    expect(page).not_to_have_url(re.compile(r"deck="))  # later edits are not overwritten by a reload

    # a broken link says so, in the reader's language, and keeps the slides already there
    page.goto("/slides?lang=sl&deck=eJzLSM3JyVcozy_KSQ")
    expect(page.locator(".page-notice")).to_have_text(t("present.error.link", lang))
    expect(items).to_have_count(3)


def test_pasted_addresses(page, app_url):
    lang = "en"
    open_slides(page, lang)
    page.locator("#slides-paste").fill(f"{app_url}/explore?lang=de&level=regions&present=1")
    page.locator("#slides-add").click()
    items = page.locator(".slide-item")
    expect(items).to_have_count(1)
    expect(items.first).to_have_attribute("data-url", "/explore?lang=de&level=regions")
    expect(page.locator("#slides-paste")).to_have_value("")

    for bad, key in (("https://example.com/explore", "present.error.paste_url"),
                     ("javascript:alert(1)", "present.error.paste_url"),
                     ("/no-such-page", "present.error.unknown_page")):
        page.locator("#slides-paste").fill(bad)
        page.locator("#slides-paste").press("Enter")
        expected = t(key, lang, path="/no-such-page")
        expect(page.locator(".page-notice")).to_have_text(expected)
    expect(items).to_have_count(1)
