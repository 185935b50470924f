"""The "px-layout" reshape (pcaxis.to_layout): a PX-Web answer becomes the columns of the hand-saved
SiStat export the import reads. Small hand-written PX files; the round trip on the real raw files
is in tests/test_fetch.py."""
from __future__ import annotations

import pytest

from dashboard.ingest import pcaxis, sources
from dashboard.ingest.errors import RawDataError

PX = '''CHARSET="ANSI";
CODEPAGE="windows-1250";
MATRIX="2164525S";
STUB="OBČINE","LETO","DRŽAVE";
HEADING="MERITVE";
VALUES("OBČINE")="SLOVENIJA","Bled","Bled - naselje";
CODES("OBČINE")="0","003","003001";
VALUES("LETO")="2017","2018";
CODES("LETO")="2017","2018";
VALUES("DRŽAVE")="Države - SKUPAJ","Domači","Tuji";
CODES("DRŽAVE")="0","1","2";
VALUES("MERITVE")="Prihodi turistov","Prenočitve turistov";
CODES("MERITVE")="1","2";
DATA=
'''


def px(tokens: list[str]) -> bytes:
    return (PX + " ".join(tokens) + ";\n").encode("windows-1250")


# 3 places x 2 years x 3 origins x 2 measures, in PX order (the last variable fastest)
TOKENS = [str(n) for n in range(1, 37)]
WIDE = {"years_from": 2018, "recode": {"DRŽAVE": {"Domači": "domestic", "Tuji": "foreign"}},
        "columns": {"surs_code": "code:OBČINE", "name": "label:OBČINE", "year": "code:LETO", "origin": "label:DRŽAVE",
                    "tourist_arrivals": "value:MERITVE=Prihodi turistov",
                    "tourist_overnight_stays": "value:MERITVE=Prenočitve turistov"}}


def test_a_wide_layout_pivots_recodes_and_drops_totals_settlements_and_early_years():
    out = pcaxis.to_layout(px(TOKENS), WIDE).splitlines()
    assert out == ["surs_code,name,year,origin,tourist_arrivals,tourist_overnight_stays",
                   "0,SLOVENIJA,2018,domestic,9,10", "0,SLOVENIJA,2018,foreign,11,12",
                   "003,Bled,2018,domestic,21,22", "003,Bled,2018,foreign,23,24"]


def test_a_surs_symbol_leaves_a_wide_cell_empty_and_goes_to_flag_in_a_long_one():
    tokens = list(TOKENS)
    tokens[8] = '"z"'  # SLOVENIJA 2018 domestic arrivals: confidential
    assert pcaxis.to_layout(px(tokens), WIDE).splitlines()[1] == "0,SLOVENIJA,2018,domestic,,10"
    long = {"columns": {"table_id": "=(SiStat, x)", "geo_code": "code:OBČINE", "year": "code:LETO",
                        "countries_sl": "label:DRŽAVE", "measure_sl": "label:MERITVE", "value": "value",
                        "flag": "flag", "source_file": "download"}}
    rows = pcaxis.to_layout(px(tokens), long, download="2164525S.px").splitlines()
    assert rows[0] == "table_id,geo_code,year,countries_sl,measure_sl,value,flag,source_file"
    assert '"(SiStat, x)",0,2018,Domači,Prihodi turistov,,z,2164525S.px' in rows
    assert len(rows) == 1 + 2 * 2 * 3 * 2  # settlements dropped, nothing else


@pytest.mark.parametrize("layout, message", [
    ({"columns": {"geo_code": "code:OBČINA", "value": "value"}}, r"no variable\(s\) OBČINA"),
    ({"columns": {"geo_code": "code:OBČINE", "a": "value:MERITVE=x", "b": "value:DRŽAVE=y"}}, "one variable only"),
    ({"columns": {"geo_code": "code:OBČINE", "x": "sum"}}, "not understood"),
])
def test_a_layout_the_answer_does_not_fit_is_a_changed_layout(layout, message):
    with pytest.raises(RawDataError, match=message):
        pcaxis.to_layout(px(TOKENS), layout)


def test_a_px_with_a_missing_cell_is_refused():
    with pytest.raises(RawDataError, match="35 data cells"):
        pcaxis.to_layout(px(TOKENS[:-1]), WIDE)


def test_every_px_layout_source_names_its_download_and_only_known_column_kinds():
    kinds = ("code:", "label:", "label_en:", "map:", "value:", "=")
    found = [s for s in sources.load() if s.reshape == "px-layout"]
    assert found and all(not s.manual and all(d.download.endswith(".px") for d in s.downloads or [s]) for s in found)
    for s in found:
        for spec in s.layout["columns"].values():
            assert spec in ("value", "flag", "download", "table") or spec.startswith(kinds), (s.id, spec)


def test_a_px_layout_source_without_columns_is_refused():
    text = ('[[source]]\nid="a"\nfile="f"\npublisher="p"\ntable="t"\ntitle="t"\nurl="u"\nformat="px"\nlicence="l"\n'
            'attribution="a"\nindicators=[]\nreshape="px-layout"\ndownload="a.px"\n')
    with pytest.raises(sources.SourceListError, match="needs \\[source.layout.columns\\]"):
        sources.parse(text)
