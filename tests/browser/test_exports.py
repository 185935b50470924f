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
                                                         ("explore-dl-xlsx", "xlsx")]),
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


@pytest.mark.parametrize("lang", ["sl", "de", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_download_of_every_page(shared_page, store, name, lang):
    page = shared_page
    address, buttons = PAGES[name]
    sep = "&" if "?" in address else "?"
    page.goto(f"{address}{sep}lang={lang}")
    page.wait_for_selector(".js-plotly-plot, table", timeout=30_000)
    # no chart offers Plotly's cloud buttons
    assert page.locator(".modebar-btn[data-title*='Share'], .modebar-btn[data-title*='Chart Studio'], "
                        "a[href^='http']:not([href^='http://127.0.0.1'])").count() == 0
    for button, kind in buttons:
        with page.expect_download(timeout=30_000) as info:
            page.click(f"#{button}")
        download = info.value
        where = f"{name}/{lang}/{button}"
        assert download.suggested_filename.endswith(f".{kind}"), where
        if kind == "csv":
            _check_csv(open(download.path(), "rb").read(), store, lang, where)
        else:
            _check_xlsx(download.path(), lang, where)
