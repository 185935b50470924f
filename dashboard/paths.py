"""Where things live, so no module hard-codes a path.

The raw folder is a sibling checkout (`../shared/data/raw`) on developer machines and in CI;
`INNOLOC_RAW` overrides it, `INNOLOC_DATA` points the app at another built dataset.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("INNOLOC_DATA", ROOT / "data"))


def raw_dir() -> Path:
    return Path(os.environ.get("INNOLOC_RAW", ROOT.parent / "shared" / "data" / "raw"))
