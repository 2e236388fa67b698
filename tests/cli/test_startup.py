"""What each command imports: a read command checks the schema without Alembic, works through
SQLAlchemy Core without ``sqlalchemy.orm``, and loads only what it renders; ``--help`` loads click
and the command modules alone. Run in a fresh process, since the test process has imported
everything."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

WATCHED = (
    "alembic",
    "pandas",
    "sqlalchemy",
    "sqlalchemy.orm",
    "claimsdb.services.check",
    "claimsdb.load.loader",
)
# Commands that only read, beyond ``claims`` and ``compare`` (tested on their own below).
READS = [
    ("events",),
    ("sources",),
    ("parties",),
    ("search", "khojaly"),
    ("show", "khojaly-massacre-killed-hrw"),
    ("history", "khojaly-massacre-killed-hrw"),
    ("reconcile", "khojaly"),
    ("check", "khojaly", "killed", "500"),
]

# Runs the command line in-process, then reports which of WATCHED it imported.
PROBE = """
import json, sys
from claimsdb.cli.main import cli
try:
    cli(sys.argv[1:], prog_name="claimsdb")
except SystemExit as exit:
    code = exit.code
else:
    code = 0
watched = json.loads(WATCHED)
print(json.dumps({"code": code, "loaded": [m for m in watched if m in sys.modules]}))
"""


def _loaded(*args: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.replace("WATCHED", repr(json.dumps(WATCHED))), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["code"] in (0, None), out.stderr
    loaded: list[str] = report["loaded"]
    return loaded


def test_listing_claims_imports_no_alembic_pandas_or_other_use_cases(seeded_url: str) -> None:
    assert _loaded("--db", seeded_url, "claims", "--event", "khojaly") == ["sqlalchemy"]


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_other_reads_import_neither_alembic_nor_the_orm(
    seeded_url: str, command: tuple[str, ...]
) -> None:
    loaded = _loaded("--db", seeded_url, *command)
    assert "sqlalchemy" in loaded
    assert "alembic" not in loaded and "sqlalchemy.orm" not in loaded


def test_compare_imports_pandas_but_not_alembic_or_other_use_cases(seeded_url: str) -> None:
    loaded = _loaded("--db", seeded_url, "compare", "khojaly")
    assert loaded == ["pandas", "sqlalchemy"]


@pytest.mark.parametrize("command", [(), ("claims",), ("compare",), ("db",), ("report",)])
def test_help_imports_neither_sqlalchemy_nor_pandas(command: tuple[str, ...]) -> None:
    assert _loaded(*command, "--help") == []


@pytest.mark.parametrize("args", [["--version"], ["claims", "--status", "gone"]], ids=" ".join)
def test_the_exit_does_not_collect_what_the_command_made(args: list[str]) -> None:
    """``main()`` freezes the garbage collector once the command is done, whether it succeeded
    or not, so that the interpreter's exit does not walk every object the imports made."""
    code = (
        "import atexit, gc, sys\n"
        "from claimsdb.cli.main import main\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        f"sys.argv = ['claimsdb', *{args!r}]\n"
        "main()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == (0 if args == ["--version"] else 2)
    assert out.stdout.splitlines()[-1] == "frozen True"
