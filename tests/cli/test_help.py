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


def _help(*path: str) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())  # words, whatever the wrapping


def test_lint_help_names_every_finding() -> None:
    from claimsdb.analysis.lint import FINDINGS

    text = _help("lint")
    assert [f for f in FINDINGS if f not in text] == []
    assert "sub_period_exceeds" in text


def test_analysis_help_speaks_of_comparable_sets() -> None:
    compare = _help("compare")
    assert "groups are never pooled" not in compare
    assert "comparable set" in compare
    assert "sub-periods" in compare and "parts" in compare and "part_of" in compare
    assert "claimsdb compare expulsion-of-azerbaijanis-from-armenia" in compare
    check = _help("check")
    assert "one verdict per population" not in check
    assert "headline" in check and "most plausibly about" in check
    assert "other sets" in check
    for command in ("compare", "reconcile", "check", "lint"):
        text = _help(command)
        assert "0.5: 1987–1989 and 1988–1989 (2 of 3 years shared) are compared" in text
        assert "0.9: they are not" in text
        assert " group" not in text.replace("groups of child", ""), command


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


def test_bad_revision_and_bad_database_are_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    assert runner.invoke(cli, ["--db", db, "init"]).exit_code == 0
    result = runner.invoke(cli, ["--db", db, "db", "downgrade", "foo"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot migrate to 'foo'")
    assert result.stderr.count("\n") == 1
    result = runner.invoke(cli, ["--db", "mysql://u:secret@h/db", "claims"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no database driver for 'mysql://u:***@h/db'")
    result = runner.invoke(cli, ["--db", str(tmp_path), "claims"])
    assert result.stderr == (
        f"error: {tmp_path} is a folder; give a database file, e.g. {tmp_path / 'claims.db'}\n"
    )
    missing = tmp_path / "nope" / "x.db"
    result = runner.invoke(cli, ["--db", str(missing), "db", "current"])
    assert result.exit_code == 1
    assert not missing.parent.exists()
    result = runner.invoke(cli, ["--db", str(tmp_path / "absent.db"), "db", "current"])
    assert result.exit_code == 1
    assert not (tmp_path / "absent.db").exists()


def test_a_closed_pipe_is_not_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "c.db")
    subprocess.run(
        [sys.executable, "-m", "claimsdb", "--db", db, "init", "--seed"],
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        f"{sys.executable} -m claimsdb --db {db} claims --format csv | head -1",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert out.stdout.startswith("key,event,metric")
    assert out.stderr == ""
