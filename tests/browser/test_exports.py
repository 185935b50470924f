"""Every page's downloads, in sl, de and en, as a reader gets them: CSV with a BOM, values at the
indicator's decimals, names in the page's language; XLSX with a data sheet and a sheet of sources;
and no chart offers Plotly's "Share chart…" (cloud) button. One browser context for the module."""
from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from dashboard.i18n import t

pytestmark = pytest.mark.browser

ARTEFACT = re.compile(r"\d\.\d*0000000\d|\d\.\d*9999999\d")
# page -> (address, [(button id, kind)])
PAGES = {
    "explore": ("/explore?indicator=unemployment_rate", [("explore-dl-shown", "csv"), ("explore-dl-full", "csv"),
                                                         ("explore-dl-xlsx", "xlsx"),
                                                         # the same downloads in a chart's share bar
                                                         ("""[id*='"chart":"ranking"'][id*='"kind":"full"']""", "csv"),
                                                         ("""[id*='"chart":"map"'][id*='"kind":"xlsx"']""", "xlsx")]),
    "profile": ("/profile?place=SI-052", [("profile-csv", "csv"), ("profile-xlsx", "xlsx")]),
    "compare": ("/compare?places=SI-052,AT-61108", [("compare-csv", "csv"), ("compare-xlsx", "xlsx")]),
    "score": ("/score", [("score-dl", "csv"), ("score-xlsx", "xlsx")]),
    "peers": ("/peers?place=SI-052", [("peers-csv", "csv"), ("peers-xlsx", "xlsx")]),
    "steering": ("/steering?measure=change", [("steering-dl-csv", "csv"), ("steering-dl-csv-long", "csv"),
                                              ("steering-dl-xlsx", "xlsx")]),
}


def _check_csv(raw: bytes, store, lang: str, where: str):
    assert raw.startswith(b"\xef\xbb\xbf"), f"{where}: no UTF-8 BOM"
    text = raw.decode("utf-8-sig")
    assert not ARTEFACT.search(text), (where, ARTEFACT.search(text).group(0))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows, where
    for r in rows:
        if r.get("indicator") and r.get("indicator_name"):
            assert r["indicator_name"] == store.indicator(r["indicator"])[f"name_{lang}"], where
        if r.get("indicator") and r.get("value"):
            dec = int(store.indicator(r["indicator"])["decimals"])
            assert len(r["value"].partition(".")[2]) == dec, (where, r["indicator"], r["value"])
        if r.get("rank"):
            assert r["rank"].isdigit(), (where, r["rank"])


def _check_xlsx(path, lang: str, where: str):
    wb = openpyxl.load_workbook(io.BytesIO(open(path, "rb").read()))
    assert wb.sheetnames == [t("exports.sheet.data", lang), t("exports.sheet.about", lang)], where
    assert wb.worksheets[0].max_row > 1, where
    about = [str(c.value) for row in wb.worksheets[1].iter_rows() for c in row if c.value]
    assert any(v.startswith("http://127.0.0.1") for v in about), f"{where}: no link back"


# each page in one language, the three taking turns (the files' words in every language are
# checked without a browser, tests/test_csv_exports.py; here: every button of every page works)
@pytest.mark.parametrize(("name", "lang"), [(name, ("sl", "de", "en")[i % 3]) for i, name in enumerate(PAGES)],
                         ids=lambda v: v)
def test_every_download_of_every_page(page, store, name, lang):
    address, buttons = PAGES[name]
    sep = "&" if "?" in address else "?"
    page.goto(f"{address}{sep}lang={lang}")
    page.wait_for_selector(".js-plotly-plot, table", timeout=30_000)
    page.wait_for_load_state("networkidle")  # map geometry loaded: closing the page must not abort a fetch
    # no chart offers Plotly's cloud buttons
    assert page.locator(".modebar-btn[data-title*='Share'], .modebar-btn[data-title*='Chart Studio'], "
                        "a[href^='http']:not([href^='http://127.0.0.1'])").count() == 0
    for button, kind in buttons:
        with page.expect_download(timeout=30_000) as info:
            page.click(button if button.startswith("[") else f"#{button}")
        download = info.value
        where = f"{name}/{lang}/{button}"
        assert download.suggested_filename.endswith(f".{kind}"), where
        if kind == "csv":
            _check_csv(open(download.path(), "rb").read(), store, lang, where)
        else:
            _check_xlsx(download.path(), lang, where)


def _first_words(text: str, n: int = 3) -> str:
    return " ".join(text.split()[:n])


@pytest.mark.parametrize("lang", ["sl", "de", "en"])
def test_explore_svg_carries_caveat_attribution_release_and_link(page, store, lang):
    """The image of a chart whose definitions differ says so, names sources with their licence
    attribution, the release date and the link (read from the SVG's text)."""
    page.goto(f"/explore?indicator=unemployment_rate&lang={lang}")
    page.wait_for_selector("#explore-ranking .js-plotly-plot .main-svg")
    with page.expect_download(timeout=30_000) as info:
        page.locator('button[id*="explore-img"][id*="ranking"][id*="svg"]').click()
    svg = open(info.value.path(), encoding="utf-8").read().replace("&amp;", "&")
    assert info.value.suggested_filename == "innovative-location-ranking.svg"
    note = store.indicator("unemployment_rate")[f"comparability_{lang}"]
    assert _first_words(note) in svg, "the comparability caveat is missing from the image"
    assert "Vir: SURS" in svg and "Statistik Austria (CC BY 4.0)" in svg
    if store.release_date:
        assert store.release_date in svg
    assert "/explore?" in svg and "indicator=unemployment_rate" in svg  # the link back


def test_steering_svg_of_five_german_columns_is_for_paper(page):
    """Five columns in German: the whole source line is there, no "hover" sentence, the link is."""
    page.goto("/steering?lang=de&ind=population,unemployment_rate,employment_rate,tertiary_share,ageing_index"
              "&measure=change&start=2015")
    page.wait_for_selector("#steering-matrix table")
    with page.expect_download(timeout=30_000) as info:
        page.click("#steering-dl-svg")
    svg = open(info.value.path(), encoding="utf-8").read().replace("&amp;", "&")
    assert "Mauszeiger" not in svg
    assert "Quelle" in svg and "/steering?" in svg
    # every text line fits the image: no <text> starts beyond the right edge
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
    xs = [float(x) for x in re.findall(r'<text[^>]* x="([\d.]+)"', svg)]
    assert xs and max(xs) < width


def test_copy_link_confirms_and_embed_shows_the_snippet(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/explore?indicator=population&lang=de")
    bar = page.locator("[data-share-bar][data-chart='map']")
    bar.locator("[data-share='link']").click()
    expect_text = t("share.copied", "de")
    page.wait_for_function("t => [...document.querySelectorAll('[data-share-status]')]"
                           ".some(e => e.textContent === t)", arg=expect_text)
    bar.locator("[data-share='embed']").click()
    snippet = bar.locator("textarea").input_value()
    assert snippet.startswith("<iframe src=\"http://127.0.0.1") and "embed=1" in snippet and "chart=map" in snippet


@pytest.mark.parametrize("address,chart", [("/explore?indicator=unemployment_rate&lang=sl&chart=ranking", "ranking"),
                                           ("/steering?lang=en", "matrix"), ("/score?lang=de", "chart"),
                                           ("/peers?place=SI-052&lang=en", "map"),
                                           ("/peers?place=SI-052&lang=en&chart=fingerprint", "fingerprint"),
                                           ("/profile?place=SI-052&lang=de&chart=locator", "locator"),
                                           ("/compare?places=SI-052,AT-61108&lang=sl&chart=multiples", "multiples"),
                                           # a chart the page does not have: its first chart, not a blank frame
                                           ("/peers?place=SI-052&lang=en&chart=nonsense", "map")])
def test_embed_mode_shows_one_chart_its_sources_and_a_link_back(page, address, chart):
    page.goto(address + "&embed=1")
    page.wait_for_selector(f"[data-embed-target='{chart}'].embed-kept", state="visible")
    page.wait_for_selector(f".embed-kept .js-plotly-plot, .embed-kept table", state="visible")
    visible = page.evaluate("""() => ({
        kept: [...document.querySelectorAll('[data-embed-target]')].filter(e => e.offsetParent !== null).length,
        graphs: [...document.querySelectorAll('.js-plotly-plot, table')].filter(e => e.offsetParent !== null).length,
        nav: !!document.querySelector('.site-navbar') && document.querySelector('.site-navbar').offsetParent !== null,
        controls: [...document.querySelectorAll('.page-controls, .explore-controls, .share-actions')]
                  .filter(e => e.offsetParent !== null).length,
        back: [...document.querySelectorAll('.embed-credit a')].filter(e => e.offsetParent !== null)
              .map(e => e.getAttribute('href')),
        text: document.body.innerText,
    })""")
    assert visible["kept"] == 1 and visible["graphs"] >= 1 and not visible["nav"] and visible["controls"] == 0
    assert visible["back"] and "embed" not in visible["back"][0]
    assert "SURS" in visible["text"] or "GURS" in visible["text"]  # the sources stay beside the chart


def test_rda_gorenjska_matrix_in_eight_actions(page, store):
    """An RDA's meeting paper: Gorenjska's partners only, 5 indicators, change 2015–latest, as PNG
    and XLSX — counted user actions (clicks) from the default Steering page, at most 8."""
    page.goto("/steering?lang=de")
    page.wait_for_selector("#steering-matrix table")
    actions = 0

    def act(locator):
        nonlocal actions
        actions += 1
        locator.click()

    act(page.locator("#steering-places label").filter(has_text=store.place("SI042")["name_de"]))  # 1
    act(page.locator("#steering-ind"))                                                            # 2
    for ind in ("population_change_rate", "net_migration_rate"):                                   # 3, 4
        act(page.locator(f"[role=listbox] input[value='{ind}']").locator(".."))
    act(page.locator("#steering-start"))                                   # 5 (also closes the indicator list)
    act(page.locator("[role=listbox] [role=option]").filter(has_text="2015").first)               # 6
    page.wait_for_function("() => document.querySelectorAll('#steering-matrix tbody tr').length > 0"
                           " && new URLSearchParams(location.search).get('places') === 'SI042'"
                           " && new URLSearchParams(location.search).get('start') === '2015'"
                           " && new URLSearchParams(location.search).get('measure') === 'change'")
    with page.expect_download(timeout=30_000) as png:
        act(page.locator("#steering-dl-png"))                                                     # 7
    with page.expect_download(timeout=30_000) as xlsx:
        act(page.locator("#steering-dl-xlsx"))                                                    # 8
    assert actions <= 8
    data = open(png.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    wb = openpyxl.load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))
    sheet = wb.worksheets[0]
    codes = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert codes == [p for p in store.partners() if store.place(p)["region"] == "SI042"]
    headers = [c.value for c in sheet[1]][4:]
    assert len(headers) == 5 and all("2015\u2013" in h for h in headers), headers


@pytest.mark.parametrize("address,where,graph,source", [
    ("/score?lang=de", "score", None, "Vir: SURS"),
    ("/peers?place=SI-052&lang=sl", "peers", None, "Vir: SURS"),
    ("/peers?place=AT-61108&lang=en", "peers", "peers-fingerprint", "Quelle: Statistik Austria"),
    ("/profile?place=AT-61108&lang=de", "profile", "profile-locator", "GURS (Geodetska uprava RS)"),
    ("/data?indicator=population&lang=en", "data", "data-coverage", "Vir: SURS"),
    ("/steering?view=crossborder&lang=sl", "steering", "steering-cb-graph", "Vir: SURS"),
])
def test_bar_images_of_other_pages_carry_sources_and_link(page, store, address, where, graph, source):
    """The same bar under every single chart: the SVG carries the caption (attribution, release, link)."""
    page.goto(address)
    bar = (page.locator(f"[data-share-bar][data-graph='{graph}']") if graph
           else page.locator("[data-share-bar][data-graph]").first)
    page.wait_for_selector(f"#{bar.get_attribute('data-graph')} .main-svg")
    with page.expect_download(timeout=30_000) as info:
        bar.locator("[data-share='svg']").click()
    svg = open(info.value.path(), encoding="utf-8").read().replace("&amp;", "&")
    assert source in svg and f"/{where}?" in svg
    if store.release_date:
        assert store.release_date in svg


@pytest.mark.parametrize("lang", ["de"])
def test_printed_profile_footer_has_link_dates_and_no_pointer_text(page, store, lang):
    page.goto(f"/profile?place=SI-052&lang={lang}")
    page.wait_for_selector("#profile-print-footer", state="attached")
    page.emulate_media(media="print")
    text = page.evaluate("document.body.innerText")
    footer = page.locator("#profile-print-footer").inner_text()
    assert "http://127.0.0.1" in footer and "/profile?" in footer and "place=SI-052" in footer
    assert t("exports.printed", lang) in footer and re.search(r"\d{4}-\d{2}-\d{2}", footer)
    if store.release_date:
        assert store.release_date in footer
    pointer = t("profile.flags", lang, d="", b="", c="", p="", e="").rpartition(". ")[2]
    assert pointer and pointer not in text  # "point at a value ..." is for the screen only
    page.emulate_media(media="screen")
    assert pointer in page.evaluate("document.body.innerText")
    page.emulate_media(media="screen")
