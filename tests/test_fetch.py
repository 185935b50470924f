"""fetch against a local stand-in for the publishers (tests/publisher_server.py; nothing reaches
the internet): the real raw files under the publishers' URL layout, then every kind of failure."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import fetch, sources
from dashboard.ingest.__main__ import main
from publisher_server import PublisherServer, shared_fetch

pytestmark = pytest.mark.raw

AUTO = [s for s in sources.load() if not s.manual]
LAYOUT = [s for s in AUTO if s.reshape == "px-layout" and not s.downloads]
MANY = [s for s in AUTO if s.downloads]


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


# merged from exports over different years: the one PX-Web answer has the full grid of years and measures
WIDER_GRID = {"surs-1418807S"}


def same_cells(fetched: bytes, raw: bytes, src) -> None:
    """The re-shaped file holds the raw file's cells, row for row. Only a `source_file` column
    differs: it names the file the rows were re-shaped from (the PX answer, not a hand export).
    A WIDER_GRID file holds every raw row plus rows without a number ("..": not in the exports)."""
    got, want = cells(fetched), cells(raw)
    skip = [i for i, c in enumerate(want[0]) if src.layout["columns"][c] == "download"]
    if src.id in WIDER_GRID:
        assert got[0] == want[0], src.id
        keep = [i for i in range(len(want[0])) if i not in skip]
        g, w = ({tuple(r[i] for i in keep) for r in rows[1:]} for rows in (got, want))
        flag = want[0].index("flag")
        assert w <= g and len(g) == len(got) - 1 and {r[keep.index(flag)] for r in g - w} == {".."}, src.id
        return
    assert got[0] == want[0] and len(got) == len(want), src.id
    for n, (g, w) in enumerate(zip(got, want)):
        assert [c for i, c in enumerate(g) if i not in skip] == [c for i, c in enumerate(w) if i not in skip], (src.id, n)
        assert all(g[i] == Path(src.download).name for i in skip) or n == 0


def run(cache: Path, raw: Path, server: PublisherServer, **kw):
    kw = {"timeout": 1.0, "retries": 2, "backoff": 0.01, **kw}
    return {r.source: r for r in fetch.fetch_all(cache, raw, mirror=server.url, progress=lambda *a, **k: None, **kw)}


@pytest.fixture(scope="module")
def fetched(raw, tmp_path_factory):
    """A full fetch (timeout 20 s, 2 attempts): the cache, results by source, the bodies the
    stand-in received; the one the other modules' fetch-cache runs use (none writes to it)."""
    return shared_fetch(raw, tmp_path_factory)


def test_every_automatic_source_is_downloaded_and_every_manual_one_copied(fetched, raw):
    cache, results, _ = fetched
    assert {r.status for r in results.values()} == {"downloaded", "copied"}
    assert {i for i, r in results.items() if r.status == "downloaded"} == {s.id for s in AUTO}
    for s in sources.load():
        if s.reshape == "px-layout" and not s.downloads:
            same_cells((cache / s.file).read_bytes(), (raw / s.file).read_bytes(), s)
        else:
            assert (cache / s.file).read_bytes() == (raw / s.file).read_bytes(), s.file


def test_surs_px_downloads_become_the_tidy_files_byte_for_byte(fetched, raw):
    """The PX-Web answer (PC-Axis) is kept and re-shaped into exactly the committed long layout."""
    cache, _, bodies = fetched
    px = [s for s in AUTO if s.reshape == "px-long"]
    assert len(px) == 6
    for s in px:
        assert (cache / s.download).read_bytes() == (raw / s.download).read_bytes()
        assert (cache / s.file).read_bytes() == (raw / s.file).read_bytes()
        query = json.loads(bodies[f"/SiStatData/api/v1/sl/Data/{s.table}.px"])
        assert query["response"]["format"] == "px"
        assert {q["selection"]["filter"] for q in query["query"]} == {"all"}


def test_surs_label_exports_are_rebuilt_from_the_px_web_answer(fetched, raw):
    """The hand-saved SiStat exports with Slovenian labels (si/tidy, si/snapshots): the stand-in answers
    with a PX built from the raw file's own numbers (publisher_server.px_from_layout), and the
    reshape gives back the raw file's cells; the PX is kept beside it."""
    cache, _, bodies = fetched
    assert {s.id for s in LAYOUT} == {"surs-0723405S", "surs-2640010S-2008-2021", "surs-1906903S",
                                      "surs-05C5003S", "surs-2164525S-selected", "surs-1418807S"}
    for s in LAYOUT:
        assert (cache / s.download).read_bytes().startswith(b'CHARSET="ANSI";')
        same_cells((cache / s.file).read_bytes(), (raw / s.file).read_bytes(), s)
        query = json.loads(bodies[f"/SiStatData/api/v1/sl/Data/{s.table}.px"])
        assert query["response"]["format"] == "px"
    # the selected-municipalities extract asks for its twelve places only
    sel = json.loads(sources.by_id()["surs-2164525S-selected"].query)["query"][0]["selection"]
    assert sel["filter"] == "item" and len(sel["values"]) == 12


def test_five_regional_tables_are_asked_one_by_one_and_combined_into_the_one_raw_file(fetched, raw):
    """surs-regions: five PX-Web queries (one per SiStat table), each answer kept, then one reshape
    (English labels, region -> NUTS code) gives back the hand-made long file byte for byte."""
    cache, results, _ = fetched
    (s,) = MANY
    assert s.id == "surs-regions" and len(s.downloads) == 5 and results[s.id].status == "downloaded"
    assert (cache / s.file).read_bytes() == (raw / s.file).read_bytes()
    meta = json.loads(fetch.meta_path(cache / s.file).read_text(encoding="utf-8"))
    assert [d["table"] for d in meta["downloads"]] == ["05I2004S", "05I3004S", "0772755S", "0772820S", "0883203S"]
    for d in s.downloads:
        assert (cache / d.download).read_bytes().startswith(b'CHARSET="ANSI";')
    per_capita = json.loads(s.downloads[-1].query)["query"]
    assert {"code": "MERITVE", "selection": {"filter": "item", "values": ["1"]}} in per_capita


def relabel_region(data: bytes) -> bytes:
    return data.replace(b'"Pomurska"', b'"Pomurje"')


@pytest.mark.parametrize("fault, message", [
    ("500", "table 0772755S: HTTP 500"),
    (relabel_region, "changed layout: 0772755S (https://pxweb.stat.si/SiStatData/api/v1/sl/Data/0772755S.px): "
                     "STATISTIČNA REGIJA: no entry in sources.toml `map` for 'Pomurje'"),
])
def test_one_failing_table_of_several_leaves_the_whole_entry_as_it_was(raw, tmp_path, fault, message):
    """All five answers or none: a table that fails (or comes back with a region the `map` does not
    know) keeps every file of the previous entry, the other tables' answers included."""
    with PublisherServer(raw) as server:
        run(tmp_path, raw, server, only=["surs-regions"])
        before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.name != fetch.STATUS}
        server.faults["/SiStatData/api/v1/sl/Data/0772755S.px"] = fault
        r = run(tmp_path, raw, server, only=["surs-regions"], retries=1)["surs-regions"]
    assert r.status == "failed" and message in r.detail, r.detail
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.name != fetch.STATUS} == before


def test_the_import_reads_the_same_observations_from_the_fetch_cache_as_from_the_raw_folder(fetched, assembled,
                                                                                              imported):
    from_cache = imported(fetched[0])  # assemble(cache), done once per test process
    for name in ("places", "observations"):
        pd.testing.assert_frame_equal(from_cache[name].reset_index(drop=True),
                                      assembled[name].reset_index(drop=True), obj=name)


def test_metadata_beside_each_file_records_url_time_validators_checksum_and_licence(fetched):
    cache, _, _ = fetched
    import hashlib
    for s in AUTO:
        meta = json.loads(fetch.meta_path(cache / s.file).read_text(encoding="utf-8"))
        assert meta["url"] == s.url and meta["licence"] == s.licence and meta["attribution"] == s.attribution
        parts = meta.get("downloads") or [meta]  # a source of several queries: validators per answer
        assert meta["retrieved"].endswith("Z") and all(d["etag"] and d["last_modified"] for d in parts)
        assert meta["sha256"] == hashlib.sha256((cache / s.file).read_bytes()).hexdigest()
    manual = next(s for s in sources.load() if s.manual)
    meta = json.loads(fetch.meta_path(cache / manual.file).read_text(encoding="utf-8"))
    assert meta["manual"] is True and meta["retrieved"] is None and meta["copied_from"]


def test_a_second_fetch_asks_with_the_validators_and_keeps_unchanged_tables(fetched, raw, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(fetched[0], cache)
    with PublisherServer(raw) as server:
        results = run(cache, raw, server, only=["eurostat-nama_10r_3gdp", "surs-05I3002S"])
    assert {r.status for r in results.values()} == {"not-modified"}


def test_only_fetches_the_named_source(raw, tmp_path):
    with PublisherServer(raw) as server:
        results = run(tmp_path, raw, server, only=["statat-aest-2011-2015"])
        assert list(results) == ["statat-aest-2011-2015"]
        assert server.hits == {"/data/OGDEXT_AEST_GEMTAB_1.csv": 1, "/data/OGDEXT_AEST_GEMTAB_1_HEADER.csv": 1}
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "OGDEXT_AEST_GEMTAB_1_HEADER.csv", "fetch-status.json",
        "statat_OGDEXT_AEST_GEMTAB_1_2011-2015_all_gemeinden.csv",
        "statat_OGDEXT_AEST_GEMTAB_1_2011-2015_all_gemeinden.csv.meta.json"]


def test_an_ogd_table_comes_with_its_column_descriptions_and_without_them_when_they_are_missing(raw, tmp_path):
    """Statistik Austria publishes <table>_HEADER.csv beside each OGD table: it is kept beside the
    file and named in the metadata; a missing one is recorded and does not hold back the data."""
    src = sources.by_id()["statat-aest-2011-2015"]
    with PublisherServer(raw) as server:
        run(tmp_path / "a", raw, server, only=[src.id])
        server.faults["/data/OGDEXT_AEST_GEMTAB_1_HEADER.csv"] = "404"
        r = run(tmp_path / "b", raw, server, only=[src.id])[src.id]
    meta = json.loads(fetch.meta_path(tmp_path / "a" / src.file).read_text(encoding="utf-8"))["metadata"]
    assert meta["file"] == "at/OGDEXT_AEST_GEMTAB_1_HEADER.csv" and meta["not_described"] == []
    assert b"ALQ_15PLUS;" in (tmp_path / "a" / meta["file"]).read_bytes()
    assert r.status == "downloaded" and "metadata not fetched (HTTP 404" in r.detail
    meta = json.loads(fetch.meta_path(tmp_path / "b" / src.file).read_text(encoding="utf-8"))["metadata"]
    assert meta["error"].startswith("HTTP 404") and not (tmp_path / "b" / "at/OGDEXT_AEST_GEMTAB_1_HEADER.csv").exists()


def rename_column(data: bytes) -> bytes:
    return data.replace(b"ALQ_15PLUS", b"ALQ_15_PLUS", 1)


def drop_px_data(data: bytes) -> bytes:
    return data.split(b"\nDATA=")[0]


@pytest.mark.parametrize("source_id, fault, message, attempts", [
    ("eurostat-nama_10r_3gdp", "404", "HTTP 404", 1),
    ("eurostat-nama_10r_3gdp", "500", "HTTP 500", 2),
    ("surs-0772815S", "timeout", "no answer within 1 s", 2),
    ("statat-aest-2011-2015", "truncated", "truncated", 2),
    ("geo-at-gemeinden-geo", "html", "content type 'text/html'", 1),
    ("statat-aest-2011-2015", rename_column, "changed column layout: no column(s) ALQ_15PLUS", 1),
    ("surs-05I3002S", drop_px_data, "changed layout", 1),
    ("eurostat-demo_r_pjanaggr3", lambda d: d.replace(b"\\time", b"\\period", 1), "changed layout", 1),
    ("surs-1906903S", lambda d: d.replace(b'"SOBNOST"', b'"SOBE"'), "changed layout: ", 1),
    ("surs-05C5003S", lambda d: d.replace("Število prebivalcev".encode("windows-1250"), b"Prebivalci"),
     "changed layout: ", 1),
])
def test_a_failing_source_is_named_and_its_cache_entry_stays_as_it_was(raw, tmp_path, source_id, fault, message, attempts):
    src = sources.by_id()[source_id]
    with PublisherServer(raw, stall=2.5) as server:
        run(tmp_path, raw, server, only=[source_id])  # a good cache entry first
        before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
        path = server.path_of(source_id)
        server.faults[path] = fault
        server.hits.clear()
        results = run(tmp_path, raw, server, only=[source_id])
        assert server.hits[path] == attempts
    r = results[source_id]
    assert r.status == "failed" and message in r.detail, r.detail
    status = tmp_path / fetch.STATUS  # the cache's log of each source's last fetch, not an entry
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p != status}
    assert after == {p: b for p, b in before.items() if p != status}, "a failed fetch changed the cache"
    assert fetch.read_status(tmp_path)[source_id]["status"] == "failed" and r.previous
    assert not list(tmp_path.glob(".tmp-fetch-*"))
    assert src.file in {p.relative_to(tmp_path).as_posix() for p in after}


def test_a_server_error_once_is_retried(raw, tmp_path):
    with PublisherServer(raw) as server:
        path = server.path_of("surs-0883205S")
        server.faults[path] = "500-once"
        results = run(tmp_path, raw, server, only=["surs-0883205S"])
        assert server.hits[path] == 2
    assert results["surs-0883205S"].status == "downloaded"


def test_the_cli_names_each_failed_source_and_exits_non_zero(raw, tmp_path, capsys, monkeypatch):
    with PublisherServer(raw) as server:
        server.faults[server.path_of("eurostat-nama_10r_3gdp")] = "404"
        monkeypatch.setenv("INNOLOC_FETCH_MIRROR", server.url)
        code = main(["fetch", "--cache", str(tmp_path), "--raw", str(raw), "--retries", "1",
                     "--only", "eurostat-nama_10r_3gdp", "--only", "statat-aest-2011-2015"])
    out, err = capsys.readouterr()
    assert code == 6
    assert "eurostat-nama_10r_3gdp: HTTP 404" in err and "1 downloaded" in out and "1 failed" in out
    assert "[2/2] statat-aest-2011-2015" in out  # the progress display


def test_offline_keeps_the_cache_and_fills_gaps_from_the_raw_folder(raw, tmp_path, capsys):
    assert main(["fetch", "--offline", "--cache", str(tmp_path), "--raw", str(raw)]) == 0
    assert "43 copied" in capsys.readouterr().out
    assert main(["fetch", "--offline", "--cache", str(tmp_path), "--raw", str(raw)]) == 0
    assert "43 kept" in capsys.readouterr().out
    assert main(["fetch", "--only", "nope", "--cache", str(tmp_path)]) == 6
    assert "unknown source(s) nope" in capsys.readouterr().err


def test_a_manual_source_missing_from_the_raw_folder_says_why_it_is_manual(tmp_path):
    results = fetch.fetch_all(tmp_path / "cache", tmp_path / "raw", only=["stmk-tourism-length-of-stay"],
                              progress=lambda *a, **k: None)
    r = results[0]
    assert r.status == "failed" and "transcribed from a WIBIS web page" in r.detail


SHIPPED = Path(__file__).resolve().parent.parent / "data"


def copy_of_shipped(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(SHIPPED, out, ignore=shutil.ignore_patterns("releases", "README.md"))
    return out


def test_update_refreshes_every_source_rebuilds_and_reports_no_change(raw, tmp_path, capsys, monkeypatch):
    """The one command: fetch from the (local) publishers, build from the cache, diff — and the
    result is today's data/ byte for byte."""
    out = copy_of_shipped(tmp_path)
    with PublisherServer(raw) as server:
        monkeypatch.setenv("INNOLOC_FETCH_MIRROR", server.url)
        code = main(["update", "--cache", str(tmp_path / "cache"), "--raw", str(raw), "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "19 downloaded, 24 copied, 0 failed" in printed and "none (every value" in printed
    for name in ("places.csv", "indicators.csv", "observations.csv", "boundaries.geojson"):
        assert (out / name).read_bytes() == (SHIPPED / name).read_bytes(), name
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    surs = next(s for s in manifest["sources"] if s["id"] == "surs-05I3002S")
    assert surs["retrieved"] and surs["url"].startswith("https://pxweb.stat.si/")


def test_update_without_an_earlier_copy_of_a_failed_source_leaves_data_unchanged(raw, tmp_path, capsys, monkeypatch):
    out = copy_of_shipped(tmp_path)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with PublisherServer(raw) as server:
        server.faults[server.path_of("surs-0772815S")] = "500"
        monkeypatch.setenv("INNOLOC_FETCH_MIRROR", server.url)
        code = main(["update", "--cache", str(tmp_path / "cache"), "--raw", str(raw), "--out", str(out),
                     "--retries", "1"])
    err = capsys.readouterr().err
    assert code == 6 and "surs-0772815S: HTTP 500" in err and "data/ left unchanged" in err
    assert "no earlier copy in the cache of surs-0772815S" in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


@pytest.fixture
def offline_cache(raw, tmp_path):
    """A cache as an earlier update left it (here: filled from the raw folder, offline)."""
    cache = tmp_path / "cache"
    fetch.fetch_all(cache, raw, offline=True, progress=lambda *a, **k: None)
    return cache


def test_one_failing_publisher_does_not_block_the_others(raw, tmp_path, offline_cache, capsys, monkeypatch):
    """update refreshes every other source and builds with the failed source's previous copy; the
    run exits 7 and names it, and the manifest records it per source (the Data page shows it)."""
    out = copy_of_shipped(tmp_path)
    with PublisherServer(raw) as server:
        server.faults[server.path_of("surs-0772815S")] = "500"
        monkeypatch.setenv("INNOLOC_FETCH_MIRROR", server.url)
        code = main(["update", "--cache", str(offline_cache), "--raw", str(raw), "--out", str(out), "--retries", "1"])
    printed, err = capsys.readouterr()
    assert code == 7, err
    assert "18 downloaded, 24 kept, 1 failed" in printed, printed
    assert "surs-0772815S: copy of 20" in err and "not up to date: surs-0772815S" in err
    assert "Not refreshed in" in printed  # the diff says it too
    for name in ("places.csv", "observations.csv"):
        assert (out / name).read_bytes() == (SHIPPED / name).read_bytes(), name
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stale = {s["id"]: s for s in manifest["sources"] if s.get("fetch_failed")}
    assert list(stale) == ["surs-0772815S"] and "HTTP 500" in stale["surs-0772815S"]["fetch_failed"]["error"]
    fresh = next(s for s in manifest["sources"] if s["id"] == "surs-05I3002S")
    assert fresh["retrieved"] and "fetch_failed" not in fresh
    # the next successful fetch of that source clears the mark
    with PublisherServer(raw) as server:
        monkeypatch.setenv("INNOLOC_FETCH_MIRROR", server.url)
        assert main(["fetch", "--cache", str(offline_cache), "--raw", str(raw), "--only", "surs-0772815S"]) == 0
    assert fetch.read_status(offline_cache)["surs-0772815S"]["status"] == "downloaded"


def test_strict_update_builds_only_when_every_source_is_fetched(raw, tmp_path, offline_cache, capsys, monkeypatch):
    out = copy_of_shipped(tmp_path)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with PublisherServer(raw) as server:
        server.faults[server.path_of("eurostat-nama_10r_3gdp")] = "404"
        monkeypatch.setenv("INNOLOC_FETCH_MIRROR", server.url)
        code = main(["update", "--strict", "--cache", str(offline_cache), "--raw", str(raw), "--out", str(out),
                     "--retries", "1"])
    err = capsys.readouterr().err
    assert code == 6 and "--strict" in err and "data/ left unchanged" in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_a_downloaded_ogd_table_with_newer_years_supersedes_the_extracts_for_those_years(raw, tmp_path):
    """The AEST table comes whole from Statistik Austria (the raw folder's copy ends in 2015): a
    download that also holds 2016 is taken for 2016, not doubled with the third-party extract."""
    from dashboard.ingest.build import assemble
    ogd = "at/statat_OGDEXT_AEST_GEMTAB_1_2011-2015_all_gemeinden.csv"
    extract = (raw / "at/statat_OGDEXT_AEST_GEMTAB_1_2016-2021_2023_steiermark_all_gemeinden.csv").read_text(
        encoding="utf-8").splitlines()
    rows_2016 = [line for line in extract[1:] if line.startswith("2016;")]
    leoben = next(i for i, line in enumerate(rows_2016) if line.startswith("2016;61108;"))
    cells = rows_2016[leoben].split(";")
    rate = cells[extract[0].split(";").index("EWTQ_15BIS64")]
    cells[extract[0].split(";").index("EWTQ_15BIS64")] = "99,9"
    rows_2016[leoben] = ";".join(cells)
    cache = tmp_path / "cache"
    for src in raw.rglob("*"):
        rel = src.relative_to(raw)
        if src.is_file():
            (cache / rel).parent.mkdir(parents=True, exist_ok=True)
            (cache / rel).symlink_to(src)
    (cache / ogd).unlink()
    (cache / ogd).write_text((raw / ogd).read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(rows_2016) + "\n",
                             encoding="utf-8")
    o = assemble(cache)["observations"]
    got = o[(o.place == "AT-61108") & (o.indicator == "employment_rate") & (o.year == 2016)].value.tolist()
    assert got == [99.9], (got, rate)
    # every other 2016 value as before: no municipality counted twice in a regional sum
    shipped = pd.read_csv(SHIPPED / "observations.csv", dtype={"place": str, "flags": str}, keep_default_na=False)
    key = ["place", "indicator", "year"]
    both = o[o.year == 2016].merge(shipped[shipped.year == 2016], on=key, suffixes=("", "_shipped"))
    moved = both[(both.value.round(4) - both.value_shipped).abs() > 1e-6]  # data/ keeps 4 decimals
    assert moved[key].values.tolist() == [["AT-61108", "employment_rate", 2016]], moved[key + ["value", "value_shipped"]]
