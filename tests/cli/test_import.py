"""``claimsdb import``: summary on stderr, FILE:ROW:COLUMN errors with exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine


def test_import_then_again(run, engine: Engine, bundle: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("import", str(bundle))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert (
        "created 5 claims, updated 0, 0 unchanged; names created: 2 events, 3 sources, 1 documents"
        in (result.stderr)
    )
    again = run("import", str(bundle))
    assert "created 0 claims, updated 0, 5 unchanged" in again.stderr


def test_import_bad_row_exits_2(run, engine: Engine, bundle: Path) -> None:  # type: ignore[no-untyped-def]
    claims = bundle / "claims.csv"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(",613,exact,", ",-613,exact,"), encoding="utf-8"
    )
    result = run("import", str(bundle))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: claims.csv:4:best: '-613' is not a plain non-negative number\n"
    )
    assert run("claims", "--format", "csv").stdout.count("\n") == 1


def test_import_dry_run(run, engine: Engine, bundle: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("import", str(bundle), "--dry-run")
    assert result.exit_code == 0
    assert "would create 5 claims" in result.stderr
    assert run("claims", "--format", "csv").stdout.count("\n") == 1


def test_import_missing_path(run, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    result = run("import", "/nonexistent/bundle")
    assert result.exit_code == 2
    assert result.stderr == "error: /nonexistent/bundle: no such file or directory\n"
