"""Every command teaches through --help, is documented in the README, and starts light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimsdb.cli.main import cli

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
    return found


COMMANDS = _commands(cli)


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_documented_in_readme(path: tuple[str, ...]) -> None:
    assert f"claimsdb {' '.join(path)}" in README, f"README has no example of {' '.join(path)}"


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys; from claimsdb.cli.main import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'sqlalchemy.orm', 'alembic', 'openpyxl')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "claimsdb", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert out.stdout.startswith("claimsdb, version ")


def test_usage_error_is_exit_2() -> None:
    result = CliRunner().invoke(cli, ["claims", "--status", "gone"])
    assert result.exit_code == 2
    assert "Invalid value for '--status'" in result.stderr
