"""Shared fixtures: the raw folder (skipped with a reason where absent) and the shipped data;
and what the parallel workers take as a unit (a file, or a part of a long test)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.paths import data_dir, raw_dir


@pytest.fixture(scope="session")
def raw_root() -> Path:
    """The raw folder. Modules that run their tests on it and on a fetch cache override `raw` with
    a parametrized fixture built on this one: were it on `raw`, pytest would set up the session's
    `raw` again for each parameter and, with it, the full import of `assembled`."""
    path = raw_dir()
    if not (path / "si" / "PROVENANCE.md").is_file():
        pytest.skip(
            f"raw official data not found at {path} (it lies in ../shared/data/raw beside the "
            "checkout in CI; set INNOLOC_RAW to point elsewhere). The shipped data/ is tested anyway."
        )
    return path


@pytest.fixture(scope="session")
def raw(raw_root) -> Path:
    return raw_root


@pytest.fixture(scope="session")
def shipped() -> Path:
    return data_dir()


@pytest.fixture(scope="session")
def imported():
    """assemble(folder), run once per folder and test process (seconds each) and shared by the
    modules inspecting that import (none changes it); also records which raw files it opened and
    which were checked for duplicate keys."""
    from dashboard.ingest import readers
    from dashboard.ingest.build import assemble

    done: dict[Path, dict] = {}

    def get(folder: Path) -> dict:
        folder = Path(folder)
        if folder not in done:
            dataset = assemble(folder)
            done[folder] = dict(dataset, opened=list(readers.OPENED), keyed=list(readers.KEYED))
        return done[folder]
    return get


@pytest.fixture(scope="session")
def assembled(raw_root, imported) -> dict:
    """The full import of the raw folder."""
    return imported(raw_root)


@pytest.fixture(scope="module")
def explore_page():
    """The Explore page module with the app's pages registered (its callbacks called directly)."""
    import sys

    from app import app  # noqa: F401  (registers the pages)

    return next(m for name, m in sys.modules.items() if name.endswith("pages.explore"))


# ---- the workers' schedule -------------------------------------------------------------------
# --dist loadfile hands whole files to the workers (their module fixtures are made once). A long
# test in parts ("[part-N]") is a unit of its own, so that both workers share its parts.

PART = "[part-"


def work_unit(nodeid: str) -> str:
    """The unit one worker runs: the test file, or the test itself when it is a part."""
    return nodeid if PART in nodeid else nodeid.split("::", 1)[0]


def pytest_addoption(parser):
    parser.addoption("--screenshots", action="store_true",
                     help="the browser tests save screenshots of what they check in tests/screenshots")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class FilesAndParts(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return FilesAndParts(config, log)
