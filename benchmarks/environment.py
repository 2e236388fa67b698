"""What a benchmark ran on: the state of the claimsdb sources, the machine and package versions."""

from __future__ import annotations

import hashlib
import os
import platform
import sqlite3
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def source_state() -> str:
    """Which state of the library is measured: the git commit, and a hash of the importer's
    source files (the library may be edited while a long benchmark runs)."""
    digest = hashlib.sha256()
    for folder in ("src", "cli", "migrations"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src", "cli", "migrations"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        commit += " (+ uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "(not a git checkout)"
    return f"commit {commit}, source hash {digest.hexdigest()[:12]}"


def version_of(name: str) -> str:
    """The installed version of package ``name``, or ``not installed``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def import_environment(pg_settings: dict[str, str] | None = None) -> list[str]:
    """The environment lines of the import benchmark's report (with the server's, if any)."""
    v = version_of
    lines = [
        f"claimsdb at   {source_state()}",
        f"python        {platform.python_version()} ({platform.python_implementation()})",
        f"sqlite        {sqlite3.sqlite_version} (python sqlite3 module)",
        f"cpus          {os.cpu_count()} ({platform.machine()}, {platform.system()})",
        f"packages      claimsdb {v('claimsdb')}, SQLAlchemy {v('SQLAlchemy')}, "
        f"pandas {v('pandas')}, sqlite-utils {v('sqlite-utils')}, psycopg {v('psycopg')}",
    ]
    if pg_settings is not None:
        lines.append(
            f"postgresql    {pg_settings['server_version']} (fsync={pg_settings['fsync']}, "
            f"synchronous_commit={pg_settings['synchronous_commit']}, "
            f"full_page_writes={pg_settings['full_page_writes']})"
        )
    return lines


def analysis_environment(state_at_start: str) -> list[str]:
    """The environment lines of the analysis benchmark's report."""
    v = version_of
    return [
        f"claimsdb at {state_at_start}",
        f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} cpus ({platform.machine()})",
        f"SQLAlchemy {v('SQLAlchemy')}, pandas {v('pandas')}, numpy {v('numpy')}",
    ]
