"""Steering view as plain functions: standing and colours, column years, change, sorting, URL state,
cross-border aggregates, CSV and the image. Most tests run on a small hand-made store, so every
expected number can be checked by eye; a few check the shipped data."""
from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from dashboard.figures import steering as fig
from dashboard.i18n import LANGS, t
from dashboard.figures.palette import GOOD_BAD, MISSING_COLOUR, NEUTRAL, cell_colour, text_colour
from dashboard.figures.palette import _contrast  # noqa: PLC2701 - the readability check needs it
from dashboard.steering.logic import crossborder_inputs, figure_inputs
from dashboard.steering.export import matrix_csv
from dashboard.steering.logic import build_matrix, crossborder, end_year, sort_rows, standing
from dashboard.steering.state import SteeringState, apply_controls, best_first_order, click_sort, parse_query
from dashboard.store import Store, load_store

# --------------------------------------------------------------------------- a small store

SI_MUNIS = [("SI-001", "Aaa", "SI042"), ("SI-002", "Bbb", "SI042"), ("SI-003", "Ccc", "SI042"), ("SI-004", "Ddd", "SI042"),
            ("SI-005", "Eee", "SI032"), ("SI-006", "Fff", "SI032"), ("SI-007", "Ggg", "SI032"), ("SI-008", "Hhh", "SI032")]
AT_MUNIS = [("AT-10001", "Iii", "AT223"), ("AT-10002", "Jjj", "AT223"), ("AT-10003", "Kkk", "AT223"),
            ("AT-10004", "Lll", "AT223"), ("AT-20001", "Mmm", "AT224"), ("AT-20002", "Nnn", "AT224"),
            ("AT-20003", "Ooo", "AT224"), ("AT-20004", "Ppp", "AT224")]
MUNIS = SI_MUNIS + AT_MUNIS
LAST_AT = "AT-20004"


def _places() -> pd.DataFrame:
    rows = [
        ("SI", "country", "SI", "Slovenija", "Slovenija", "Slowenien", "Slovenia", "", "", "0"),
        ("AT", "country", "AT", "Österreich", "Avstrija", "Österreich", "Austria", "", "", "0"),
        ("AT22", "state", "AT", "Steiermark", "Avstrijska Štajerska", "Steiermark", "Styria", "", "AT", "0"),
        ("SI042", "region", "SI", "Gorenjska", "Gorenjska", "Gorenjska", "Gorenjska", "SI042", "SI", "1"),
        ("SI032", "region", "SI", "Podravska", "Podravska", "Podravska", "Podravska", "SI032", "SI", "1"),
        ("AT223", "region", "AT", "Östliche Obersteiermark", "Vzhodna Zgornja Štajerska", "Östliche Obersteiermark",
         "Eastern Upper Styria", "AT223", "AT22", "1"),
        ("AT224", "region", "AT", "Oststeiermark", "Vzhodna Štajerska", "Oststeiermark", "East Styria", "AT224",
         "AT22", "1"),
    ]
    rows += [(c, "municipality", c[:2], n, n, n, n, r, r, "1") for c, n, r in MUNIS]
    df = pd.DataFrame(rows, columns=["code", "level", "country", "name", "name_sl", "name_de", "name_en", "region",
                                     "parent", "partner"])
    df["national_code"] = df["code"]
    df["area_km2"] = ""
    for c in ("note_sl", "note_de", "note_en"):
        df[c] = ""
    return df


def _indicators() -> pd.DataFrame:
    def row(id_, unit, decimals, direction, name, note=""):
        return {"id": id_, "theme": "labour", "unit": unit, "decimals": str(decimals), "direction": direction,
                "kind": "ratio", "signed": "0", "name_sl": name + " sl", "name_de": name + " de", "name_en": name,
                "definition_sl": "d", "definition_de": "d", "definition_en": "Definition of " + name,
                "source_si": "SURS T1", "source_at": "Statistik Austria T2", "source_regions": "",
                "comparability_class": "caveat" if note else "comparable",
                "comparability_sl": note and note + " sl", "comparability_de": note and note + " de",
                "comparability_en": note}
    return pd.DataFrame([
        row("emp", "pct", 1, "higher_better", "Employment", "Counted on different days."),
        row("unemp", "pct", 1, "lower_better", "Unemployment"),
        row("dens", "per_km2", 0, "neutral", "Density"),
    ])


def emp(code: str, year: int) -> float:
    return 60.0 + MUNIS.index(next(m for m in MUNIS if m[0] == code)) + (year - 2015) * 0.5


def _observations() -> pd.DataFrame:
    obs = []
    for code, _, _ in MUNIS:
        for y in range(2015, 2025):
            if y == 2024 and not code.startswith("SI"):
                continue  # 2024: only the Slovenian side
            if y == 2023 and code == LAST_AT:
                continue  # one place missing in the latest year
            obs.append((code, "emp", y, emp(code, y), "p" if y == 2023 and code == "SI-001" else "", "T1"))
        for y in (range(2010, 2017) if code.startswith("SI") else range(2011, 2024)):
            obs.append((code, "unemp", y, 5.0 + MUNIS.index(next(m for m in MUNIS if m[0] == code)) % 5, "", "T3"))
        for y in range(2020, 2024):
            obs.append((code, "dens", y, 100.0 * (1 + MUNIS.index(next(m for m in MUNIS if m[0] == code))), "", "T4"))
    for code, v in (("SI042", 70.0), ("SI032", 64.0), ("AT223", 66.0), ("SI", 69.0), ("AT22", 68.0)):
        for y in range(2015, 2024):
            obs.append((code, "emp", y, v + (y - 2015) * 0.1, "", "T5"))
    return pd.DataFrame(obs, columns=["place", "indicator", "year", "value", "flags", "source"])


@pytest.fixture(scope="module")
def mini() -> Store:
    return Store(_places(), _indicators(), _observations())


def state(**kw) -> SteeringState:
    return SteeringState(**{"indicators": ("emp", "unemp", "dens"), **kw})


# The steering figures take data, not the store: `steering.data` reads the store for them.

def _tip(store, m, col, code):
    return fig.cell_tooltip(m, col, code, **figure_inputs(store, m))


def _table(store, m):
    return fig.table_model(m, **figure_inputs(store, m))


def _png(store, m, **kw):
    return fig.matrix_figure(m, **figure_inputs(store, m), **kw)


# --------------------------------------------------------------------------- standing and colour


def test_standing_ranks_best_first_for_either_direction():
    higher = standing([3.0, 1.0, None, 2.0], "higher_better")
    assert [s and s.rank for s in higher] == [1, 3, None, 2]
    assert [s and s.quintile for s in higher] == [5, 1, None, 3]
    lower = standing([3.0, 1.0, None, 2.0], "lower_better")
    assert [s and s.rank for s in lower] == [3, 1, None, 2]
    assert all(s is None or s.n == 3 for s in higher + lower)


def test_ties_share_rank_and_colour():
    st = standing([5.0, 5.0, 1.0, 9.0], "higher_better")
    assert [s.rank for s in st] == [2, 2, 4, 1]
    assert st[0].quintile == st[1].quintile
    assert [s.quintile for s in standing([4.0, 4.0, 4.0], "higher_better")] == [3, 3, 3]


def test_a_lone_value_has_a_rank_but_no_colour_class():
    (st,) = standing([7.0], "higher_better")
    assert (st.rank, st.n, st.quintile) == (1, 1, None)
    assert cell_colour(st, "higher_better") == ("#ffffff", "#1f2a33")


def test_quintiles_over_sixteen_rows_are_even_and_follow_rank():
    st = standing(list(range(16)), "higher_better")
    by_rank = sorted(st, key=lambda s: s.rank)
    qs = [s.quintile for s in by_rank]
    assert qs == sorted(qs, reverse=True)
    assert {q: qs.count(q) for q in set(qs)} == {5: 4, 4: 3, 3: 3, 2: 3, 1: 3}


def test_missing_cells_never_get_a_colour():
    bg, fg = cell_colour(None, "higher_better", missing=True)
    assert bg == MISSING_COLOUR
    assert bg not in GOOD_BAD.values() and bg not in NEUTRAL.values()
    assert standing([None, float("nan")], "lower_better") == [None, None]


def test_neutral_indicators_use_the_neutral_scale_not_good_and_bad():
    st = standing([1.0, 2.0, 3.0], "neutral")
    colours = {cell_colour(s, "neutral")[0] for s in st}
    assert colours <= set(NEUTRAL.values())
    assert not colours & set(GOOD_BAD.values())
    assert st[2].rank == 1  # highest first


def test_direction_decides_good_and_bad_colour():
    best = standing([10.0, 1.0], "higher_better")[0]
    assert cell_colour(best, "higher_better")[0] == GOOD_BAD[5]
    best_low = standing([10.0, 1.0], "lower_better")[1]
    assert cell_colour(best_low, "lower_better")[0] == GOOD_BAD[5]


def test_cell_text_is_readable_on_every_class_colour():
    for colour in (*GOOD_BAD.values(), *NEUTRAL.values()):
        assert _contrast(colour, text_colour(colour)) >= 4.5, colour


# --------------------------------------------------------------------------- columns, years, change


def test_column_year_is_the_latest_year_nearly_all_rows_have(mini):
    m = build_matrix(mini, state())
    col = m.column("emp")
    assert col.year == 2023  # 2024 has only the Slovenian side
    assert col.values[LAST_AT] is None and col.standing[LAST_AT] is None
    assert col.standing["SI-001"].n == 15
    assert end_year({2020: 16, 2021: 15, 2022: 8}) == 2021
    assert end_year({2020: 4, 2021: 0}, end=2020) == 2020
    assert end_year({2020: 0}) is None


def test_a_column_without_data_in_the_asked_year_shows_its_own_year_and_says_so(mini):
    m = build_matrix(mini, state(end=2023))
    col = m.column("unemp")
    assert col.year == 2016 and col.year_differs
    head = fig.column_header(col, "en")
    assert head["period"] == "2016" and head["period_differs"]
    assert any("2016" in line and "2023" in line for line in head["tip"])
    assert not m.column("emp").year_differs


def test_change_measure_states_the_period_and_uses_percentage_points(mini):
    m = build_matrix(mini, state(measure="change", start=2015, end=2023))
    col = m.column("emp")
    assert (col.start, col.year, col.unit) == (2015, 2023, "pp")
    assert col.values["SI-002"] == pytest.approx(emp("SI-002", 2023) - emp("SI-002", 2015))
    assert col.values[LAST_AT] is None  # no end value: no change, never a zero
    assert fig.column_header(col, "en")["period"] == "\u0394 2015\u20132023"
    assert fig.column_header(col, "de")["unit"] == t("unit.pp", "de")
    assert fig.value_text(col.values["SI-002"], col, "de") == "+4,0"
    assert "2015" in fig.matrix_caption(m) and "2023" in fig.matrix_caption(m)
    tip = _tip(mini, m, col, "SI-002")
    assert any("+4.0" in line and "pp" in line for line in tip)


def test_change_period_moves_inside_the_request_when_the_start_has_no_data(mini):
    m = build_matrix(mini, state(measure="change", start=2012, end=2023))
    col = m.column("emp")
    assert col.start == 2015 and col.year_differs  # emp starts in 2015
    unemp = m.column("unemp")
    assert (unemp.start, unemp.year) == (2012, 2016)


def test_default_period_is_about_ten_years_and_shared_by_most_columns(mini):
    m = build_matrix(mini, state(measure="change"))
    # per column the eligible start nearest ten years before its end: emp 2015, unemp 2011, dens 2020
    assert m.start == 2015
    assert [c.start for c in m.columns] == [2015, 2015, 2020]
    assert fig.column_header(m.column("dens"), "en")["period_differs"]


# --------------------------------------------------------------------------- sorting and grouping


def test_sort_puts_missing_last_in_either_order():
    values = {"a": 2.0, "b": None, "c": 5.0, "d": 2.0}
    names = {"a": "Alpha", "b": "Beta", "c": "Gamma", "d": "Delta"}
    assert sort_rows(list(values), values, "desc", names) == ["c", "a", "d", "b"]
    assert sort_rows(list(values), values, "asc", names) == ["a", "d", "c", "b"]


def test_unsorted_rows_are_grouped_by_region_sorted_rows_are_not(mini):
    grouped = _table(mini, build_matrix(mini, state()))
    groups = [b["code"] for b in grouped["body"] if b["kind"] == "group"]
    assert groups == ["SI042", "SI032", "AT223", "AT224"]
    flat = build_matrix(mini, state(sort="emp", order="desc"))
    assert flat.groups == ()
    assert flat.rows[0] == "AT-20003" and flat.rows[-1] == LAST_AT  # best first, missing last
    model = _table(mini, flat)
    assert not [b for b in model["body"] if b["kind"] == "group"]
    assert model["columns"][0]["sorted"] == "desc"


def test_header_click_sorts_best_first_then_reverses(mini):
    s = state()
    s = click_sort(s, "unemp", mini)
    assert (s.sort, s.order) == ("unemp", "asc")  # lower is better: lowest first
    assert click_sort(s, "unemp", mini).order == "desc"
    assert best_first_order(mini, "emp") == "desc"
    assert click_sort(s, "nope", mini) == s


def test_removing_the_sorted_indicator_drops_the_sort(mini):
    s = state(sort="dens", order="desc")
    s2 = apply_controls(s, mini, indicators=["emp"], sort="dens", order="desc")
    assert s2.sort is None and s2.order is None and s2.indicators == ("emp",)


# --------------------------------------------------------------------------- URL state


def test_url_round_trip(mini):
    s = SteeringState(indicators=("unemp", "emp"), level="regions", measure="change", start=2015, end=2022,
                      sort="emp", order="asc", view="crossborder", lang="sl")
    parsed = parse_query(s.to_query(), mini)
    assert parsed.state == s and parsed.notices == []


def test_bad_parameters_fall_back_with_notices(mini):
    parsed = parse_query({"lang": "xx", "ind": "foo,emp", "level": "weird", "measure": "x", "start": "abc",
                          "end": "1900", "sort": "nope", "view": "x"}, mini)
    s = parsed.state
    assert (s.lang, s.indicators, s.level, s.measure, s.start, s.end, s.sort, s.view) == \
        ("en", ("emp",), "municipalities", "level", None, None, None, "matrix")
    keys = [k for k, _ in parsed.notices]
    assert "notice.bad_lang" in keys and "steering.notice.bad_indicator" in keys
    assert "notice.year_out_of_range" in keys
    assert {a["param"] for k, a in parsed.notices if k == "notice.bad_param"} == {"level", "measure", "start",
                                                                                 "sort", "view"}
    for key, args in parsed.notices:  # every notice reads as a sentence in every language
        for lang in LANGS:
            assert "{" not in t(key, lang, **args)


def test_backwards_period_and_too_many_indicators(mini):
    parsed = parse_query({"ind": "emp", "start": "2020", "end": "2016"}, mini)
    assert parsed.state.start is None and parsed.state.end == 2016
    assert parsed.notices[0][0] == "steering.notice.bad_period"
    shipped = load_store()
    ids = shipped.indicator_ids()
    many = parse_query({"ind": ",".join(ids)}, shipped)
    assert len(many.state.indicators) == 10 and many.notices[0][0] == "steering.notice.too_many"


def test_empty_or_missing_indicator_list_gives_the_defaults():
    store = load_store()
    for query in ({}, {"ind": ""}, {"ind": ",,"}):
        s = parse_query(query, store).state
        assert 6 <= len(s.indicators) <= 8


# --------------------------------------------------------------------------- regions, cross-border


def test_regions_level_ranks_regions_and_shows_countries_unranked(mini):
    m = build_matrix(mini, state(level="regions"))
    assert m.rows == ("SI042", "SI032", "AT223", "AT224")
    assert m.references == ("AT22", "SI", "AT")
    col = m.column("emp")
    assert set(col.standing) == set(m.rows)
    assert col.standing["SI042"].rank == 1 and col.standing["AT224"] is None
    model = _table(mini, m)
    ref_rows = [b for b in model["body"] if b["kind"] == "row" and b["reference"]]
    assert [r["code"] for r in ref_rows] == ["AT22", "SI", "AT"]
    assert all(c["quintile"] is None for r in ref_rows for c in r["cells"])
    assert ref_rows[1]["cells"][0]["text"] == "69.8"  # Slovenia, 2023
    assert fig.legend_model(m)["reference"] == t("steering.legend.reference", "en")


def test_crossborder_compares_the_two_sides_and_the_regions(mini):
    (panel,) = crossborder(mini, state(indicators=("emp",)))
    si, at = panel.sides
    assert (si.n, at.n) == (8, 7)  # one Austrian partner has no 2023 value
    middle_two = sorted(emp(c, 2023) for c, _, _ in SI_MUNIS)[3:5]
    assert si.median == pytest.approx(sum(middle_two) / 2)
    assert at.high == pytest.approx(emp("AT-20003", 2023))
    assert panel.regions["AT224"] is None and panel.regions["SI042"] == pytest.approx(70.8)
    assert panel.gap == pytest.approx(si.median - at.median)
    rows = fig.crossborder_rows([panel], lang="de")
    assert rows[0]["comparability"] == "Counted on different days. de"
    assert rows[0]["si"]["detail"].endswith("n = 8")
    figure = fig.crossborder_figure([panel], lang="de", **crossborder_inputs(mini, "de"))
    assert figure.layout.separators == ",."
    assert "Employment de" in figure.layout.annotations[0].text
    printed = fig.crossborder_figure([panel], lang="de", **crossborder_inputs(mini, "de"), export=True,
                                     credit="Credit line")
    assert printed.layout.title.text == f"<b>{t('steering.cb.title', 'de')}</b>"
    footer = printed.layout.annotations[-1].text
    assert "T1" in footer and "T5" in footer and "Credit line" in footer  # partners' and regions' sources


# --------------------------------------------------------------------------- exports


def test_csv_has_one_row_per_place_and_indicator_and_keeps_missing_empty(mini):
    m = build_matrix(mini, state(measure="change", start=2015, end=2023))
    rows = list(csv.DictReader(io.StringIO(matrix_csv(mini, m).lstrip("\ufeff"))))
    assert len(rows) == 16 * 3
    missing = next(r for r in rows if r["place_code"] == LAST_AT and r["indicator"] == "emp")
    assert missing["value"] == "" and missing["rank"] == "" and missing["source"] == ""
    first = next(r for r in rows if r["place_code"] == "SI-001" and r["indicator"] == "emp")
    assert (first["start_year"], first["year"], first["unit"], first["ranked_of"]) == ("2015", "2023", "pp", "15")
    assert first["flags"] == "p" and first["definitions_differ_si_at"] == "1"
    assert float(first["end_value"]) - float(first["start_value"]) == pytest.approx(float(first["value"]))


def test_image_shows_the_screen_matrix_with_title_period_and_sources(mini):
    m = build_matrix(mini, state(sort="emp", order="desc"))
    model = _table(mini, m)
    figure = _png(mini, m, credit="Credit line")
    texts = [a.text for a in figure.layout.annotations]
    cells = [c["text"] for b in model["body"] if b["kind"] == "row" for c in b["cells"]]
    assert texts[:len(cells)] == cells  # same cells, same order
    assert "\u2013" in cells
    assert figure.layout.title.text == f"<b>{fig.matrix_title(m)}</b>"
    assert figure.layout.title.subtitle.text == fig.matrix_caption(m)
    footer = texts[-1]
    assert "T1" in footer and "Credit line" in footer and "\u26a0" in footer
    assert list(figure.layout.yaxis.ticktext) == [b["name"] for b in model["body"]]
    json.dumps(figure.to_plotly_json(), default=str)  # what the page stores for the download


@pytest.mark.parametrize("lang,expected", [("de", ("64,5", "1.600")), ("sl", ("64,5", "1.600")),
                                           ("en", ("64.5", "1,600"))])
def test_cells_speak_the_language(mini, lang, expected):
    m = build_matrix(mini, state(lang=lang, end=2020))
    model = _table(mini, m)
    rows = {b["code"]: b for b in model["body"] if b["kind"] == "row"}
    assert (rows["SI-003"]["cells"][0]["text"], rows[LAST_AT]["cells"][2]["text"]) == expected
    assert _png(mini, m).layout.separators == (",." if lang != "en" else ".,")


def test_tooltip_explains_a_missing_cell_with_its_latest_year(mini):
    m = build_matrix(mini, state())
    tip = _tip(mini, m, m.column("emp"), LAST_AT)
    assert tip[0] == "Ppp"
    assert any("no data" in line and "2023" in line for line in tip)
    assert any("2022" in line for line in tip)


def test_tooltip_gives_rank_region_and_country(mini):
    m = build_matrix(mini, state())
    tip = _tip(mini, m, m.column("emp"), "SI-001")
    assert t("hover.rank", "en", rank=15, n=15) in " ".join(tip)
    assert any(line.startswith("Gorenjska:") and "Slovenia:" in line for line in tip)
    assert any(t("flag.p", "en") in line for line in tip)


# --------------------------------------------------------------------------- the shipped data


def test_default_matrix_on_the_shipped_data():
    store = load_store()
    s = parse_query({}, store).state
    m = build_matrix(store, s)
    assert set(m.rows) == set(store.partners())
    for col in m.columns:
        present = [c for c in m.rows if col.values[c] is not None]
        assert len(present) >= 12, col.indicator  # the defaults are indicators most partners have
        assert sorted(col.standing[c].rank for c in present)[0] == 1


def test_no_indicator_chosen_gives_an_empty_matrix_not_an_error(mini):
    m = build_matrix(mini, state(indicators=()))
    assert m.columns == () and len(m.rows) == 16
    assert fig.matrix_title(m) == t("steering.level.municipalities", "en")
    assert matrix_csv(mini, m).startswith("\ufeffplace_code,")
    assert crossborder(mini, state(indicators=())) == []


def test_within_country_columns_are_ranked_and_coloured_within_each_country():
    """Unemployment (SI registered, AT census): each country's best row is rank 1, the colour fifths
    are computed among the country's own rows, and the cross-border view shows no gap."""
    store = load_store()
    s = parse_query({}, store).state.with_(indicators=("unemployment_rate", "employment_rate"), end=2016,
                                           measure="level")
    m = build_matrix(store, s)
    col = m.column("unemployment_rate")
    assert not col.one_scale and m.column("employment_rate").one_scale
    by_country = {"SI": [], "AT": []}
    for code in m.rows:
        if col.standing[code] is not None:
            by_country[code[:2]].append(col.standing[code])
    assert by_country["SI"] and by_country["AT"]
    for country, st in by_country.items():
        assert min(x.rank for x in st) == 1, country
        assert {x.n for x in st} == {len(st)}, country   # n counts the own country's rows only
    header = fig.column_header(col, "en")
    assert any("within each country" in line for line in header["tip"]) and header["within_country"]
    assert not fig.column_header(m.column("employment_rate"), "en")["within_country"]
    assert "coloured within each country" in fig.legend_model(m)["explain"]
    panels = crossborder(store, s)
    unemp = next(p for p in panels if p.column.indicator == "unemployment_rate")
    assert unemp.gap is None
    row = next(r for r in fig.crossborder_rows(panels, lang="de") if r["indicator"] == "unemployment_rate")
    assert row["gap"] == "nicht vergleichbar"


def test_change_is_left_out_across_a_break_in_series_and_says_why():
    """Gross earnings 2010-2020: the Slovenian series breaks in 2015, so no Slovenian change is
    shown or ranked; the cell is marked, its hover and the CSV name the break."""
    store = load_store()
    s = SteeringState(indicators=("gross_earnings", "tertiary_share"), measure="change", start=2010, end=2020,
                      lang="en")
    m = build_matrix(store, s)
    col = m.column("gross_earnings")
    si = [p for p in m.rows if p.startswith("SI")]
    assert set(col.breaks) >= set(si) and set(col.breaks[p] for p in si) == {2015}
    assert all(col.values[p] is None and col.standing.get(p) is None for p in si)
    assert col.end_values["SI-052"] is not None  # the levels are still known (and in the hover)
    tip = _tip(store, m, col, "SI-052")
    assert "no data: break in series (2015)" in tip
    cell = next(c for b in _table(store, m)["body"] if b["kind"] == "row" and b["code"] == "SI-052"
                for c in b["cells"][:1])
    assert cell["missing"] and cell["text"].endswith("b")
    rows = list(csv.DictReader(io.StringIO(matrix_csv(store, m).lstrip("\ufeff"))))
    kranj = next(r for r in rows if r["place_code"] == "SI-052" and r["indicator"] == "gross_earnings")
    assert kranj["break_year"] == "2015" and kranj["value"] == ""
    # a change of a percentage is in percentage points, in the column and the CSV
    assert m.column("tertiary_share").unit == "pp"
    assert {r["unit"] for r in rows if r["indicator"] == "tertiary_share"} == {"pp"}
    de = _tip(store, build_matrix(store, s.with_(lang="de")), col, "SI-052")
    assert "keine Daten: Zeitreihenbruch (2015)" in de


def test_hover_says_when_an_indicator_is_not_published_for_the_country():
    store = load_store()
    for lang, text in (("en", "Not published for Austria."), ("de", "Für Österreich nicht veröffentlicht."),
                       ("sl", "Ni objavljeno za Avstrijo.")):
        m = build_matrix(store, SteeringState(indicators=("gross_earnings",), lang=lang))
        tip = _tip(store, m, m.column("gross_earnings"), "AT-61108")
        assert tip[1].endswith(text), tip
