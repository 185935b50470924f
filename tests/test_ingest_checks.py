"""The import's checks for honest numbers (issue 8, section 1): whole counts, the SURS identity,
documented corrections (flag c), duplicate keys, territory splits, breaks in series, and plain
messages instead of tracebacks.

Error paths use small synthetic files in tmp_path; tests that need the raw folder are marked `raw`
and skip with a reason where it is absent (see conftest.py).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import derive, readers, slovenia
from dashboard.ingest.__main__ import main as ingest_main
from dashboard.ingest.build import assemble
from dashboard.ingest.errors import RawDataError
from dashboard.ingest.eurostat import read_tsv
from dashboard.ingest.tables import counts

ROOT = Path(__file__).resolve().parents[1]
INCREASE = "si/tidy/surs_05I3002S_population_increase_municipalities_long.csv"


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


# ---- synthetic: readers ------------------------------------------------------------------

def test_duplicate_key_is_rejected_naming_both_rows(tmp_path):
    """A repeated row used to be summed into the regional total; now the file is refused."""
    p = write_text(tmp_path / "at" / "x.csv", "year,gkz,v\n2020,61108,1\n2020,62139,2\n2020,61108,1\n")
    with pytest.raises(RawDataError) as err:
        readers.read_csv(p, ["year", "gkz", "v"], key=["year", "gkz"])
    msg = str(err.value)
    assert "x.csv" in msg and "rows 2 and 4" in msg and "61108" in msg


def test_duplicate_key_in_eurostat_tsv_names_both_rows(tmp_path):
    p = write_text(tmp_path / "e.tsv", "unit,geo\\time\t2021 \t2020 \nEUR_HAB,SI\t1 \t2 \n"
                   "EUR_HAB,AT\t3 \t4 \nEUR_HAB,SI\t1 \t2 \n")
    with pytest.raises(RawDataError, match=r"e\.tsv.*rows 2 and 4"):
        read_tsv(p)


def test_non_utf8_eurostat_tsv_is_a_raw_data_error(tmp_path):
    p = write_text(tmp_path / "e.tsv", "unit,geo\\time\t2021 \nEUR_HAB,Öst\t1 \n", encoding="latin-1")
    with pytest.raises(RawDataError, match=r"e\.tsv.*not UTF-8"):
        read_tsv(p)


def test_non_numeric_year_names_file_row_and_column(tmp_path):
    p = write_text(tmp_path / "y.csv", "year,gkz\n2020,61108\n2O21,61108\n")
    with pytest.raises(RawDataError) as err:
        readers.read_csv(p, ["year", "gkz"])
    msg = str(err.value)
    assert "y.csv" in msg and "row 3" in msg and "'year'" in msg and "2O21" in msg


def test_count_with_a_fraction_names_its_row(tmp_path):
    """−4,865 stored as −4.865 (thousands separator read as a decimal point) is not a count."""
    p = write_text(tmp_path / "c.csv", "geo_code,year,value\n0,2021,-4123\n0,2022,-4.865\n")
    d = readers.read_csv(p, ["geo_code", "year", "value"])
    values = readers.numbers(d, "value", p)
    with pytest.raises(RawDataError, match=r"c\.csv, row 3, column 'value'.*-4\.865.*whole"):
        readers.whole_numbers(values, d, "value", p)


def test_every_count_must_be_whole_but_money_and_derived_values_need_not():
    with pytest.raises(RawDataError, match="natural_increase of SI in 2022 is -4.865"):
        counts(pd.Series(["SI"]), "natural_increase", pd.Series([2022]), pd.Series([-4.865]), "SURS 05I3002S")
    assert len(counts(["SI-052"], "expenditure", [2010], [1234.56], "MF")) == 1  # euro and cent
    assert len(counts(["SI-052"], "jobs_workplace", [2010], [6975.4], "SURS", "d")) == 1  # derived by the import


def _corrections(tmp_path, monkeypatch, published="-4.865"):
    table = write_text(tmp_path / "corrections.csv",
                       "file,locator,column,published,corrected,reason\n"
                       f"si/t.csv,geo_code=0;year=2022,value,{published},-4865,thousands separator\n")
    monkeypatch.setattr(readers, "CORRECTIONS", table)
    readers.start_run()
    return write_text(tmp_path / "raw" / "si" / "t.csv", "geo_code,year,value\n0,2021,-4123\n0,2022,-4.865\n")


def test_documented_correction_replaces_the_published_cell_and_marks_it(tmp_path, monkeypatch):
    p = _corrections(tmp_path, monkeypatch)
    d = readers.read_csv(p, ["geo_code", "year", "value"])
    assert d.loc[3, "value"] == "-4865" and d.loc[2, "value"] == "-4123"
    assert readers.corrected(d).tolist() == [False, True]
    readers.check_corrections_applied()


def test_correction_that_no_longer_fits_stops_the_import(tmp_path, monkeypatch):
    """If the publisher fixed the cell (or the file changed), the correction must not be applied blindly."""
    p = _corrections(tmp_path, monkeypatch, published="-4.866")
    with pytest.raises(RawDataError, match=r"t\.csv, row 3.*no longer fits.*-4\.865"):
        readers.read_csv(p, ["geo_code", "year", "value"])


def test_unused_correction_is_reported(tmp_path, monkeypatch):
    _corrections(tmp_path, monkeypatch)
    with pytest.raises(RawDataError, match="was not applied"):
        readers.check_corrections_applied()


def test_committed_corrections_cite_the_defect_and_hold_whole_numbers():
    table = pd.read_csv(ROOT / "dashboard" / "ingest" / "corrections.csv", dtype=str)
    assert list(table.columns) == ["file", "locator", "column", "published", "corrected", "reason"]
    assert len(table) == 4
    assert table.corrected.astype(float).map(float.is_integer).all()
    assert table.reason.str.contains("thousands separator").all()


def test_derived_values_keep_break_and_correction_flags():
    merged = derive._merge_flags(pd.Series(["b", "", "c"]), pd.Series(["", "p", "d"]))
    assert merged.tolist() == ["db", "dp", "dc"]


# ---- synthetic: territory and breaks -----------------------------------------------------

def test_values_of_a_split_municipality_before_the_split_are_dropped():
    df = pd.DataFrame({"place": ["SI-058", "SI-058", "SI-052", "SI-130", "SI-130"],
                       "year": [2006, 2007, 2006, 2011, 2012], "value": [106.5, 149.6, 1.0, 1.0, 1.0]})
    kept = slovenia.drop_former_territories(df)
    assert list(zip(kept.place, kept.year)) == [("SI-058", 2007), ("SI-052", 2006), ("SI-130", 2012)]


def test_a_new_municipality_missing_from_the_split_list_stops_the_import(tmp_path):
    rows = [(code, y) for code in ("SI-052", "SI-058") for y in range(1995, 2010)]
    rows += [(child, y) for children in slovenia.SPLITS.values() for child, first in children.items()
             for y in range(first, 2010)]
    rows += [("SI-999", y) for y in range(2005, 2010)]  # appears in 2005, not listed
    d = pd.DataFrame(rows, columns=["place", "year"]).assign(value_num=1.0)
    with pytest.raises(RawDataError, match="SI-999 first has values in 2005"):
        slovenia._check_splits(d, tmp_path / "05I3002S.csv")


def _si_counts(pop: dict[int, float], change: dict[int, float]) -> pd.DataFrame:
    return pd.concat([counts("SI", "pop", list(pop), list(pop.values()), "SURS"),
                      counts("SI", "pop_change", list(change), list(change.values()), "SURS")], ignore_index=True)


def test_population_break_is_flagged_where_stock_and_flow_disagree(tmp_path):
    c = _si_counts({2008: 2025866, 2009: 2032362, 2010: 2046976}, {2008: 22093, 2009: 14614})
    out = slovenia._population_breaks(c, tmp_path / "pop.csv", tmp_path / "change.csv")
    pop = out[out.measure == "pop"].set_index("year")["flags"]
    assert pop.to_dict() == {2008: "", 2009: "b", 2010: ""}


def test_unexplained_stock_flow_gap_stops_the_import(tmp_path):
    c = _si_counts({2008: 2025866, 2009: 2032362, 2010: 2046976}, {2008: 22093, 2009: 14000})
    with pytest.raises(RawDataError, match="change.csv.*2009.*differs.*by -614"):
        slovenia._population_breaks(c, tmp_path / "pop.csv", tmp_path / "change.csv")


# ---- synthetic: the command line ---------------------------------------------------------

def _untouched(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_out_pointing_at_an_existing_file_is_a_plain_message(tmp_path, capsys):
    target = write_text(tmp_path / "data.csv", "keep me\n")
    code = ingest_main(["--raw", str(tmp_path / "raw"), "--out", str(target)])
    assert code != 0
    err = capsys.readouterr().err
    assert "data.csv" in err and "existing file" in err and "Traceback" not in err
    assert target.read_text() == "keep me\n"


def test_out_in_an_unwritable_place_is_a_plain_message(tmp_path, capsys):
    blocker = write_text(tmp_path / "file", "x\n")
    code = ingest_main(["--raw", str(tmp_path / "raw"), "--out", str(blocker / "data")])
    assert code != 0
    err = capsys.readouterr().err
    assert str(blocker) in err and "cannot be created" in err
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            assert ingest_main(["--raw", str(tmp_path / "raw"), "--out", str(locked / "data")]) != 0
            assert "not writable" in capsys.readouterr().err
        finally:
            locked.chmod(0o700)


# ---- raw folder --------------------------------------------------------------------------

@pytest.fixture
def built(assembled):
    return assembled


@pytest.fixture
def no_geometry(monkeypatch):
    """Skip the boundary geometry (seconds per run) in tests whose fault lies in a statistics table."""
    from dashboard.ingest import boundaries
    monkeypatch.setattr(boundaries, "areas_km2", lambda raw: {})
    monkeypatch.setattr(boundaries, "build_geojson", lambda raw: {"features": []})


def value(dataset, place, indicator, year):
    o = dataset["observations"]
    hit = o[(o.place == place) & (o.indicator == indicator) & (o.year == year)]
    return None if hit.empty else (float(hit.value.iloc[0]), hit["flags"].iloc[0])


@pytest.mark.raw
def test_thousands_separator_defects_are_corrected_and_flagged_c(built):
    """Slovenia's natural increase 2022 was −0.002 ‰ (−4.865 persons); it is −4,865 persons, ≈ −2.3 ‰."""
    rate, flags = value(built, "SI", "natural_increase_rate", 2022)
    assert rate == pytest.approx(-2.30, abs=0.01) and "c" in flags
    rate, flags = value(built, "SI-053", "population_change_rate", 2022)  # Kranjska Gora: −1,818 persons
    assert rate == pytest.approx(-268.0, abs=0.1) and "c" in flags
    rate, flags = value(built, "SI042", "population_change_rate", 2022)  # Gorenjska sums Kranjska Gora
    assert rate < 0 and "c" in flags
    assert "c" not in value(built, "SI", "net_migration_rate", 2022)[1]
    assert "c" not in value(built, "SI", "natural_increase_rate", 2021)[1]


def shadow(raw: Path, tmp: Path, replace: dict[str, bytes]) -> Path:
    """A raw folder of symlinks in which some files are replaced by the given bytes."""
    for src in raw.rglob("*"):
        rel = src.relative_to(raw)
        dst = tmp / rel
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
        elif str(rel) not in replace:
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src, dst)
    for rel, data in replace.items():
        (tmp / rel).write_bytes(data)
    return tmp


def run_main(raw: Path, tmp: Path, capsys) -> tuple[int, str, dict, dict]:
    """Run the command line into an out folder holding a sentinel; return code, stderr, before, after."""
    out = tmp / "data"
    out.mkdir()
    (out / "observations.csv").write_text("sentinel\n")
    before = _untouched(out)
    code = ingest_main(["--raw", str(raw), "--out", str(out)])
    return code, capsys.readouterr().err, before, _untouched(out)


@pytest.mark.raw
def test_a_decimal_count_without_correction_stops_the_import(raw, tmp_path, monkeypatch, no_geometry):
    empty = write_text(tmp_path / "corrections.csv", "file,locator,column,published,corrected,reason\n")
    monkeypatch.setattr(readers, "CORRECTIONS", empty)
    with pytest.raises(RawDataError) as err:
        assemble(raw)
    msg = str(err.value)
    assert "surs_05I3002S" in msg and "row 137" in msg and "'value'" in msg and "-4.865" in msg


@pytest.mark.raw
def test_correction_no_longer_fitting_the_raw_cell_stops_the_import(raw, tmp_path, no_geometry):
    text = (raw / INCREASE).read_text(encoding="utf-8").replace(",2022,1,-4.865,", ",2022,1,-4865,")
    with pytest.raises(RawDataError, match=r"row 137.*no longer fits.*'-4865'"):
        assemble(shadow(raw, tmp_path, {INCREASE: text.encode()}))


@pytest.mark.raw
def test_total_increase_must_equal_natural_increase_plus_migration(raw, tmp_path, no_geometry):
    lines = (raw / INCREASE).read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("05I3002S,052,Kranj,2015,4,"))
    head, val, flag = lines[n].rsplit(",", 2)
    lines[n] = f"{head},{int(val) + 1},{flag}"
    with pytest.raises(RawDataError) as err:
        assemble(shadow(raw, tmp_path, {INCREASE: ("\n".join(lines) + "\n").encode()}))
    msg = str(err.value)
    assert "SI-052 2015" in msg and f"row {n + 1}" in msg and "1 + 2 + 3 = 4" in msg


@pytest.mark.raw
def test_duplicated_raw_row_stops_the_import_naming_both_rows(raw, tmp_path, capsys, no_geometry):
    """Before, a repeated municipality row doubled the Styrian total and the import exited 0."""
    rel = "at/stmk_population_movement_all_gemeinden_2002-2025.csv"
    lines = (raw / rel).read_text(encoding="utf-8").splitlines()
    dup = next(i for i, line in enumerate(lines) if ",61108," in line)
    lines.insert(dup + 1, lines[dup])
    broken = shadow(raw, tmp_path / "raw", {rel: ("\n".join(lines) + "\n").encode()})
    code, err, before, after = run_main(broken, tmp_path, capsys)
    assert code != 0 and after == before
    assert "stmk_population_movement" in err and f"rows {dup + 1} and {dup + 2}" in err


@pytest.mark.raw
def test_non_utf8_eurostat_file_is_a_message_not_a_traceback(raw, tmp_path, capsys, no_geometry):
    rel = "at/eurostat_nama_10r_3gdp_AT_SI.tsv"
    data = (raw / rel).read_bytes() + "EUR_HAB,ÖST\t1 \n".encode("latin-1")
    code, err, before, after = run_main(shadow(raw, tmp_path / "raw", {rel: data}), tmp_path, capsys)
    assert code != 0 and after == before
    assert "eurostat_nama_10r_3gdp_AT_SI.tsv" in err and "UTF-8" in err and "Traceback" not in err


@pytest.mark.raw
def test_non_numeric_year_is_a_message_not_a_traceback(raw, tmp_path, capsys, no_geometry):
    rel = "si/tidy/surs_0772750S_labour_migration_municipalities_long.csv"
    lines = (raw / rel).read_text(encoding="utf-8").splitlines()
    lines[5] = re.sub(r"^((?:[^,]*,){3})\d{4},", r"\g<1>2OO5,", lines[5])
    code, err, before, after = run_main(shadow(raw, tmp_path / "raw", {rel: ("\n".join(lines) + "\n").encode()}),
                                        tmp_path, capsys)
    assert code != 0 and after == before
    assert "surs_0772750S" in err and "row 6" in err and "'year'" in err


@pytest.mark.raw
def test_split_municipalities_show_no_values_of_their_former_territory(built):
    """Lenart's labour-migration index jumped 106.5 -> 149.6 when it lost two thirds of its area."""
    o, places = built["observations"], built["places"].set_index("code")
    for parent, children in slovenia.SPLITS.items():
        first = max(children.values())
        assert (o[o.place == parent].year >= first).all(), parent
        if parent in places.index:
            for lang in ("sl", "de", "en"):
                assert places.loc[parent, f"note_{lang}"], (parent, lang)
    assert o[(o.place == "SI-058") & (o.indicator == "labour_migration_index")].year.min() == 2007
    assert o[(o.place == "SI-113") & (o.indicator == "employment_rate")].year.min() == 2007
    # regions keep their whole series (their territory did not change)
    assert o[(o.place == "SI032") & (o.indicator == "employment_rate")].year.min() < 2007


@pytest.mark.raw
def test_slovenian_population_break_of_2008_is_flagged_and_carried_into_rates(built):
    assert "b" in value(built, "SI", "population", 2009)[1]
    assert "b" not in value(built, "SI", "population", 2008)[1]
    assert "b" not in value(built, "SI", "population", 2010)[1]
    assert "b" in value(built, "SI-052", "population", 2009)[1]
    assert "b" in value(built, "SI-052", "natural_increase_rate", 2009)[1]  # mean of 1 Jan 2009 and 2010
    assert "b" in value(built, "SI032", "density", 2009)[1]
    assert "b" not in value(built, "AT-61108", "population", 2009)[1]


def readme_raw_files() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- raw-files:start -->", 1)[1].split("<!-- raw-files:end -->", 1)[0]
    return re.findall(r"`([^`]+)`", block)


@pytest.mark.raw
def test_readme_lists_exactly_the_raw_files_the_import_reads(built):
    listed = readme_raw_files()
    assert listed == sorted(listed), "keep the README list sorted"
    assert set(listed) == set(built["raw_files"])


@pytest.mark.raw
def test_every_raw_table_is_checked_for_duplicate_keys(built, raw):
    """Every CSV/TSV the import reads goes through the duplicate-key check (GeoJSON geometry does not)."""
    unchecked = [p.relative_to(raw).as_posix() for p in built["opened"] if p not in built["keyed"]]
    assert all(p.endswith(".json") or p.endswith(".geojson") for p in unchecked), unchecked



def test_malformed_corrections_table_is_named(tmp_path, monkeypatch):
    table = write_text(tmp_path / "corrections.csv", "file,locator,column,published,corrected,reason\n"
                       "si/t.csv,geo_code 0,value,-4.865,-4865,thousands separator\n")
    monkeypatch.setattr(readers, "CORRECTIONS", table)
    p = write_text(tmp_path / "raw" / "si" / "t.csv", "geo_code,year,value\n0,2022,-4.865\n")
    with pytest.raises(RawDataError, match=r"corrections\.csv, row 2, column 'locator'"):
        readers.read_csv(p, ["geo_code", "year", "value"])
