"""Shared fixtures: the raw folder (skipped with a reason where absent) and the shipped data."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.paths import data_dir, raw_dir


@pytest.fixture(scope="session")
def raw() -> Path:
    path = raw_dir()
    if not (path / "si" / "PROVENANCE.md").is_file():
        pytest.skip(
            f"raw official data not found at {path} (it lies in ../shared/data/raw beside the "
            "checkout in CI; set INNOLOC_RAW to point elsewhere). The shipped data/ is tested anyway."
        )
    return path


@pytest.fixture(scope="session")
def shipped() -> Path:
    return data_dir()


@pytest.fixture(scope="session")
def assembled(raw) -> dict:
    """One full import per test session (it takes seconds), shared by the modules inspecting it;
    also records which raw files it opened and which were checked for duplicate keys."""
    from dashboard.ingest import readers
    from dashboard.ingest.build import assemble

    dataset = assemble(raw)
    return dict(dataset, opened=list(readers.OPENED), keyed=list(readers.KEYED))


@pytest.fixture(scope="module")
def explore_page():
    """The Explore page module with the app's pages registered (its callbacks called directly)."""
    import sys

    from app import app  # noqa: F401  (registers the pages)

    return next(m for name, m in sys.modules.items() if name.endswith("pages.explore"))
