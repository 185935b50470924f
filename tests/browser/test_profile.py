"""The investor view in a real browser: the location profile and the side-by-side comparison,
in every language, with their pickers, bad URLs, CSV downloads and print stylesheet.

Expected texts and numbers come from the catalogues and from the same pure functions the pages
use (`build_profile`, `build_comparison`), so a test fails when the page shows something else,
not when wording changes. The harness (conftest.py) fails any test with a console error or a
request leaving 127.0.0.1.
"""
from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import LANGS, t
from dashboard.compare import logic as C
from dashboard.compare import state as Cs
from dashboard.profile import logic as P
from dashboard.profile import state as Ps
from dashboard.missing import missing_text, stale_label, stale_title

pytestmark = pytest.mark.browser

WAIT_MS = 15_000  # as the harness's actions (conftest.WAIT_MS)
PLACE = "SI-052"
THREE = ("SI-052", "AT-61108", "SI-096")


@pytest.fixture(autouse=True, scope="module")
def patient_expect():
    """The comparison draws 22 small charts: on a busy two-core machine that takes longer than
    Playwright's default 5 s, so assertions here wait as long as the harness's actions do."""
    expect.set_options(timeout=WAIT_MS)
    yield
    expect.set_options(timeout=5_000)


def h1(page):
    return page.locator("#_pages_content h1")


def wait_for_locator_map(page):
    """The map has drawn its municipalities (boundaries fetched from /_geo/boundaries.json)."""
    expect(page.locator("#profile-locator .choroplethlocation").first).to_be_attached()


def choose(page, dropdown: str, label: str):
    page.locator(dropdown).click()
    page.locator(".dash-dropdown-option", has_text=re.compile(rf"^{re.escape(label)}$")).click()


# --------------------------------------------------------------------------- profile


@pytest.mark.parametrize("lang", LANGS)
def test_profile_renders_in_language(page, store, shoot, lang):
    prof = P.build_profile(store, PLACE, lang)
    page.goto(f"/profile?lang={lang}&place={PLACE}")
    expect(h1(page)).to_have_text(store.place(PLACE)["name"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".page-profile .eyebrow")).to_have_text(t("profile.eyebrow", lang))
    expect(page.locator(".page-notice")).to_have_count(0)
    wait_for_locator_map(page)
    # one row per indicator, grouped by theme, with the value the store holds
    expect(page.locator(".profile-table tr.ind-row")).to_have_count(len(store.indicator_ids()))
    expect(page.locator(".theme-block")).to_have_count(len(P.theme_order(store)))
    for row in prof.rows[:6]:
        tr = page.locator(f'.profile-table tr[data-indicator="{row.id}"]')
        expect(tr.locator(".ind-name")).to_have_text(row.name)
    # the strip legend says which way is better
    expect(page.locator("#profile-legend")).to_contain_text(t("profile.legend.direction", lang))
    # strengths and weaknesses as the rule finds them, and the rule itself
    expect(page.locator("#profile-strengths li")).to_have_count(len(prof.strengths))
    expect(page.locator("#profile-weaknesses li")).to_have_count(len(prof.weaknesses))
    expect(page.locator("#profile-rule")).to_contain_text(str(P.MIN_PARTNERS))
    # key facts carry year and source
    pop = next(f for f in prof.facts if f.id == "population")
    expect(page.locator('[data-fact="population"] .fact-meta')).to_contain_text(f"{pop.year} · {pop.source}")
    shoot(page, f"profile_{lang}.png", full_page=True)


def test_profile_names_missing_data(page, store):
    place = "AT-61108"
    prof = P.build_profile(store, place, "en")
    assert prof.missing, "Leoben lacks some indicators in the shipped data"
    page.goto(f"/profile?lang=en&place={place}")
    expect(h1(page)).to_have_text("Leoben")
    card = page.locator("#profile-missing")
    expect(card.locator("li")).to_have_count(len(prof.missing))
    for row in prof.missing:
        expect(card).to_contain_text(row.name)
        # which kind of "no data": not published for Austria, or missing for this place
        tr = page.locator(f'tr.missing[data-indicator="{row.id}"]')
        expect(tr).to_contain_text(t("no_data", "en"))
        if row.missing_reason["kind"] == "not_published":  # which kind of "no data"
            expect(tr).to_contain_text(missing_text(store, row.id, place, "en"))
            expect(card.locator(f'li[data-indicator="{row.id}"]')).to_contain_text(missing_text(store, row.id, place, "en"))
    # where Austria publishes no value, Styria stands in and the cell names it
    styria = [r for r in prof.rows if r.has_data and r.country.code == "AT22"]
    assert styria, "Leoben has indicators with Styria as the Austrian reference"
    expect(page.locator(f'tr[data-indicator="{styria[0].id}"]')).to_contain_text("Styria")
    # comparability notes next to the numbers where SI and AT differ
    noted = [r for r in prof.rows if r.comparability]
    expect(page.locator(".profile-table .comparability-badge")).to_have_count(len(noted))
    expect(page.locator("#profile-notes li")).to_have_count(len(noted))


def test_place_picker_changes_the_page_and_the_url(page, store):
    page.goto("/profile?lang=de&place=SI-052")
    expect(h1(page)).to_have_text("Kranj")
    wait_for_locator_map(page)
    choose(page, "#profile-place", "Leoben")
    expect(h1(page)).to_have_text("Leoben")
    expect(page).to_have_url(re.compile(r"/profile\?lang=de&place=AT-61108$"))
    wait_for_locator_map(page)
    expect(page.locator("#profile-locator .choroplethlocation").first).to_be_attached()
    # the language switch keeps the chosen place
    page.locator("#shell-lang-sl").click()
    expect(page.locator("html")).to_have_attribute("lang", "sl")
    expect(h1(page)).to_have_text("Leoben")
    expect(page.locator(".page-profile .eyebrow")).to_have_text(t("profile.eyebrow", "sl"))


def test_bad_place_shows_a_notice_and_the_default(page, store, shoot):
    page.goto("/profile?lang=sl&place=Nowhere")
    default = Ps.default_place(store)
    expect(page.locator(".page-notice")).to_have_text(
        t("profile.notice.bad_place", "sl", value="Nowhere", name=store.place(default)["name"]))
    expect(h1(page)).to_have_text(store.place(default)["name"])
    wait_for_locator_map(page)


def test_profile_csv_download(page, store, tmp_path):
    page.goto("/profile?lang=en&place=AT-62219")
    expect(h1(page)).to_have_text("Hartberg")
    with page.expect_download() as info:
        page.locator("#profile-csv").click()
    download = info.value
    # the name says which release of the data the file was made from (a CSV has no caption)
    assert store.release_date
    assert download.suggested_filename == f"innovative-location_profile_AT-62219_en_data-{store.release_date}.csv"
    path = tmp_path / "profile.csv"
    download.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(store.indicator_ids())
    assert {r["place"] for r in rows} == {"AT-62219"}
    for r in rows:
        if r["value"]:
            dec = int(store.indicator(r["indicator"])["decimals"])  # rounded as the page shows it
            assert r["value"] == f'{store.value(r["indicator"], "AT-62219", int(r["year"])):.{dec}f}'


def test_profile_prints_without_controls(page, shoot):
    page.goto("/profile?lang=en&place=SI-096")
    expect(h1(page)).to_have_text("Ptuj")
    wait_for_locator_map(page)
    width = page.locator("#profile-locator .main-svg").first.bounding_box()["width"]
    expect(page.locator("#shell-header")).to_be_visible()
    expect(page.locator(".print-only")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator("#shell-header")).to_be_hidden()
    expect(page.locator(".profile-toolbar")).to_be_hidden()
    expect(page.locator("#profile-csv")).to_be_hidden()
    expect(page.locator(".profile-links")).to_be_hidden()
    expect(page.locator(".print-only")).to_be_visible()
    expect(page.locator(".attribution")).to_be_visible()  # the licences' wording stays on paper
    assert page.locator("#profile-locator .main-svg").first.bounding_box()["width"] == width
    shoot(page, "profile_print_en.png", full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf[:4] == b"%PDF"


def test_profile_links_to_compare_and_explore(page, store):
    page.goto("/profile?lang=de&place=SI-087")
    expect(h1(page)).to_have_text("Ormož")
    other = Cs.counterpart(store, "SI-087")
    expect(page.locator("#profile-link-explore")).to_have_attribute("href", re.compile(r"/explore\?lang=de&sel=SI-087"))
    page.locator("#profile-link-compare").click()
    expect(page).to_have_url(re.compile(rf"/compare\?lang=de&places=SI-087,{other}"))
    expect(h1(page)).to_have_text(t("compare.title", "de"))
    expect(page.locator(".compare-table thead th.place-col")).to_have_count(2)


def test_an_indicator_in_the_table_opens_explore_without_a_new_page_load(page, store):
    """The indicator tables are one component each (server-written markup): their links navigate
    as dcc.Link does, without loading the page anew (which would cost a cold load), and Back returns."""
    page.goto("/profile?lang=sl&place=SI-096")
    expect(h1(page)).to_have_text("Ptuj")
    page.evaluate("() => { window.__samePage = true; }")
    link = page.locator("tr[data-indicator=population] a.ind-name")
    expect(link).to_have_text(store.indicator("population")["name_sl"])
    link.click()
    # (the address may then follow Explore's state, which writes every parameter)
    expect(page).to_have_url(re.compile(r"/explore\?lang=sl&indicator=population&(.*&)?sel=SI-096(&|$)"))
    expect(page.locator("#explore-heading span").first).to_have_text(store.indicator("population")["name_sl"])
    assert page.evaluate("() => window.__samePage === true"), "the link loaded the page anew"
    page.go_back()
    expect(h1(page)).to_have_text("Ptuj")
    assert page.evaluate("() => window.__samePage === true")
    # a link opened in a new tab is left to the browser: the page stays
    with page.context.expect_page() as opened:
        page.locator("tr[data-indicator=population] a.ind-name").click(modifiers=["Control"])
    opened.value.close()
    expect(page).to_have_url(re.compile(r"/profile\?"))


# the number cells of the profile's tables whose number is drawn on more than one line
BROKEN_NUMBERS_JS = """() => [...document.querySelectorAll('.profile-table td.num')].flatMap(td =>
  [...td.childNodes].filter(n => n.nodeType === 3 && /^[\\d.,\u2212\u00a0 -]+$/.test(n.textContent.trim()) && /\\d/.test(n.textContent))
    .filter(n => { const r = document.createRange(); r.selectNodeContents(n); return r.getClientRects().length > 1; })
    .map(n => n.textContent))"""


@pytest.mark.parametrize("width", [320, 768])
def test_table_numbers_stay_whole_on_a_phone_and_a_tablet(page, width):
    """Squeezed into a narrow box the table broke numbers over two lines ("2,130," / "850") and at
    320 px letter by letter; it scrolls sideways in its box instead, and the page does not."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/profile?lang=en&place=SI-052")
    expect(h1(page)).to_have_text("Kranj")
    expect(page.locator(".profile-table").first).to_be_visible()
    assert page.evaluate("() => document.querySelectorAll('.profile-table td.num').length") > 50
    assert page.evaluate(BROKEN_NUMBERS_JS) == []
    box = page.locator(".profile-table").first.locator("xpath=..")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth && getComputedStyle(b).overflowX === 'auto'")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


# Every word of the table's headings and indicator names that does not fit its cell's content box
# (the browser then breaks it inside: "Obersteiermar-k"), with the width it needs and has.
SPLIT_WORDS_JS = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const out = [];
  document.querySelectorAll('.profile-table thead th, .profile-table .ind-name').forEach(el => {
    const cs = getComputedStyle(el);
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const cell = el.closest('th, td'), ccs = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(ccs.paddingLeft) - parseFloat(ccs.paddingRight);
    for (const word of el.textContent.split(/\\s+/)) {
      const need = ctx.measureText(word).width;
      if (need > room + 0.5) { out.push([word, Math.round(need), Math.round(room)]); }
    }
  });
  return out;
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_no_heading_or_indicator_name_breaks_inside_a_word_at_1366(page, lang):
    """The German heading of the region's column broke as "Obersteiermar-k" at 1,366 px."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/profile?lang={lang}&place=AT-62139")  # Bruck an der Mur: Östliche Obersteiermark
    expect(page.locator(".profile-table").first).to_be_visible()
    assert page.evaluate("() => document.querySelectorAll('.profile-table .ind-name').length") > 20
    assert page.evaluate(SPLIT_WORDS_JS) == []


# --------------------------------------------------------------------------- compare


@pytest.mark.parametrize("lang", LANGS)
def test_compare_renders_in_language(page, store, shoot, lang):
    comp = C.build_comparison(store, Cs.CompareState(THREE, "common", lang))
    page.goto(f"/compare?lang={lang}&places={','.join(THREE)}")
    expect(h1(page)).to_have_text(t("compare.title", lang))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".page-notice")).to_have_count(0)
    table = page.locator("#compare-table")
    expect(table.locator("thead th.place-col")).to_have_count(3)
    expect(table.locator("tr.ind-row")).to_have_count(len(store.indicator_ids()))
    # the best value per row, as the direction rule finds it
    best = [(r.id, c.place) for r in comp.rows for c in r.cells if c.best]
    expect(table.locator("td.best")).to_have_count(len(best))
    for ind, place in best[:5]:
        expect(table.locator(f'tr[data-indicator="{ind}"] td[data-place="{place}"]')).to_have_class(re.compile("best"))
    # comparability notes: the three places span both countries
    noted = [r for r in comp.rows if r.comparability]
    assert noted
    expect(table.locator(".comparability-badge")).to_have_count(len(noted))
    # one small multiple per indicator; one without a line for any of the places is one line saying why
    drawn = [r for r in comp.rows if store.series(r.id, list(comp.state.places))["value"].notna().any()]
    expect(page.locator(".sm-panel")).to_have_count(len(drawn))
    expect(page.locator(".sm-empty li")).to_have_count(len(store.indicator_ids()) - len(drawn))
    expect(page.locator(".sm-graph .main-svg").first).to_be_attached()
    expect(page.locator(".sm-graph .main-svg >> nth=-1")).to_be_attached()
    shoot(page, f"compare_{lang}.png", full_page=True)


def test_compare_on_one_side_of_the_border_has_no_notes(page, store):
    page.goto("/compare?lang=en&places=SI-052,SI-041")
    expect(page.locator("#compare-table thead th.place-col")).to_have_count(2)
    expect(page.locator("#compare-table .comparability-badge")).to_have_count(0)


def test_compare_picker_adds_places_up_to_four(page, store):
    page.goto("/compare?lang=en&places=SI-052,AT-61108")
    table = page.locator("#compare-table")
    expect(table.locator("thead th.place-col")).to_have_count(2)
    choose(page, "#compare-places", "Ptuj")
    expect(page.locator(".compare-controls .dash-dropdown-actions")).to_be_hidden()  # no "select all 16"
    expect(table.locator("thead th.place-col")).to_have_count(3)
    expect(page).to_have_url(re.compile(r"places=SI-052,AT-61108,SI-096&years=common$"))
    page.locator(".dash-dropdown-option", has_text=re.compile(r"^Weiz$")).click()
    expect(table.locator("thead th.place-col")).to_have_count(4)
    expect(page.locator("#compare-hint")).to_have_text(t("compare.hint.full", "en", n=4))
    # with four chosen, the others cannot be added
    option = page.locator(".dash-dropdown-option", has_text=re.compile(r"^Jesenice$"))
    expect(option.locator("input")).to_be_disabled()
    expect(page.locator("#shell-lang-de")).to_have_attribute("href", re.compile(r"places=SI-052,AT-61108,SI-096,AT-61766"))


def test_compare_year_mode(page, store):
    page.goto("/compare?lang=de&places=SI-052,AT-61108")
    expect(page.locator("#compare-explain")).to_contain_text(t("compare.years.explain_common", "de"))
    page.get_by_label(t("compare.years.latest", "de")).check()
    expect(page.locator("#compare-explain")).to_contain_text(t("compare.years.explain_latest", "de"))
    expect(page).to_have_url(re.compile(r"years=latest"))
    comp = C.build_comparison(store, Cs.CompareState(("SI-052", "AT-61108"), "latest", "de"))
    row = next(r for r in comp.rows if r.years_differ)
    expect(page.locator(f'#compare-table tr[data-indicator="{row.id}"]')).to_contain_text(
        t("compare.years_differ", "de"))


@pytest.mark.parametrize("query, notices", [
    ("places=SI-052,zzz", [("compare.notice.unknown", {"value": "zzz"})]),
    ("places=SI-052,AT-61108,SI-096,AT-61760,SI-041", [("compare.notice.too_many", {"n": 4})]),
])
def test_compare_bad_places_show_notices(page, store, shoot, query, notices):
    parsed = Cs.parse_query(f"?lang=sl&{query}", store)
    page.goto(f"/compare?lang=sl&{query}")
    expected = [t(k, "sl", **a) for k, a in parsed.notices]
    assert [k for k, _ in parsed.notices][:len(notices)] == [k for k, _ in notices]
    expect(page.locator(".page-notice")).to_have_text(expected)
    expect(page.locator("#compare-table thead th.place-col")).to_have_count(len(parsed.state.places))
    if "zzz" in query:
        shoot(page, "compare-bad-places_sl.png", full_page=False)


def test_compare_csv_download(page, store, tmp_path):
    page.goto(f"/compare?lang=en&places={','.join(THREE)}")
    expect(page.locator("#compare-table thead th.place-col")).to_have_count(3)
    with page.expect_download() as info:
        page.locator("#compare-csv").click()
    path = tmp_path / "compare.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 3 * len(store.indicator_ids())
    assert {r["place"] for r in rows} == set(THREE)


def test_compare_prints_without_controls(page, shoot):
    page.goto(f"/compare?lang=en&places={','.join(THREE)}")
    expect(page.locator(".sm-graph .main-svg").first).to_be_attached()
    page.emulate_media(media="print")
    expect(page.locator("#shell-header")).to_be_hidden()
    expect(page.locator(".compare-controls")).to_be_hidden()
    expect(page.locator("#compare-csv")).to_be_hidden()
    expect(page.locator("#compare-table")).to_be_visible()
    shoot(page, "compare_print_en.png", full_page=True)


@pytest.mark.parametrize("lang", LANGS)
def test_old_values_and_kinds_of_missing_are_marked(page, store, shoot, lang):
    """Kranj's unemployment rate is from 2016 (newest data 2023): the tile and the table row say
    "2016 · old" with the rule in the tooltip; Leoben's gross earnings are not published for Austria."""
    page.goto(f"/profile?lang={lang}&place=SI-052")
    expect(h1(page)).to_have_text("Kranj")
    mark = page.locator('[data-fact="unemployment_rate"] .stale-mark')
    expect(mark).to_have_text("\u00a0\u00b7\u00a0" + stale_label(lang))
    expect(mark).to_have_attribute("title", stale_title(store, "unemployment_rate", lang))
    expect(page.locator('[data-fact="population"] .stale-mark')).to_have_count(0)
    expect(page.locator('tr[data-indicator="unemployment_rate"] .stale-mark')).to_have_count(1)
    shoot(page.locator(".facts"), f"profile-facts-stale_{lang}.png")
    page.goto(f"/profile?lang={lang}&place=AT-61108")
    expect(page.locator('[data-fact="gross_earnings"]')).to_contain_text(t("missing.not_published.AT", lang))
    shoot(page.locator(".facts"), f"profile-facts-missing_{lang}.png")
    page.goto(f"/compare?lang={lang}&places=SI-052,AT-61108&years=latest")
    row = page.locator('#compare-table tr[data-indicator="unemployment_rate"]')
    expect(row.locator('td[data-place="SI-052"] .stale-mark')).to_have_count(1)
    expect(page.locator('#compare-table tr[data-indicator="gross_earnings"] td[data-place="AT-61108"]')).to_have_text(
        t("missing.not_published.AT", lang))
    shoot(page.locator("#compare-table"), f"compare-stale_{lang}.png")
