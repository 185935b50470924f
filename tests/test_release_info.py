"""The Data page's release card reads data/manifest.json: "data as of" in each language's date
format, per-source retrieval dates, and the changelog with its largest revisions."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard.components.release_info import as_of_line, fmt_date, release_card
from dashboard.store import Store

SHIPPED = Path(__file__).resolve().parent.parent / "data"


def text(component) -> str:
    """All strings in a Dash component tree."""
    if isinstance(component, (str, int, float)):
        return str(component)
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if isinstance(children, (list, tuple)):
        return " ".join(text(c) for c in children)
    return text(children)


def store_with(tmp_path: Path, manifest: dict | None) -> Store:
    for name in ("places.csv", "indicators.csv", "observations.csv"):
        shutil.copy(SHIPPED / name, tmp_path / name)
    if manifest is not None:
        (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return Store.from_dir(tmp_path)


MANIFEST = {
    "release": "20270310T090000Z", "built": "2027-03-10T09:00:00Z", "previous": "20261204T233140Z",
    "code_version": "abc123",
    "sources": [
        {"publisher": "SURS", "table": "05I3002S", "manual": False, "retrieved": "2027-03-10T08:55:00Z"},
        {"publisher": "ZRSZ", "table": "x", "manual": True, "retrieved": None},
    ],
    "changes": {"against": "20261204T233140Z", "counts": {"revised": 2, "new_year": 212}, "large_revisions": 1,
                "new_years": {"employment_rate": 2024},
                "revisions": [{"place": "SI-096", "indicator": "employment_rate", "year": 2023, "old": 70.8,
                               "new": 66.1, "change_pct": -6.64, "large": True}]},
}


@pytest.mark.parametrize("lang, as_of, revised, moved", [
    ("sl", "Podatki na dan 10. 3. 2027", "popravljene vrednosti: 2 (od tega 1 za več kot 5 %)", "−6,6 %"),
    ("de", "Daten vom 10.03.2027", "revidierte Werte: 2 (davon 1 um mehr als 5 %)", "−6,6 %"),
    ("en", "Data as of 10 Mar 2027", "revised values: 2 (1 by more than 5 %)", "−6.6 %"),
])
def test_card_shows_release_date_sources_and_changes_in_each_language(tmp_path, lang, as_of, revised, moved):
    store = store_with(tmp_path, MANIFEST)
    shown = text(release_card(store, lang))
    assert as_of in shown and "20270310T090000Z" in shown and "abc123" in shown
    assert revised in shown and moved in shown and "Ptuj" in shown and "2024" in shown
    assert fmt_date("2027-03-10", lang) in shown  # the SURS retrieval date
    assert as_of in text(as_of_line(store, lang, "#x"))


def test_first_release_and_missing_manifest_say_so(tmp_path):
    first = store_with(tmp_path, {**MANIFEST, "previous": None, "changes": None})
    assert "first recorded release" in text(release_card(first, "en"))
    bare = store_with(tmp_path / "bare" if (tmp_path / "bare").mkdir() is None else tmp_path, None)
    assert "not recorded" in text(release_card(bare, "en"))


def test_the_shipped_data_page_names_its_release():
    from dashboard.store import load_store
    shown = text(release_card(load_store(SHIPPED), "en"))
    manifest = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))
    assert f"Data as of {fmt_date(manifest['built'], 'en')}" in shown and manifest["release"] in shown


@pytest.mark.parametrize("lang, words", [
    ("sl", "s kodo abc123 in spremembami, ki še niso bile potrjene (dashboard/ingest/fetch.py)"),
    ("de", "mit Code abc123 samt noch nicht eingecheckten Änderungen (dashboard/ingest/fetch.py)"),
    ("en", "by code abc123 with changes not yet committed (dashboard/ingest/fetch.py)"),
])
def test_a_build_with_uncommitted_import_changes_says_so_in_words(tmp_path, lang, words):
    store = store_with(tmp_path, {**MANIFEST, "code_version": "abc123+dirty",
                                  "code_changes": ["dashboard/ingest/fetch.py"]})
    shown = text(release_card(store, lang))
    assert words in shown and "+dirty" not in shown


@pytest.mark.parametrize("lang, warning, row", [
    ("sl", "V tej izdaji niso osveženi: SURS 0772815S.", "samodejno – ni osveženo (prenos 10. 3. 2027 ni uspel)"),
    ("de", "In dieser Ausgabe nicht aktualisiert: SURS 0772815S.", "automatisch – nicht aktualisiert (Abruf vom 10.03.2027 fehlgeschlagen)"),
    ("en", "Not refreshed in this release: SURS 0772815S.", "automatic — not refreshed (the fetch on 10 Mar 2027 failed)"),
])
def test_a_release_built_with_a_stale_copy_says_which_source_was_not_refreshed(tmp_path, lang, warning, row):
    """`update` builds on when one publisher fails, with its previous copy; the card names it."""
    failed = {"publisher": "SURS", "table": "0772815S", "manual": False, "retrieved": "2026-11-12T08:00:00Z",
              "fetch_failed": {"at": "2027-03-10T08:56:00Z", "error": "HTTP 500 from https://pxweb.stat.si/…"}}
    store = store_with(tmp_path, {**MANIFEST, "sources": MANIFEST["sources"] + [failed]})
    shown = text(release_card(store, lang))
    assert warning in shown and row in shown and fmt_date("2026-11-12", lang) in shown
    assert "release-stale" not in str(release_card(store_with(tmp_path, MANIFEST), lang))


@pytest.mark.parametrize("lang", ["sl", "de", "en"])
def test_downloads_and_images_carry_the_release_date_of_the_data_they_were_made_from(tmp_path, lang):
    """The XLSX's About sheet, the caption under a PNG/SVG, the credit lines of a slide and the
    name of a CSV or XLSX download name the release date from the data folder's manifest — a new release changes it."""
    import base64
    import io

    import openpyxl

    from dashboard.components.credits import credit_lines
    from dashboard.components.downloads import send_csv, send_xlsx
    from dashboard.components.share_bar import caption
    from dashboard.i18n import t

    store = store_with(tmp_path, MANIFEST)
    assert store.release_date == "2027-03-10"
    meta = store.indicator("population")
    sent = send_xlsx("\ufeffplace,value\nSI-052,1\n", "x.csv", store=store, title="x", metas=[meta], lang=lang,
                     path="/explore", query="")
    about = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"]))).worksheets[1]
    rows = {r[0]: r[1] for r in about.iter_rows(values_only=True) if r[0]}
    assert rows[t("exports.about.release", lang)] == "2027-03-10"
    line = t("exports.release", lang, date="2027-03-10")
    assert line in caption("x", [meta], lang, release_date=store.release_date)["lines"]
    assert line in credit_lines([meta], lang, release_date=store.release_date, link=None)
    # a CSV has no room for a caption: its name (and the XLSX's) says which release it is from
    assert send_csv("\ufeffplace,value\n", "x.csv", store=store)["filename"] == "x_data-2027-03-10.csv"
    assert sent["filename"] == "x_data-2027-03-10.xlsx"
