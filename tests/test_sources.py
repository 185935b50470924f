"""The declarative source list (dashboard/ingest/sources.toml) is the one truth about raw files:
the import opens nothing else, the README lists exactly its files and publishers, every entry can
be fetched or says why not."""
from __future__ import annotations

import json

import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from dashboard.ingest import readers, sources
from dashboard.ingest.errors import RawDataError

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_files() -> set[str]:
    block = README.split("<!-- raw-files:start -->", 1)[1].split("<!-- raw-files:end -->", 1)[0]
    return set(re.findall(r"^- `([^`]+)`", block, re.M))


def test_readme_lists_exactly_the_files_of_the_source_list():
    assert readme_files() == set(sources.files())


def test_every_publisher_of_the_source_list_is_in_the_readme_table():
    table = README.split("## Where the data come from", 1)[1].split("**Comparability.**", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    for s in sources.load():
        key = s.publisher.split(" (")[0].split(" / ")[0]
        assert any(key in row for row in rows), f"{s.id}: publisher {key!r} missing from the README's data table"


def test_every_indicator_fed_is_in_the_catalogue_and_every_indicator_has_a_source():
    from dashboard.ingest.catalogue import BY_ID
    fed = {i for s in sources.load() for i in s.indicators}
    assert fed <= set(BY_ID), sorted(fed - set(BY_ID))
    assert set(BY_ID) <= fed, f"indicators without a source: {sorted(set(BY_ID) - fed)}"


def test_automatic_sources_use_the_publishers_machine_interfaces():
    hosts = {"SURS": "pxweb.stat.si", "Eurostat": "ec.europa.eu", "Statistik Austria": "data.statistik.gv.at"}
    auto = [s for s in sources.load() if not s.manual]
    assert {s.publisher for s in auto} >= set(hosts)
    for s in auto:
        if s.publisher in hosts:
            assert urlparse(s.url).hostname == hosts[s.publisher], s.id
        if s.publisher == "SURS":
            assert s.url.startswith("https://pxweb.stat.si/SiStatData/api/v1/sl/Data/") and s.method == "POST"
            assert s.reshape in ("px-long", "px-layout")
            for d in s.downloads or [s]:  # one PX-Web query, or several combined into one file
                assert d.url.startswith("https://pxweb.stat.si/SiStatData/api/v1/sl/Data/"), s.id
                assert d.download.endswith(".px") and json.loads(d.query)["response"]["format"] == "px"
        if s.publisher == "Eurostat":
            assert "/eurostat/api/dissemination/" in s.url


def test_manual_sources_say_why():
    manual = [s for s in sources.load() if s.manual]
    assert manual and all(len(s.reason) > 20 for s in manual)
    assert any("transcribed" in s.reason for s in manual)  # web-page transcriptions
    assert any("delivered" in s.reason for s in manual)  # files delivered to third parties


@pytest.mark.parametrize("text, message", [
    ('[[source]]\nid = "a"\n', "missing field"),
    ('[[source]]\nid="a"\nfile="f"\npublisher="p"\ntable="t"\ntitle="t"\nurl="u"\nformat="csv"\nlicence="l"\n'
     'attribution="a"\nindicators=[]\nmanual=true\n', "manual without a reason"),
    ('[[source]]\nid="a"\nfile="f"\npublisher="p"\ntable="t"\ntitle="t"\nurl="u"\nformat="csv"\nlicence="l"\n'
     'attribution="a"\nindicators=[]\nurll="x"\n', "unknown field"),
])
def test_a_broken_source_list_is_named(text, message):
    with pytest.raises(sources.SourceListError, match=message):
        sources.parse(text)


def test_the_import_refuses_a_file_that_is_not_in_the_source_list(tmp_path):
    listed = tmp_path / "si" / "listed.csv"
    other = tmp_path / "si" / "other.csv"
    listed.parent.mkdir()
    for p in (listed, other):
        p.write_text("year,value\n2020,1\n", encoding="utf-8")
    readers.start_run(tmp_path, frozenset({"si/listed.csv"}))
    try:
        assert len(readers.read_csv(listed, ["year", "value"])) == 1
        with pytest.raises(RawDataError, match="not in the source list"):
            readers.read_csv(other, ["year", "value"])
    finally:
        readers.start_run()


@pytest.mark.raw
def test_a_full_import_opens_exactly_the_files_of_the_source_list(assembled, raw):
    opened = {Path(p).relative_to(raw).as_posix() for p in assembled["opened"]}
    assert opened == set(sources.files())


@pytest.mark.raw
def test_every_source_file_exists_in_the_raw_folder(raw):
    for s in sources.load():
        assert (raw / s.file).is_file(), s.file
        if s.download and s.reshape == "px-long":  # a px-layout's PX exists only in the fetch cache
            assert (raw / s.download).is_file(), s.download


def test_no_two_automatic_sources_ask_the_same_query():
    """Two files from one identical request would be two copies that can drift apart."""
    asked = [(d.url, json.dumps(json.loads(d.query), sort_keys=True)) for s in sources.load() if not s.manual
             for d in (s.downloads or [s]) if d.query] + [(s.url, None) for s in sources.load()
                                                           if not s.manual and not s.query and not s.downloads]
    assert len(asked) == len(set(asked))


def _px_variables(path: Path) -> dict[str, list[str]]:
    """The variables of a SiStat PX file (STUB, then HEADING, in the table's own language, which is
    what PX-Web takes as a query code) with the value codes of each."""
    text = path.read_bytes().decode("cp1250")
    names = []
    for key in ("STUB", "HEADING"):
        found = re.search(rf'^{key}=(.*?);', text, re.M | re.S)
        names += re.findall(r'"([^"]*)"', found.group(1)) if found else []
    return {n: re.findall(r'"([^"]*)"', re.search(rf'^CODES\("{re.escape(n)}"\)=(.*?);', text, re.M | re.S).group(1))
            for n in names}


def test_px_web_queries_name_the_variables_of_the_publishers_own_px_files(raw):
    """Where the raw folder holds the PX file SiStat served for a table, the query sent to the
    PX-Web API names exactly its variables and only value codes it has — the part of the codes
    that can be checked without internet (README: 'Not yet checked against the live interfaces')."""
    checked = 0
    for s in sources.load():
        asked = [(s.download, s.query)] if s.query else []
        asked += [(d.download, d.query) for d in s.downloads or ()]
        for download, query in asked:
            if not (download and (raw / download).is_file()):
                continue
            variables = _px_variables(raw / download)
            wanted = json.loads(query)["query"]
            assert sorted(v["code"] for v in wanted) == sorted(variables), f"{s.id}: {download}"
            for v in wanted:
                values = v["selection"]["values"]
                assert values == ["*"] or set(values) <= set(variables[v["code"]]), f"{s.id}: {v['code']}"
            checked += 1
    assert checked >= 6, "fewer PX files in the raw folder than when this test was written"
