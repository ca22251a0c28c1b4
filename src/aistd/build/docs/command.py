"""The command both site generators share: `--out DIR`, a source checkout required, a line saying what was
written."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from aistd.build.docs.site import Written
from aistd.knowledge import artifacts


def run_generator(
    prog: str,
    doc: str,
    default_out: str | Path,
    generate: Callable[[Path, Path], Written],
    what: str,
    argv: Sequence[str] | None = None,
) -> int:
    """Parse `--out`, then `generate(checkout root, out folder)`; return the exit code (0 done, 2 usage)."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help=f"the folder to write into (default: {default_out}/)")
    args = parser.parse_args(argv)
    root = artifacts.checkout_root()
    if root is None:
        print(f"{prog.removeprefix('python -m ')}: not in a source checkout (no schema/ folder)", file=sys.stderr)
        return 2
    out = args.out or root / default_out
    started = time.perf_counter()
    done = generate(root, out)
    seconds = time.perf_counter() - started
    print(
        f"{done.pages} {what} under {out}: {len(done.written)} written, {len(done.removed)} removed ({seconds:.1f} s)"
    )
    return 0
