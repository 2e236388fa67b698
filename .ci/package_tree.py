#!/usr/bin/env python3
"""Lay out the ``claimsdb`` package as an installed wheel has it, as links, for static checkers.

The repository keeps ``cli/``, ``migrations/`` and ``seed/`` beside ``src/`` and setuptools maps
them to ``claimsdb.cli``, ``claimsdb.migrations`` and ``claimsdb.seed``; an editable install
resolves them with an import hook that mypy and import-linter cannot see. This script builds
``DIR/claimsdb/`` from links to ``src/claimsdb/*`` plus those three folders and prints ``DIR``:
put it first on ``PYTHONPATH`` or ``MYPYPATH``.

Usage: python .ci/package_tree.py [DIR]   (default: a new temporary folder)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAPPED = {"cli": ROOT / "cli", "migrations": ROOT / "migrations", "seed": ROOT / "seed"}


def build(target: Path) -> Path:
    """``target/claimsdb``: a folder of links to the package's parts; returns ``target``."""
    package = target / "claimsdb"
    package.mkdir(parents=True)
    for entry in sorted((ROOT / "src" / "claimsdb").iterdir()):
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    for name, folder in MAPPED.items():
        (package / name).symlink_to(folder)
    return target


if __name__ == "__main__":
    where = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="claimsdb-"))
    print(build(where))
