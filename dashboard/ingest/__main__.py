"""`python -m dashboard.ingest [--raw DIR] [--out DIR]`: rebuild data/ from the official raw files."""
from __future__ import annotations

import argparse
import sys
import time

from ..paths import data_dir, raw_dir
from .build import ValidationError, assemble, write
from .errors import RawDataError


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dashboard.ingest", description=__doc__)
    ap.add_argument("--raw", default=str(raw_dir()), help="raw data folder (default: %(default)s)")
    ap.add_argument("--out", default=str(data_dir()), help="output folder (default: %(default)s)")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    try:
        dataset = assemble(args.raw)
    except RawDataError as exc:
        print(f"import stopped, data/ left unchanged.\nraw file problem: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"import stopped, data/ left unchanged.\nthe assembled dataset is invalid: {exc}", file=sys.stderr)
        return 3
    for path in write(dataset, args.out):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} kB)")
    o = dataset["observations"]
    print(f"{len(dataset['places'])} places, {len(dataset['indicators'])} indicators, {len(o)} observations "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
