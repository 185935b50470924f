"""Every CSV download follows the shared rules (components/csv_out.py): UTF-8 BOM, values with the
indicator's decimals (no float artefacts), ranks and years as integers, names in the page's
language; the steering matrix also comes wide, laid out like the matrix shown."""
from __future__ import annotations

import csv
import io
import re

import pytest

from dashboard.compare import export as Cx, logic as C, state as Cs
from dashboard.components.csv_out import BOM, frame_csv, integer, number, write_csv
from dashboard.explore import export as Ex
from dashboard.explore.logic import build_view
from dashboard.explore.state import parse_query as explore_query
from dashboard.peers import export as Px, logic as PL, state as Ps
from dashboard.profile import export as Prx, logic as Pr
from dashboard.score import export as Sx, logic as SL, state as Ss
from dashboard.steering import export as Stx
from dashboard.steering.logic import build_matrix
from dashboard.steering.state import parse_query as steering_query
from dashboard.store import load_store

ARTEFACT = re.compile(r"\d\.\d*0000000\d|\d\.\d*9999999\d")


@pytest.fixture(scope="module")
def store():
    return load_store()


def rows_of(text: str) -> list[dict]:
    assert text.startswith(BOM), "no UTF-8 byte-order mark: Excel garbles č/š/ž"
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_writer_rounds_and_writes_integers():
    assert number(10.800000000000004, 1) == "10.8" and number(-0.04, 0) == "0" and number(None, 2) == ""
    assert integer(6.0) == "6" and integer(float("nan")) == "" and integer("") == ""
    text = write_csv(["a", "b"], [["Tržič", 0.1 + 0.2]])
    assert text.startswith(BOM) and "Tržič,0.3\n" in text
    import pandas as pd
    df = pd.DataFrame({"rank": [6.0, None], "v": [10.800000000000004, 2.0]})
    assert frame_csv(df, decimals={"v": 2}, integers=["rank"]) == BOM + "rank,v\n6,10.80\n,2.00\n"


def _all_exports(store, lang):
    """(name, csv text, indicator decimals by id) for every page's CSV, in `lang`."""
    ex = explore_query(f"indicator=unemployment_rate&mode=change&start=2015&lang={lang}", store).state
    view = build_view(store, ex)
    yield "explore-shown", Ex.displayed_csv(store, view)
    yield "explore-full", Ex.indicator_csv(store, "population", lang)
    yield "profile", Prx.profile_csv(Pr.build_profile(store, "SI-052", lang))
    yield "compare", Cx.comparison_csv(C.build_comparison(store, Cs.CompareState(
        ("SI-052", "AT-61108", "SI-096"), lang=lang)))
    st = steering_query(f"measure=change&lang={lang}", store).state
    m = build_matrix(store, st)
    yield "steering-long", Stx.matrix_csv(store, m)
    yield "steering-wide", Stx.matrix_wide_csv(store, m)
    cfg = Ss.parse_query(f"w=population:3,unemployment_rate:2&lang={lang}", store).config
    yield "score", Sx.result_csv(store, cfg, SL.run(store, cfg, n_draws=20))
    ps = Ps.parse_query(f"place=SI-052&lang={lang}", store).state
    res = PL.run(store, ps, n_draws=5)
    yield "peers", Px.peers_csv(res, {c: store.place(c)[f"name_{lang}"] for c in res.z.index})


@pytest.mark.parametrize("lang", ["sl", "de", "en"])
def test_every_csv_has_bom_no_artefacts_integer_ranks_and_local_names(store, lang):
    for name, text in _all_exports(store, lang):
        rows = rows_of(text)
        assert rows, name
        assert not ARTEFACT.search(text), (name, ARTEFACT.search(text).group(0))
        for r in rows:
            for col, v in r.items():
                if v and (col in ("rank", "year", "start_year", "ranked_of", "break_year")
                          or col.startswith("rank_") and col != "rank_among_partners"):
                    assert re.fullmatch(r"-?\d+", v), (name, col, v)
        if "indicator_name" in rows[0]:
            names = {r["indicator"]: r["indicator_name"] for r in rows}
            for ind, shown in names.items():
                assert shown == store.indicator(ind)[f"name_{lang}"], (name, ind, shown)
        # values carry the indicator's decimals (never more)
        for r in rows:
            if r.get("indicator") and r.get("value"):
                dec = int(store.indicator(r["indicator"])["decimals"])
                frac = r["value"].split(".")[1] if "." in r["value"] else ""
                assert len(frac) == dec, (name, r["indicator"], r["value"])


def test_steering_wide_csv_is_the_matrix_shown(store):
    st = steering_query("measure=change&start=2015&lang=de", store).state
    m = build_matrix(store, st)
    header, body = Stx.wide_table(store, m)
    assert [r[0] for r in body] == list(m.rows) + list(m.references)
    assert len(header) == 4 + len(m.columns)
    for col, title in zip(m.columns, header[4:]):
        assert store.indicator(col.indicator)["name_de"] in title
        if not col.empty:
            assert f"{col.start}\u2013{col.year}" in title  # each column states its own period
    text = Stx.matrix_wide_csv(store, m)
    assert text.startswith(BOM) and len(rows_of(text)) == len(body)


@pytest.mark.parametrize("lang", ["sl", "de"])
def test_every_xlsx_has_a_data_sheet_and_a_sources_sheet(store, lang):
    import openpyxl
    from dashboard.components.downloads import send_xlsx
    from dashboard.i18n import t
    for name, text in _all_exports(store, lang):
        sent = send_xlsx(text, f"{name}.csv", store=store, title=name, metas=[store.indicator("unemployment_rate")],
                         lang=lang, path="/explore", query="indicator=unemployment_rate")
        import base64
        wb = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
        assert sent["filename"] == f"{name}_data-{store.release_date}.xlsx"  # which release it was made from
        assert wb.sheetnames == [t("exports.sheet.data", lang), t("exports.sheet.about", lang)]
        data, about = wb.worksheets
        assert data.max_row == len(rows_of(text)) + 1, name
        cells = [c.value for row in about.iter_rows() for c in row if c.value]
        assert "http://127.0.0.1:8050/explore?indicator=unemployment_rate" in cells
        assert store.indicator("unemployment_rate")[f"comparability_{lang}"] in cells  # the note, in the language
        assert any("Statistik Austria" in str(c) and "CC BY 4.0" in str(c) for c in cells)  # licence attribution
        # numbers are numbers, codes stay text
        first = [c.value for c in data[2]]
        assert any(isinstance(v, (int, float)) for v in first), name
