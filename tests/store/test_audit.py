"""Audit completeness: every command that changes data leaves revisions (who, when, before and
after), ``history`` shows them, ``revert`` undoes them, and every analysis names the revision it
was made at."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import click
import pytest
from click.testing import Result
from sqlalchemy import Engine, select, text

from claimsdb.cli.main import cli
from claimsdb.services import database as api
from claimsdb.services.edit import WHAT
from claimsdb.store.engine import reading
from claimsdb.store.models import Revision

ACTOR = "auditor"
KEY = "khojaly-massacre-killed-hrw"

# Every command, by what it does to data. A new command fails the first test until it is listed.
READ_ONLY = {
    "check", "claims", "compare", "db check", "db current", "document history", "event history",
    "events", "export", "history", "lint", "parties", "party history", "plot", "reconcile",
    "report", "search", "show", "source history", "sources", "template", "db backup",
}  # fmt: skip
SCHEMA = {"init", "db upgrade", "db downgrade", "db restore"}  # schema or whole-file operations
# command -> (arguments, table of the changed row, identity of the row for `history`)
MUTATING: dict[str, tuple[list[str], str, str]] = {
    "seed": ([], "batches", ""),
    "import": (["{bundle}"], "claims", KEY),
    "add": (
        ["--event", "khojaly", "--metric", "wounded", "--figure", "about 200",
         "--claimant", "Memorial", "--key", "audit-added"],
        "claims", "audit-added",
    ),
    "edit": ([KEY, "--set", "grade=confirmed", "--reason", "checked"], "claims", KEY),
    "retract": ([KEY, "--reason", "misread"], "claims", KEY),
    "revert": ([KEY, "--to", "{first}"], "claims", KEY),
    "event add": (["--name", "Audit battle", "--period", "1992"], "events", "audit-battle"),
    "event edit": (["khojaly", "--set", "place=Khojaly town"], "events", "khojaly"),
    "event revert": (["khojaly", "--to", "{first}"], "events", "khojaly"),
    "source add": (["--name", "Audit Watch", "--kind", "ngo"], "sources", "Audit Watch"),
    "source edit": (["Memorial", "--set", "affiliation=armenia"], "sources", "Memorial"),
    "source revert": (["Memorial", "--to", "{first}"], "sources", "Memorial"),
    "party add": (["--name", "Audit Republic", "--aliases", "Auditian"], "parties", "Audit Republic"),
    "party edit": (["Armenian", "--set", "description=Audited"], "parties", "Armenia"),
    "party revert": (["Armenia", "--to", "{first}"], "parties", "Armenia"),
    "document add": (["--key", "audit-doc", "--title", "Audit"], "documents", "audit-doc"),
    "document edit": (["audit-doc", "--set", "publisher=Audit press"], "documents", "audit-doc"),
    "document revert": (["audit-doc", "--to", "{first}"], "documents", "audit-doc"),
}  # fmt: skip


def _leaves(group: click.Group, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found |= _leaves(command, f"{prefix}{name} ")
        else:
            found.add(f"{prefix}{name}")
    return found


def test_every_command_is_classified() -> None:
    assert _leaves(cli) == READ_ONLY | SCHEMA | set(MUTATING)


def _revisions(engine: Engine, after: int) -> list[dict[str, object]]:
    with reading(engine) as conn:
        query = select(Revision.__table__).where(Revision.id > after).order_by(Revision.id)
        rows = conn.execute(query).mappings()
        return [dict(r) for r in rows]


def _latest(engine: Engine) -> int:
    with reading(engine) as conn:
        return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM revisions")).scalar_one())


def _history(run: Callable[..., Result], table: str, row: str) -> list[dict[str, object]]:
    shown = "history" if table == "claims" else f"{WHAT[table]} history"
    result = run(*shown.split(), row, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout))


@pytest.mark.slow
def test_every_change_is_on_record_with_who_when_and_before_after(
    engine: Engine, run: Callable[..., Result], tmp_path: Path
) -> None:
    bundle = tmp_path / "claims.csv"  # one changed claim and one new one
    bundle.write_text(
        "key,event,metric,population,figure,claimant,quote\n"
        f"{KEY},khojaly,killed,civilians,at least 161,Human Rights Watch,changed quote\n"
        "audit-imported,khojaly,killed,civilians,about 300,Memorial,q\n",
        encoding="utf-8",
    )
    before_edit: dict[tuple[str, str], object] = {}  # the revision each revert goes back to
    for command, (args, table, row) in MUTATING.items():
        if command.split()[-1] == "edit":
            before_edit[table, row] = _history(run, table, row)[-1]["revision"]
        filled = [a.format(bundle=bundle, first=before_edit.get((table, row))) for a in args]
        latest = _latest(engine)
        start = datetime.now(UTC).replace(microsecond=0)
        result = run("--actor", ACTOR, *command.split(), *filled)
        assert result.exit_code == 0, (command, result.stderr)
        new = _revisions(engine, latest)
        assert new, f"{command} left no revision"
        for revision in new:
            assert revision["actor"] == ACTOR, command
            at = revision["at"]
            assert isinstance(at, datetime) and start <= at <= datetime.now(UTC), command
            if revision["action"] == "create" or revision["table_name"] == "batches":
                assert revision["before"] is None and revision["after"], command
            else:  # an update, retraction or revert: the row before and after
                assert revision["before"] and revision["after"], command
                assert json.loads(str(revision["before"])) != json.loads(str(revision["after"]))
        if table == "batches":
            continue
        mine = {r["id"] for r in new if r["table_name"] == table}
        assert mine, f"{command} left no revision of the {WHAT[table]}"
        shown = {h["revision"] for h in _history(run, table, row)}
        assert mine & shown, f"`history` of {row} does not show what {command} did"


def test_revert_puts_claims_events_sources_and_documents_back(
    engine: Engine, run: Callable[..., Result], tmp_path: Path
) -> None:
    api.seed(engine)
    cases = [
        ("claims", KEY, ["edit", KEY, "--set", "grade=confirmed"]),
        ("events", "khojaly", ["event", "edit", "khojaly", "--set", "place=elsewhere"]),
        ("sources", "Memorial", ["source", "edit", "Memorial", "--set", "affiliation=armenia"]),
        ("documents", "nagorno-karabakh-war-article", ["document", "edit", "nagorno-karabakh-war-article", "--set", "publisher=X"]),
    ]  # fmt: skip
    for n, (table, row, change) in enumerate(cases):
        target = _history(run, table, row)[-1]["revision"]
        assert run("export", "-o", str(tmp_path / f"before{n}")).exit_code == 0
        assert run(*change).exit_code == 0
        revert = ["revert"] if table == "claims" else [WHAT[table], "revert"]
        result = run(*revert, row, "--to", str(target))
        assert result.exit_code == 0, result.stderr
        last = _history(run, table, row)[-1]
        assert (last["action"], last["reason"]) == ("revert", f"revert to revision {target}")
        assert run("export", "-o", str(tmp_path / f"after{n}")).exit_code == 0
        for name in ("claims.csv", "events.csv", "sources.csv", "documents.csv"):
            assert (tmp_path / f"after{n}" / name).read_bytes() == (
                tmp_path / f"before{n}" / name
            ).read_bytes(), (table, name)


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_every_analysis_names_the_latest_revision(
    engine: Engine, run: Callable[..., Result], fmt: str
) -> None:
    api.seed(engine)
    assert run("edit", KEY, "--set", "grade=confirmed").exit_code == 0
    latest = _latest(engine)
    for args in (
        ["compare", "khojaly"],
        ["reconcile", "khojaly"],
        ["check", "khojaly", "killed", "613", "--population", "civilians"],
    ):
        result = run(*args, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        said = result.stdout + result.stderr
        assert f"revision {latest} " in said or f'"revision": {latest},' in said, (args, fmt)


def test_reports_name_the_latest_revision(
    engine: Engine, run: Callable[..., Result], tmp_path: Path
) -> None:
    api.seed(engine)
    assert run("retract", KEY, "--reason", "test").exit_code == 0
    latest = _latest(engine)
    html, svg = tmp_path / "r.html", tmp_path / "k.svg"
    assert run("report", "-o", str(html), "--event", "khojaly").exit_code == 0
    assert run("plot", "khojaly", "--metric", "killed", "-o", str(svg)).exit_code == 0
    assert f"revision {latest}" in html.read_text(encoding="utf-8")
    assert f"revision {latest}" in svg.read_text(encoding="utf-8")
