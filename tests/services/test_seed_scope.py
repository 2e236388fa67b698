"""The bundled data set states what its territory figures and its zero figures cover, and which
metrics accumulate."""

from __future__ import annotations

import csv
from importlib.resources import files
from pathlib import Path

from sqlalchemy import select

from claimsdb.read.claims import claim_rows
from claimsdb.store.engine import make_engine, reading
from claimsdb.store.models import Metric

SEED = Path(str(files("claimsdb.seed")))
TERRITORY = {
    "nagorno-karabakh-war-territory-share-azerbaijan": ("20", "including Nagorno-Karabakh"),
    "nagorno-karabakh-war-territory-share-other-sources": ("40", "including Nagorno-Karabakh"),
    "nagorno-karabakh-war-territory-share-unattributed": ("9", "excluding Nagorno-Karabakh"),
    "nagorno-karabakh-war-territory-share-unattributed-2": ("9", "excluding Nagorno-Karabakh"),
}
# Figures that cover part of what their population word says, in the article's own words.
PARTIAL = {
    "post-war-prisoners-prisoners-helsinki-initiative-92": (
        "0",
        "two prisons in Shusha and Stepanakert",
    ),
    "post-war-prisoners-prisoners-quarries-unattributed": ("0", "Azerbaijan's quarries"),
    "operation-goranboy-territory-share-unattributed": ("", "of Nagorno-Karabakh"),
}
SCOPED = {**TERRITORY, **PARTIAL}
ACCUMULATING = {
    "killed",
    "wounded",
    "missing",
    "raped",
    "displaced",
    "refugees",
    "expelled",
    "casualties",
    "equipment_lost",
}


def _table(name: str) -> list[dict[str, str]]:
    with (SEED / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_only_the_territory_and_partial_claims_state_a_scope() -> None:
    scoped = {
        c["key"]: (c["best"] or c["high"], c["scope"]) for c in _table("claims") if c["scope"]
    }
    assert scoped == SCOPED


def test_a_partial_scope_is_written_in_its_quote() -> None:
    for claim in _table("claims"):
        if claim["key"] in PARTIAL:
            assert claim["scope"] in claim["quote"]
            assert "scope" in claim["notes"]


def test_the_scope_is_what_the_quote_or_its_sentence_says() -> None:
    article = (SEED / "nagorno-karabakh-war.txt").read_text(encoding="utf-8").split("\n")
    for claim in _table("claims"):
        if claim["key"] not in TERRITORY:
            continue
        paragraph = article[int(claim["locator"].removeprefix("para ")) - 1]
        if claim["scope"].startswith("excluding"):
            assert "outside the enclave" in claim["quote"] or "itself is excluded" in claim["quote"]
        else:  # the sentence around it says the figures come down to 9% without the enclave
            assert "if Nagorno-Karabakh itself is excluded" in paragraph
        assert "Nagorno-Karabakh" in claim["notes"] or "enclave" in claim["notes"]


def test_metrics_say_whether_they_accumulate() -> None:
    metrics = {m["name"]: m["accumulates"] for m in _table("metrics")}
    assert metrics == {n: "true" if n in ACCUMULATING else "false" for n in metrics}
    assert len(metrics) == 14


def test_the_seeded_database_holds_them(seeded_url: str) -> None:
    engine = make_engine(seeded_url)
    try:
        with reading(engine) as conn:
            rows = {r["key"]: r["scope"] for r in claim_rows(conn, keys=list(SCOPED))}
            accumulates = dict(conn.execute(select(Metric.name, Metric.accumulates)).all())
    finally:
        engine.dispose()
    assert rows == {key: scope for key, (_, scope) in SCOPED.items()}
    assert accumulates == {n: n in ACCUMULATING for n in accumulates}
