"""`python -m dashboard.ingest [--raw DIR] [--out DIR]`: rebuild data/ from the official raw files."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..paths import data_dir, raw_dir
from .build import ValidationError, assemble, write
from .errors import RawDataError


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dashboard.ingest", description=__doc__)
    ap.add_argument("--raw", default=str(raw_dir()), help="raw data folder (default: %(default)s)")
    ap.add_argument("--out", default=str(data_dir()), help="output folder (default: %(default)s)")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    problem = _unwritable(Path(args.out))
    if problem:
        print(f"import not started, nothing written.\ncannot write the output: {problem}", file=sys.stderr)
        return 4
    try:
        dataset = assemble(args.raw)
    except RawDataError as exc:
        print(f"import stopped, data/ left unchanged.\nraw file problem: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"import stopped, data/ left unchanged.\nthe assembled dataset is invalid: {exc}", file=sys.stderr)
        return 3
    try:
        written = write(dataset, args.out)
    except OSError as exc:
        print(f"import stopped, data/ left unchanged.\ncannot write the output to {args.out}: {exc}", file=sys.stderr)
        return 4
    for path in written:
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} kB)")
    o = dataset["observations"]
    print(f"{len(dataset['places'])} places, {len(dataset['indicators'])} indicators, {len(o)} observations "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


def _unwritable(out: Path) -> str | None:
    """Why `out` cannot take data/ (checked before the import runs), or None."""
    if out.exists() and not out.is_dir():
        return f"{out} is an existing file, not a folder"
    folder = out
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is a file, so {out} cannot be created"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{folder} is not writable"
    return None


if __name__ == "__main__":
    sys.exit(main())
