"""The bundled data set is faithful to its article, and seeding never overwrites a user's edit."""

from __future__ import annotations

import csv
import re
from importlib.resources import files
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from claimsdb.figures import parse_figure
from claimsdb.interchange import number_text
from claimsdb.read.claims import claim_rows
from claimsdb.services import database as api
from claimsdb.store.engine import reading, writing
from claimsdb.store.models import Claim, Revision

SEED = Path(str(files("claimsdb.seed")))
ARTICLE = (SEED / "nagorno-karabakh-war.txt").read_text(encoding="utf-8")


def _table(name: str) -> list[dict[str, str]]:
    with (SEED / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


CLAIMS = _table("claims")
BY_KEY = {c["key"]: c for c in CLAIMS}
IDS = [c["key"] for c in CLAIMS]


def test_well_over_a_hundred_claims_with_unique_keys() -> None:
    assert len(CLAIMS) > 100
    assert len(BY_KEY) == len(CLAIMS)


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_quote_is_verbatim_and_holds_the_phrase(claim: dict[str, str]) -> None:
    assert claim["quote"] in ARTICLE
    assert claim["phrase"] in claim["quote"]
    line = int(claim["locator"].removeprefix("para "))
    assert claim["quote"] in ARTICLE.split("\n")[line - 1]


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_stored_figure_is_what_the_phrase_says(claim: dict[str, str]) -> None:
    figure = parse_figure(claim["phrase"])
    assert figure.qualifier == claim["qualifier"]
    stored = (claim["low"], claim["high"], claim["best"])
    assert stored == tuple(number_text(v) for v in (figure.low, figure.high, figure.best))


@pytest.mark.parametrize("claim", [c for c in CLAIMS if re.search(r"\d", c["phrase"])], ids=str)
def test_every_stored_number_is_written_in_the_phrase(claim: dict[str, str]) -> None:
    digits = re.sub(r"[,\s]", "", claim["phrase"])
    scaled = re.search(r"million|thousand", claim["phrase"], re.I)
    for column in ("low", "high", "best"):
        if claim[column] and not scaled:
            assert claim[column] in digits, f"{claim[column]} not written in {claim['phrase']!r}"


def _largest(claim: dict[str, str]) -> float | None:
    values = [float(claim[c]) for c in ("best", "high") if claim[c]]
    return max(values) if values else None


@pytest.mark.parametrize("claim", [c for c in CLAIMS if c["part_of"]], ids=str)
def test_parts_never_exceed_their_whole(claim: dict[str, str]) -> None:
    whole = BY_KEY[claim["part_of"]]
    assert (whole["event"], whole["metric"]) == (claim["event"], claim["metric"])
    siblings = [c for c in CLAIMS if c["part_of"] == whole["key"]]
    whole_value = _largest(whole)
    if whole_value is not None:
        assert sum(_largest(s) or 0 for s in siblings) <= whole_value


def test_every_reference_exists() -> None:
    events = {e["slug"] for e in _table("events")}
    sources = {s["name"] for s in _table("sources")}
    documents = {d["key"] for d in _table("documents")}
    metrics = {m["name"] for m in _table("metrics")}
    for claim in CLAIMS:
        assert claim["event"] in events
        assert claim["claimant"] in sources
        assert not claim["reported_by"] or claim["reported_by"] in sources
        assert claim["document"] in documents
        assert claim["metric"] in metrics
        for column in ("derived_from", "supersedes", "part_of"):
            assert not claim[column] or claim[column] in BY_KEY


def test_document_is_the_article_with_licence() -> None:
    (document,) = _table("documents")
    assert document["licence"] == "CC BY-SA 4.0"
    assert document["text_file"] == "nagorno-karabakh-war.txt"
    assert (SEED / "README.md").exists()


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    summary = api.seed(engine, actor="seeder")
    assert summary.created == len(CLAIMS)
    return engine


def test_seeded_claims_match_the_bundle(seeded: Engine) -> None:
    with reading(seeded) as conn:
        stored = {r["key"]: r for r in claim_rows(conn)}
    assert stored == {c["key"]: c for c in CLAIMS}, (
        "the database gives back exactly the bundled rows"
    )


def test_seeding_twice_changes_nothing_and_keeps_edits(seeded: Engine) -> None:
    key = "khojaly-massacre-killed-conservative-estimates"
    with writing(seeded) as conn:  # a user's edit, as `claimsdb edit` will make it
        conn.execute(update(Claim).where(Claim.key == key).values(notes="checked by the desk"))

    def state() -> tuple[int, int]:
        with reading(seeded) as conn:
            return (
                conn.execute(select(func.count()).select_from(Claim)).scalar_one(),
                conn.execute(select(func.count()).select_from(Revision)).scalar_one(),
            )

    before = state()
    summary = api.seed(seeded)
    assert (summary.created, summary.kept) == (0, 1)
    assert state() == before
    with reading(seeded) as conn:
        (row,) = claim_rows(conn, keys=[key])
    assert row["notes"] == "checked by the desk"


def test_khojaly_as_the_issue_asks(run, seeded: Engine) -> None:  # type: ignore[no-untyped-def]
    result = run("claims", "--event", "khojaly", "--metric", "killed", "--format", "csv")
    assert result.exit_code == 0
    rows = {r["key"]: r for r in csv.DictReader(result.stdout.splitlines())}
    by_claimant = {(r["claimant"], r["phrase"]): r for r in rows.values()}
    assert by_claimant[("Human Rights Watch", "at least 161")]["qualifier"] == "at_least"
    assert by_claimant[("conservative estimates", "485")]["claimant_kind"] == "unattributed"
    whole = by_claimant[("Azerbaijani authorities", "613")]
    parts = {r["population"]: r["phrase"] for r in rows.values() if r["part_of"] == whole["key"]}
    assert parts == {"women": "106", "children": "83"}
    vague = sorted(r["claimant"] for r in rows.values() if r["phrase"] == "several hundred")
    assert vague == [
        "Azerbaijani side",
        "Human Rights Watch",
        "Memorial",
        "biography of Monte Melkonian",
    ]
    assert all(
        rows[k]["low"] == rows[k]["high"] == rows[k]["best"] == ""
        for k in rows
        if rows[k]["qualifier"] == "vague"
    )


@pytest.mark.parametrize("metric", ["displaced", "refugees"])
def test_displacement_listings(run, seeded: Engine, metric: str) -> None:  # type: ignore[no-untyped-def]
    result = run("claims", "--metric", metric, "--format", "csv")
    listed = {r["key"] for r in csv.DictReader(result.stdout.splitlines())}
    assert listed == {c["key"] for c in CLAIMS if c["metric"] == metric}
    assert all(c["claimant"] for c in CLAIMS if c["metric"] == metric)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Xocalı", "khojaly-massacre"),
        ("Khojali", "khojaly-massacre"),
        ("Şuşa", "battle-of-shusha-1992"),
        ("Shushi", "battle-of-shusha-1992"),
        ("Khankendi", "siege-of-stepanakert"),
        ("Xankəndi", "siege-of-stepanakert"),
        ("Sumqayıt", "sumgait-pogrom"),
    ],
)
def test_place_names_resolve(run, seeded: Engine, name: str, slug: str) -> None:  # type: ignore[no-untyped-def]
    result = run("claims", "--event", name, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert {r["event"] for r in csv.DictReader(result.stdout.splitlines())} == {slug}
