"""Data releases: a build switches data/ as a whole, keeps the previous release for rollback, and a
build killed at any moment leaves the old or the new release (never a mix) and nothing un-ignored."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.ingest import releases
from dashboard.ingest.releases import FILES, JOURNAL, MANIFEST, RELEASES

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"


def payload(tag: str) -> dict[str, bytes]:
    """The four files, each marked with `tag` so releases differ in every file."""
    return {name: f"{name},{tag}\n".encode() for name in FILES}


def files_of(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def publish(out: Path, tag: str, minute: int) -> str:
    from datetime import datetime, timezone
    return releases.publish(payload(tag), out, rows={"observations": 1}, sources=[],
                            now=datetime(2026, 12, 4, 12, minute, tzinfo=timezone.utc))


def test_build_switches_data_as_a_whole_and_keeps_the_previous_release(tmp_path):
    a = publish(tmp_path, "a", 1)
    b = publish(tmp_path, "b", 2)
    assert files_of(tmp_path) == payload("b")
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["release"] == b and manifest["previous"] == a and manifest["built"] == "2026-12-04T12:02:00Z"
    assert [m["release"] for m in releases.releases(tmp_path)] == [a, b]
    assert files_of(tmp_path / RELEASES / a) == payload("a")


def test_rollback_restores_the_previous_release_and_says_when_there_is_none(tmp_path):
    a = publish(tmp_path, "a", 1)
    with pytest.raises(releases.ReleaseError, match=f"no earlier release on this machine: data/ holds release {a}, "
                       "the first one recorded"):
        releases.rollback(tmp_path)
    publish(tmp_path, "b", 2)
    assert releases.rollback(tmp_path) == a
    assert files_of(tmp_path) == payload("a") and releases.current(tmp_path) == a
    with pytest.raises(releases.ReleaseError, match="unknown release 'nope'"):
        releases.rollback(tmp_path, "nope")


def test_data_without_a_manifest_is_kept_as_a_release_before_the_first_build(tmp_path):
    for name, data in payload("shipped").items():
        (tmp_path / name).write_bytes(data)
    publish(tmp_path, "new", 1)
    listed = [m["release"] for m in releases.releases(tmp_path)]  # its manifest has no build date
    assert len(listed) == 2 and listed[0].startswith("shipped-")
    old = releases.rollback(tmp_path)
    assert old.startswith("shipped-") and files_of(tmp_path) == payload("shipped")


def test_the_cli_rolls_back_and_lists_releases(tmp_path, capsys):
    from dashboard.ingest.__main__ import main
    a = publish(tmp_path, "a", 1)
    b = publish(tmp_path, "b", 2)
    assert main(["releases", "--out", str(tmp_path)]) == 0
    listing = capsys.readouterr().out
    assert f"* {b}" in listing and f"  {a}" in listing
    assert main(["rollback", "--out", str(tmp_path)]) == 0
    assert files_of(tmp_path) == payload("a")


def test_the_shipped_data_carries_a_manifest_naming_its_sources():
    m = json.loads((SHIPPED / MANIFEST).read_text(encoding="utf-8"))
    assert m["built"] and m["code_version"] and m["release"]
    assert m["rows"]["observations"] == sum(1 for _ in open(SHIPPED / "observations.csv", encoding="utf-8")) - 1
    for name in FILES:
        assert m["files"][name] == releases.sha256(SHIPPED / name), f"data/{name} is not the file the manifest names"
    from dashboard.ingest.sources import files
    assert {s["file"] for s in m["sources"]} == set(files())
    assert all(len(s["sha256"]) == 64 for s in m["sources"])


def fresh_clone_data(tmp_path: Path) -> Path:
    """data/ as `git clone` gives it: the shipped files and manifest, no data/releases/ (git-ignored)."""
    import shutil
    out = tmp_path / "data"
    shutil.copytree(SHIPPED, out, ignore=shutil.ignore_patterns(RELEASES, ".*"))
    return out


def test_on_a_fresh_clone_rollback_and_diff_say_there_is_no_earlier_release_here(tmp_path, capsys):
    """The shipped manifest names the release it was built after; that release stayed on the machine
    that built it. Rollback says so plainly (exit 5, data/ untouched), diff shows the recorded changes."""
    from dashboard.ingest.__main__ import main
    out = fresh_clone_data(tmp_path)
    m = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["rollback", "--out", str(out)]) == 5
    err = capsys.readouterr().err
    assert "no earlier release on this machine" in err and m["release"] in err
    if m.get("previous"):
        assert m["previous"] in err and "not part of the repository" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert main(["releases", "--out", str(out)]) == 0
    listing = capsys.readouterr().out
    assert "no releases under" in listing
    if m.get("previous"):
        assert "nothing to roll back to yet" in listing
        assert main(["diff", "--out", str(out)]) == 0
        shown = capsys.readouterr().out
        assert "is not on this machine" in shown and "changes recorded when" in shown


def test_after_the_first_build_on_a_fresh_clone_the_shipped_release_can_be_rolled_back_to(tmp_path):
    out = fresh_clone_data(tmp_path)
    shipped = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["release"]
    new = publish(out, "new", 7)
    m = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert m["previous"] == shipped and releases.previous_here(out, m)
    assert "not in the repository" in m["previous_kept"]
    assert releases.rollback(out) == shipped and releases.current(out) == shipped
    assert new in {r["release"] for r in releases.releases(out)}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=repo,
                          capture_output=True, text=True, check=True).stdout


def test_the_code_version_is_the_bare_commit_on_a_clean_tree_and_names_the_changed_files_otherwise(tmp_path):
    ingest = tmp_path / "dashboard" / "ingest"
    ingest.mkdir(parents=True)
    (ingest / "build.py").write_text("x = 1\n")
    (tmp_path / "README.md").write_text("readme\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "c")
    head = git(tmp_path, "rev-parse", "--short=12", "HEAD").strip()
    assert releases.code_state(tmp_path) == {"code_version": head}
    (tmp_path / "README.md").write_text("edited elsewhere\n")  # outside the import: still clean
    assert releases.code_version(tmp_path) == head
    (ingest / "build.py").write_text("x = 2\n")
    (ingest / "new.py").write_text("y = 1\n")
    assert releases.code_state(tmp_path) == {"code_version": head + "+dirty",
                                             "code_changes": ["dashboard/ingest/build.py", "dashboard/ingest/new.py"]}


def test_the_shipped_manifest_explains_a_dirty_code_version():
    """A shipped "+dirty" comes with the files that differed from the commit it names."""
    m = json.loads((SHIPPED / MANIFEST).read_text(encoding="utf-8"))
    if m["code_version"].endswith("+dirty"):
        assert m.get("code_changes")
    else:
        assert "code_changes" not in m


# ---- kill tests ------------------------------------------------------------------------------

WRITER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from dashboard.ingest import releases
releases._changes = lambda *a: None  # the changelog (pandas) is tested elsewhere; keeps this process light
out, tag = Path(sys.argv[1]), sys.argv[2]
big = (Path(sys.argv[3]) / "observations.csv").read_bytes()
payload = {name: (f"{name},{tag}\\n".encode() + (big if name == "observations.csv" else b""))
           for name in releases.FILES}
print("start", flush=True)
releases.publish(payload, out, rows={}, sources=[], now=datetime(2026, 12, 4, 12, int(sys.argv[4]), tzinfo=timezone.utc))
"""


def publish_old(out: Path) -> str:
    """The release data/ holds before the build that is killed (same payload as the writer's)."""
    from datetime import datetime, timezone
    big = (SHIPPED / "observations.csv").read_bytes()
    payload = {name: f"{name},old\n".encode() + (big if name == "observations.csv" else b"") for name in FILES}
    return releases.publish(payload, out, rows={}, sources=[], now=datetime(2026, 12, 4, 12, 1, tzinfo=timezone.utc))


def start_writer(out: Path, tag: str, minute: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(out), tag, str(SHIPPED), str(minute)], cwd=ROOT,
                            env={**os.environ, "INNOLOC_BUILD_PAUSE": "0.04"}, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "start"
    return proc


def ignored(rel: str) -> bool:
    """Is data/<rel> ignored by the repository's .gitignore?"""
    r = subprocess.run(["git", "check-ignore", "--no-index", "-q", f"data/{rel}"], cwd=ROOT)
    return r.returncode == 0


def whole_release(out: Path) -> str | None:
    """The release whose files data/ holds, all of them (None: a mix)."""
    held = {name: releases.sha256(out / name) for name in FILES}
    manifest = json.loads((out / MANIFEST).read_text())
    if manifest["files"] != held:
        return None
    return manifest["release"]


def test_a_build_killed_at_random_moments_never_leaves_a_mixed_release(tmp_path):
    rng = random.Random(9)
    # how long publishing takes on this machine now (timings are noisy under load)
    calibration = tmp_path / "calibration"
    publish_old(calibration)
    began = time.perf_counter()
    assert start_writer(calibration, "new", 2).wait() == 0
    span = time.perf_counter() - began
    trials, outcomes = 12, []
    for trial in range(trials):
        out = tmp_path / f"t{trial}"
        old = publish_old(out)
        proc = start_writer(out, "new", 2)
        time.sleep(rng.uniform(0.0, 1.3 * span))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # leftovers of the killed process are all git-ignored
        for p in out.rglob("*"):
            rel = p.relative_to(out).as_posix()
            if rel not in (*FILES, MANIFEST):
                assert ignored(rel + ("/" if p.is_dir() else "")), f"trial {trial}: {rel} left behind and not ignored"
        journal = (out / JOURNAL).exists()
        held = whole_release(out)
        if not journal:
            assert held is not None, f"trial {trial}: data/ is a mix without a journal"
        releases.recover(out)  # what every import command does first
        after = whole_release(out)
        assert after is not None, f"trial {trial}: data/ is a mix after recovery"
        assert after in (old, "20261204T120200Z"), f"trial {trial}: data/ holds {after}"
        assert not list((out / RELEASES).glob(".tmp-*")) and not (out / JOURNAL).exists()
        outcomes.append("old" if after == old else ("new-recovered" if journal else "new"))
    # the random moments hit before, during and after the switch
    assert {"old", "new"} <= set(outcomes) or {"old", "new-recovered"} <= set(outcomes), outcomes


def test_a_switch_interrupted_half_way_is_finished_by_the_next_command(tmp_path):
    """The state a kill between two file replacements leaves: journal + a mix; recover() completes it."""
    a = publish(tmp_path, "a", 1)
    b_payload = payload("b")
    releases._stage(tmp_path, "b", b_payload, {"release": "b", "previous": a,
                                               "files": {n: __import__("hashlib").sha256(d).hexdigest()
                                                         for n, d in b_payload.items()}})
    (tmp_path / JOURNAL).write_text(json.dumps({"to": "b", "from": a}))
    for name in FILES[:2]:
        (tmp_path / name).write_bytes(b_payload[name])
    assert whole_release(tmp_path) is None  # a mix, but the journal names where it is going
    from dashboard.ingest.__main__ import main
    assert main(["releases", "--out", str(tmp_path)]) == 0
    assert files_of(tmp_path) == b_payload and releases.current(tmp_path) == "b"
    assert not (tmp_path / JOURNAL).exists()


def test_the_app_reads_the_complete_release_while_a_switch_is_unfinished(tmp_path):
    """A build killed half-way through switching data/ leaves a journal and data/ files from two
    releases; until the next import command finishes the switch, the app reads the complete
    release the journal names, never the mix."""
    from dashboard import store as store_mod
    from dashboard.ingest import releases as rel

    assert store_mod.SWITCH_JOURNAL == rel.JOURNAL
    shipped = Path(__file__).resolve().parents[1] / "data"
    data = tmp_path / "data"
    target = data / "releases" / "r-next"
    target.mkdir(parents=True)
    for name in (*rel.FILES, rel.MANIFEST):
        (target / name).write_bytes((shipped / name).read_bytes())
        (data / name).write_bytes((shipped / name).read_bytes())
    # the switch got as far as a half-written observations file
    obs = (shipped / "observations.csv").read_bytes()
    (data / "observations.csv").write_bytes(obs[: len(obs) // 3])
    (data / rel.JOURNAL).write_text('{"to": "r-next", "from": null}', encoding="utf-8")

    store_mod.load_store.cache_clear()
    try:
        s = store_mod.load_store(data)
        assert s.release == "r-next"
        assert len(s.observations) == len(store_mod.load_store(shipped).observations)
        # once the switch is finished (all files copied, journal gone) data/ itself is read
        (data / "observations.csv").write_bytes(obs)
        (data / rel.JOURNAL).unlink()
        store_mod.load_store.cache_clear()
        assert store_mod.load_store(data).release != "r-next"
    finally:
        store_mod.load_store.cache_clear()
