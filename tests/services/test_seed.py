"""The bundled data set is faithful to its article, and seeding never overwrites a user's edit."""

from __future__ import annotations

import csv
import re
from importlib.resources import files
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from claimsdb.figures import parse_figure
from claimsdb.figures.words import ELISION
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
# An elided phrase: pieces of the quote, in order, with the words between them left out.
GAP = f" {ELISION} "
# Coordinated figures: the second figure of a pair, governed by the qualifier written before the
# first ("As many as 230,000 … and 800,000"), and the claim of that first figure.
COORDINATED = {
    "nagorno-karabakh-war-displaced-azerbaijanis-unattributed": (
        "nagorno-karabakh-war-displaced-armenians-unattributed"
    ),
    "yukhari-askipara-fighting-1990-wounded-azerbaijani-media": (
        "yukhari-askipara-fighting-1990-killed-azerbaijani-media"
    ),
    "malibeyli-karadagly-agdaban-1992-wounded-unattributed": (
        "malibeyli-karadagly-agdaban-1992-killed-unattributed"
    ),
    "nagorno-karabakh-war-displaced-armenians-unattributed-3": (
        "nagorno-karabakh-war-displaced-armenians-unattributed-2"
    ),
}
ZEROS = {
    "post-war-prisoners-prisoners-helsinki-initiative-92": (
        "post-war-prisoners-prisoners-azerbaijan",
        "two prisons in Shusha and Stepanakert",
    ),
    "post-war-prisoners-prisoners-quarries-unattributed": (
        "post-war-prisoners-prisoners-armenians",
        "Azerbaijan's quarries",
    ),
}
HALF = "operation-goranboy-territory-share-unattributed"


def test_well_over_a_hundred_claims_with_unique_keys() -> None:
    assert len(CLAIMS) == 105
    assert len(BY_KEY) == len(CLAIMS)


def test_the_readme_counts_what_the_files_hold() -> None:
    readme = (SEED / "README.md").read_text(encoding="utf-8")
    assert f"| `claims.csv` | {len(CLAIMS)} claims," in readme
    assert f"| `sources.csv` | {len(_table('sources'))} sources," in readme
    assert f"| `events.csv` | {len(_table('events'))} events," in readme
    assert f"supports {len(CLAIMS)} claims" in readme


def _pieces_in_order(phrase: str, quote: str) -> bool:
    at = 0
    for piece in phrase.split(GAP):
        found = quote.find(piece, at)
        if not piece or found < 0:
            return False
        at = found + len(piece)
    return True


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_quote_is_verbatim_and_holds_the_phrase(claim: dict[str, str]) -> None:
    assert claim["quote"] in ARTICLE
    if GAP in claim["phrase"]:
        assert _pieces_in_order(claim["phrase"], claim["quote"])
    else:
        assert ELISION not in claim["phrase"]
        assert claim["phrase"] in claim["quote"]
    line = int(claim["locator"].removeprefix("para "))
    assert claim["quote"] in ARTICLE.split("\n")[line - 1]


def test_pieces_must_be_in_the_quote_and_in_order() -> None:
    quote = "As many as 230,000 Armenians from Azerbaijan and 800,000 Azerbaijanis"
    assert _pieces_in_order("As many as … 800,000", quote)
    assert not _pieces_in_order("800,000 … As many as", quote)
    assert not _pieces_in_order("As many as … 900,000", quote)
    assert not _pieces_in_order("As many as … ", quote)


@pytest.mark.parametrize("claim", [c for c in CLAIMS if GAP in c["phrase"]], ids=str)
def test_an_elided_phrase_reads_as_its_pieces_joined(claim: dict[str, str]) -> None:
    joined = claim["phrase"].replace(GAP, " ")
    assert parse_figure(claim["phrase"]) == parse_figure(joined)
    assert claim["phrase"].count(GAP) == 1
    assert "(…)" in claim["notes"], "the note says what the elision leaves out"


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


@pytest.mark.parametrize(("second", "first"), COORDINATED.items(), ids=str)
def test_coordinated_figures_take_their_leading_qualifier(second: str, first: str) -> None:
    lead, claim = BY_KEY[first], BY_KEY[second]
    words = claim["phrase"].split(GAP)[0]
    assert lead["phrase"].startswith(words), "the qualifier is the first figure's, as written"
    assert lead["quote"] == claim["quote"]
    assert claim["qualifier"] == lead["qualifier"] == parse_figure(words + " 1").qualifier
    assert claim["qualifier"] != "exact"
    assert f"'{words}'" in claim["notes"] and "governs this one too" in claim["notes"]
    assert not [c for c in CLAIMS if "may also govern" in c["notes"]]


@pytest.mark.parametrize(("key", "answers"), ZEROS.items(), ids=str)
def test_zero_claims_answer_a_figure_within_their_scope(key: str, answers: tuple[str, str]) -> None:
    claim, (other, scope) = BY_KEY[key], answers
    answered = BY_KEY[other]
    assert (claim["qualifier"], claim["best"], claim["low"], claim["high"]) == (
        "exact",
        "0",
        "",
        "",
    )
    assert claim["phrase"].startswith("no prisoners-of-war")
    assert claim["scope"] == scope and scope in claim["quote"], "the scope is the article's words"
    assert not answered["scope"]
    assert (claim["event"], claim["metric"], claim["population"]) == (
        answered["event"],
        answered["metric"],
        answered["population"],
    )


def test_the_unnamed_investigation_stays_unattributed() -> None:
    claim = BY_KEY["post-war-prisoners-prisoners-quarries-unattributed"]
    assert (claim["claimant"], claim["claimant_kind"], claim["affiliation"]) == (
        "unattributed",
        "unattributed",
        "",
    )
    assert claim["phrase"] == "no prisoners-of-war … the same conclusion"
    assert "A similar investigation arrived at the same conclusion" in claim["quote"]
    helsinki = BY_KEY["post-war-prisoners-prisoners-helsinki-initiative-92"]
    assert (helsinki["claimant"], helsinki["claimant_kind"], helsinki["affiliation"]) == (
        "Helsinki Initiative 92",
        "ngo",
        "none",
    )
    (source,) = [s for s in _table("sources") if s["name"] == "Helsinki Initiative 92"]
    assert (source["kind"], source["affiliation"], source["aliases"]) == ("ngo", "none", "")


def test_half_is_a_share_of_nagorno_karabakh_without_a_stored_number() -> None:
    claim = BY_KEY[HALF]
    assert (claim["qualifier"], claim["phrase"], claim["scope"]) == (
        "vague",
        "nearly half",
        "of Nagorno-Karabakh",
    )
    assert claim["low"] == claim["high"] == claim["best"] == ""
    assert parse_figure(claim["phrase"]).vague == "nearly half"
    assert f"half {claim['scope']}" in claim["quote"]
    units = {m["name"]: m["unit"] for m in _table("metrics")}
    assert units[claim["metric"]] == "percent"
    # A share word on a count would read 45–50 people: only percent metrics hold one.
    shares = [c for c in CLAIMS if c["qualifier"] == "vague" and parse_figure(c["phrase"]).percent]
    assert {units[c["metric"]] for c in shares} == {"percent"}


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


def test_zero_claims_are_shown_with_their_scope(run, seeded: Engine) -> None:  # type: ignore[no-untyped-def]
    result = run("check", "post-war-prisoners", "prisoners", "0")
    assert result.exit_code == 0, result.stderr
    assert "[Azerbaijan's quarries]" in result.stdout
    assert "[two prisons in Shusha and Stepanakert]" in result.stdout
    assert "matches Helsinki Initiative 92 (no prisoners-of-war" in result.stdout
    result = run("compare", "post-war-prisoners")
    assert result.exit_code == 0, result.stderr
    headings = [
        line for line in result.stdout.splitlines() if line.startswith("post-war-prisoners")
    ]
    assert len(headings) == 4, "the zero claims are never pooled with the figures they answer"
    assert "prisoners / azerbaijanis [two prisons in Shusha and Stepanakert]" in result.stdout
    assert "no prisoners-of-war … the same conclusion" in result.stdout


def test_the_half_convention_is_labelled_as_a_share(run, seeded: Engine) -> None:  # type: ignore[no-untyped-def]
    result = run("compare", "operation-goranboy", "--metric", "territory_share")
    assert result.exit_code == 0, result.stderr
    assert "[of Nagorno-Karabakh]" in result.stdout
    assert "vague (convention 45–50 %)" in result.stdout
    result = run("compare", "nagorno-karabakh-war", "--metric", "territory_share")
    assert "nearly half" not in result.stdout, "never pooled with the shares of Azerbaijan"


def test_coordinated_claims_listed_with_their_qualifier(run, seeded: Engine) -> None:  # type: ignore[no-untyped-def]
    result = run("claims", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {r["key"]: r for r in csv.DictReader(result.stdout.splitlines())}
    listed = {k: (rows[k]["qualifier"], rows[k]["phrase"]) for k in COORDINATED}
    assert listed == {
        "nagorno-karabakh-war-displaced-azerbaijanis-unattributed": (
            "at_most",
            "As many as … 800,000",
        ),
        "yukhari-askipara-fighting-1990-wounded-azerbaijani-media": (
            "approximately",
            "about … 100",
        ),
        "malibeyli-karadagly-agdaban-1992-wounded-unattributed": ("at_least", "at least … 140"),
        "nagorno-karabakh-war-displaced-armenians-unattributed-3": (
            "approximately",
            "An estimated … 30,000",
        ),
    }
