"""A claim's scope added, edited, reverted and shown: every change on record with the old value."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from click.testing import Result
from sqlalchemy import Engine, insert, select

from claimsdb.read.claims import claim_by_key
from claimsdb.services import edit
from claimsdb.store.engine import reading, writing
from claimsdb.store.models import Claim, Revision

pytestmark = pytest.mark.usefixtures("loaded")
HRW = "khojaly-killed-hrw"
Run = Callable[..., Result]


def _claim(engine: Engine, key: str) -> dict[str, str]:
    with reading(engine) as conn:
        return claim_by_key(conn, key)


def _history(run: Run, key: str) -> list[dict]:  # type: ignore[type-arg]
    result = run("history", key, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout))


def test_add_with_scope(run: Run, loaded: Engine) -> None:
    result = run(
        "add",
        "--event",
        "khojaly",
        "--metric",
        "killed",
        "--figure",
        "about 200",
        "--claimant",
        "HRW",
        "--scope",
        "  the town only ",
        "--key",
        "khojaly-killed-town",
    )
    assert result.exit_code == 0, result.stderr
    assert _claim(loaded, "khojaly-killed-town")["scope"] == "the town only"
    (created,) = _history(run, "khojaly-killed-town")
    with reading(loaded) as conn:
        after = conn.execute(select(Revision.after).where(Revision.id == created["revision"]))
        assert json.loads(after.scalar_one())["scope"] == "the town only"
    rows = list(csv.DictReader(run("claims", "--format", "csv").stdout.splitlines()))
    assert next(r for r in rows if r["key"] == "khojaly-killed-town")["scope"] == "the town only"


def test_edit_and_revert_scope(run: Run, loaded: Engine) -> None:
    result = run("edit", HRW, "--set", "scope=including the outskirts", "--reason", "re-read")
    assert result.exit_code == 0, result.stderr
    edit.edit_claim(loaded, HRW, {"scope": "excluding the outskirts"}, actor="bo")
    history = _history(run, HRW)
    assert [h["changes"].get("scope") for h in history[1:]] == [
        {"before": "", "after": "including the outskirts"},
        {"before": "including the outskirts", "after": "excluding the outskirts"},
    ]
    assert run("revert", HRW, "--to", str(history[1]["revision"])).exit_code == 0
    assert _claim(loaded, HRW)["scope"] == "including the outskirts"
    assert run("revert", HRW, "--to", str(history[0]["revision"])).exit_code == 0
    assert _claim(loaded, HRW)["scope"] == ""


def test_revert_to_a_revision_from_before_scope_empties_it(run: Run, loaded: Engine) -> None:
    edit.edit_claim(loaded, HRW, {"scope": "including the outskirts"})
    stored = _claim(loaded, HRW)
    old = {c: v for c, v in stored.items() if c != "scope"}  # as a revision written then holds
    with writing(loaded) as conn:
        claim_id = conn.execute(select(Claim.id).where(Claim.key == HRW)).scalar_one()
        revision = conn.execute(
            insert(Revision).returning(Revision.id),
            {
                "at": datetime.now(UTC),
                "actor": "old claimsdb",
                "table_name": "claims",
                "row_id": claim_id,
                "row_key": HRW,
                "action": "update",
                "before": json.dumps(old),
                "after": json.dumps({**old, "grade": "confirmed"}),
            },
        ).scalar_one()
    assert run("revert", HRW, "--to", str(revision)).exit_code == 0
    claim = _claim(loaded, HRW)
    assert (claim["scope"], claim["grade"]) == ("", "confirmed")


def test_show_prints_the_scope(run: Run, loaded: Engine) -> None:
    edit.edit_claim(loaded, HRW, {"scope": "excluding the outskirts"})
    text = run("show", HRW).stdout
    assert "  scope:      excluding the outskirts" in text.splitlines()
    assert json.loads(run("show", HRW, "--format", "json").stdout)["claim"]["scope"] == (
        "excluding the outskirts"
    )
