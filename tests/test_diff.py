"""diff between releases: each kind of change is found and named, large revisions come first, and a
build from a raw folder with one revised value shows exactly that value."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import diff, releases
from dashboard.ingest.__main__ import main

SHIPPED = Path(__file__).resolve().parent.parent / "data"


def release(folder: Path, obs: list[tuple], places=("A", "B"), indicators=("pop", "rate")) -> Path:
    folder.mkdir(parents=True)
    pd.DataFrame(obs, columns=["place", "indicator", "year", "value", "flags", "source"]).to_csv(
        folder / "observations.csv", index=False)
    pd.DataFrame({"code": list(places)}).to_csv(folder / "places.csv", index=False)
    pd.DataFrame({"id": list(indicators)}).to_csv(folder / "indicators.csv", index=False)
    return folder


def test_every_kind_of_change_is_found_and_large_revisions_come_first(tmp_path):
    old = release(tmp_path / "old", [
        ("A", "pop", 2020, 100, "", "s"), ("A", "pop", 2021, 101, "", "s"), ("A", "rate", 2021, 10.0, "", "s"),
        ("B", "pop", 2021, 50, "", "s"), ("B", "rate", 2021, 5.0, "", "s")])
    new = release(tmp_path / "new", [
        ("A", "pop", 2020, 100, "", "s"), ("A", "pop", 2021, 102, "", "s"), ("A", "pop", 2022, 103, "p", "s"),
        ("A", "rate", 2021, 12.0, "", "s"), ("B", "pop", 2021, 50, "b", "s"), ("C", "pop", 2022, 7, "", "s")],
        places=("A", "B", "C"), indicators=("pop", "rate", "jobs"))
    d = diff.compare(old, new, "r1", "r2")
    c = d.changes
    first = c.iloc[0]
    assert (first.kind, first.place, first.indicator, first.year, first.old, first.new) == ("revised", "A", "rate", 2021, 10, 12)
    assert first.large and first.change_pct == pytest.approx(20.0)
    small = c[(c.kind == "revised") & (c.indicator == "pop")].iloc[0]
    assert not small.large and small.change == 1 and small.change_pct == pytest.approx(100 / 101)
    assert c[c.kind == "new_year"][["place", "year"]].values.tolist() == [["A", 2022]]
    assert c[c.kind == "added"].place.tolist() == ["C"]
    assert c[c.kind == "removed"][["place", "indicator"]].values.tolist() == [["B", "rate"]]
    assert c[c.kind == "flags_changed"].new_flags.tolist() == ["b"]
    assert c[c.kind == "new_place"].place.tolist() == ["C"]
    assert c[c.kind == "new_indicator"].indicator.tolist() == ["jobs"]
    text = diff.summary(d)
    assert "2 revised values (1 by more than 5 %)" in text and "! rate A 2021: 10 -> 12 (+20.0 %)" in text
    assert "pop to 2022" in text
    back = pd.read_csv(tmp_path / "x.csv") if d.to_csv(tmp_path / "x.csv") else None
    assert list(back.columns) == diff.COLUMNS and len(back) == len(c)


def test_same_data_is_no_change(tmp_path):
    a = release(tmp_path / "a", [("A", "pop", 2020, 1, "", "s")])
    b = release(tmp_path / "b", [("A", "pop", 2020, 1.0, "", "s")])
    d = diff.compare(a, b)
    assert d.changes.empty and "none" in diff.summary(d)


def test_diff_without_a_previous_release_says_so(tmp_path, capsys):
    shutil.copytree(SHIPPED, tmp_path / "data", ignore=shutil.ignore_patterns("releases", "manifest.json", "README.md"))
    assert main(["diff", "--out", str(tmp_path / "data")]) == 5
    assert "no previous release" in capsys.readouterr().err


def shadow(raw: Path, tmp: Path, rel: str, text: str) -> Path:
    """A raw folder of symlinks in which one file is replaced."""
    for src in raw.rglob("*"):
        dst = tmp / src.relative_to(raw)
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.relative_to(raw).as_posix() == rel:
                dst.write_text(text, encoding="utf-8")
            else:
                os.symlink(src, dst)
    return tmp


@pytest.mark.raw
def test_a_build_with_one_revised_value_shows_exactly_that_value(raw, tmp_path, capsys):
    """Kranj's employment rate 2023 revised in SURS 0772815S: diff lists that one value, nothing else."""
    rel = "si/tidy/surs_0772815S_employment_rate_municipalities_long.csv"
    lines = (raw / rel).read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines) if line.startswith("0772815S,052,") and ",2023,DAK-DELAKT-SKUPAJ," in line]
    assert len(hits) == 1, hits
    cells = lines[hits[0]].split(",")
    old_value = float(cells[-2])
    cells[-2] = f"{old_value + 3.1:.1f}"
    lines[hits[0]] = ",".join(cells)
    revised = shadow(raw, tmp_path / "raw", rel, "\n".join(lines) + "\n")
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data, ignore=shutil.ignore_patterns("releases", "README.md"))
    assert main(["build", "--raw", str(revised), "--out", str(data)]) == 0
    capsys.readouterr()
    assert main(["diff", "--out", str(data), "--csv", str(tmp_path / "changes.csv")]) == 0
    out = capsys.readouterr().out
    c = pd.read_csv(tmp_path / "changes.csv", dtype={"place": str})
    assert len(c) == 1, c
    row = c.iloc[0]
    assert (row.kind, row.place, row.indicator, row.year) == ("revised", "SI-052", "employment_rate", 2023)
    assert row.old == pytest.approx(old_value) and row.change == pytest.approx(3.1)
    assert "1 revised values" in out and f"employment_rate SI-052 2023" in out
    # the changelog the Data page shows travels in the manifest
    import json
    changes = json.loads((data / "manifest.json").read_text(encoding="utf-8"))["changes"]
    assert changes["counts"] == {"revised": 1} and len(changes["revisions"]) == 1
    assert changes["revisions"][0]["place"] == "SI-052" and changes["revisions"][0]["year"] == 2023
    # and rollback brings back the shipped values
    assert main(["rollback", "--out", str(data)]) == 0
    assert (data / "observations.csv").read_bytes() == (SHIPPED / "observations.csv").read_bytes()
