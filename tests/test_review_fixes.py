"""The smaller fixes of the meeting/newsroom review, each as a reader would notice it."""
from __future__ import annotations

import pytest

import synthetic as S
from dashboard.explore.summary import ordinal
from dashboard.figures import classes as C
from dashboard.figures.map import map_figure, trace_indices
from dashboard.figures.palette import REFERENCE_STYLES, place_colours, with_unit
from dashboard.figures.timeseries import timeseries_figure
from dashboard.i18n import t

IDX = trace_indices()


def _class_colours(fig):
    return [fig.data[i].colorscale[0][1] for i in IDX["classes"] if fig.data[i].showlegend]


def test_signed_values_get_a_diverging_scale_and_no_data_is_not_the_palest_class():
    signed = {**S.NATURAL_INCREASE, "signed": True}
    v = S.values([-3.1, 1.2, 0.4, -0.8, 2.5, -1.9, None, 3.3, -2.2])
    fig = map_figure(S.geojson(), v, year=2023, **S.map_kwargs(signed, "en"))
    assert set(_class_colours(fig)) <= set(C.DIVERGING[6]) | set(C.DIVERGING[5]) | set(C.DIVERGING[4])
    plain = map_figure(S.geojson(), v, year=2023, **S.map_kwargs(S.NATURAL_INCREASE, "en"))
    assert not set(_class_colours(plain)) & set(C.DIVERGING[6])  # unsigned: sequential as before
    palest = {tab[n][0] for tab in (C.SEQUENTIAL, C.SEQUENTIAL_B) for n in tab} | {"#f7f7f7", "#f5f5f5"}
    for p in palest:  # "no data" is clearly darker than any class a value can get
        lum = sum(int(p[i:i + 2], 16) for i in (1, 3, 5))
        assert lum - sum(int(C.NO_DATA_COLOUR[i:i + 2], 16) for i in (1, 3, 5)) > 90, p


def test_change_legend_names_the_period_not_a_difference():
    v = S.values([-3.1, 1.2, 0.4, -0.8, 2.5, -1.9, 0.0, 3.3, -2.2])
    label = t("ranking.axis.change", "en", start=2015, end=2023)
    fig = map_figure(S.geojson(), v, year=2023, mode="difference", reference={"label": label, "title": label},
                     **S.map_kwargs(S.POPULATION, "en"))
    title = fig.data[IDX["classes"][0]].legendgrouptitle.text
    assert title.startswith(label) and "Difference" not in title


def test_timeseries_keys_its_line_styles_and_the_partner_mean_differs_from_the_country():
    rows = [(p, y, 100 + i + y - 2015, "") for i, p in enumerate(["SI-052", "SI-003"]) for y in range(2015, 2020)]
    rows += [("SI", y, 90.0, "") for y in range(2015, 2020)]
    pm = S.series([("pm", y, 95.0, "") for y in range(2015, 2020)])
    fig = timeseries_figure(S.series(rows), meta=S.POPULATION, lang="de", places=["SI-052", "SI-003"],
                            references=["SI", {"label": "Mittel", "kind": "partners", "data": pm}],
                            place_info=S.place_info("de"), partners=S.PARTNERS)
    names = {tr.name for tr in fig.data if tr.legendgroup == "key"}
    assert {t("ts.key.partner", "de"), t("ts.key.other", "de"), t("ts.key.country", "de"),
            t("ts.key.partners", "de")} <= names
    assert REFERENCE_STYLES["partners"]["color"] != REFERENCE_STYLES["country"]["color"]
    assert REFERENCE_STYLES["partners"]["dash"] != REFERENCE_STYLES["country"]["dash"]


def test_compare_colours_follow_the_place_not_the_selection_order():
    partners = [f"P{i}" for i in range(16)]
    a = place_colours(["P0", "P9"], partners)
    b = place_colours(["P9", "P3", "P0"], partners)
    assert a["P0"] == b["P0"] and a["P9"] == b["P9"]
    for r in range(4):  # the four partners of one region never share a colour
        assert len(set(place_colours(partners[4 * r:4 * r + 4], partners).values())) == 4


@pytest.mark.parametrize("text,word", [("23.920", "oseb"), ("1", "oseba"), ("2", "osebi"), ("4", "osebe"),
                                       ("101", "oseba"), ("2,5", "oseb")])
def test_slovenian_persons_agree_with_the_number(text, word):
    assert with_unit(text, "persons", "sl").endswith("\u00a0" + word)


def test_rank_and_percent_wording():
    assert t("summary.place_rank", "de", place="Kranj", rank=ordinal(2, "de"), n=15, value="x").startswith(
        "Kranj liegt auf Rang 2 von 15")
    assert with_unit("6,2", "pct", "de") == "6,2\u00a0%" and with_unit("6,2", "pct", "sl") == "6,2\u00a0%"
    assert with_unit("6.2", "pct", "en") == "6.2%"
    assert "je 4 občin" not in t("compare.hint.full", "sl", n=4) and "4 občine" in t("compare.hint.full", "sl", n=4)
