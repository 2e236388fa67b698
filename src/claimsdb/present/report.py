"""What the workbook and the page share: the sets in the order a report lists them, each with its
claims in claim order (each claim as the database stores it, with its own period), the lines
under each set's table (periods that differ, contradictions) and the Summary's rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimsdb.present.colours import speaks_for
from claimsdb.present.groups import group_title, in_claim_order
from claimsdb.present.summaries import summary_row
from claimsdb.present.words import amount, in_words, plural, unit_of

if TYPE_CHECKING:
    import pandas as pd

    from claimsdb.analysis.results import Reconciled

ORDER = ["event", "metric", "population", "period"]
# A set's claims table, with each column's width in the workbook; the page leaves out the key.
CLAIM_COLUMNS = (
    ("claimant", 20),
    ("affiliation", 12),
    ("phrase", 14),
    ("period", 13),
    ("low", 8),
    ("best", 8),
    ("high", 8),
    ("role", 22),
    ("claimed on", 10),
    ("quote", 42),
    ("document", 14),
    ("key", 22),
)
# The Summary an editor reads: one row per comparable set, each with its width in the workbook.
# What a set is and when; who says what, as written; the figures the sources wrote; then what
# claimsdb computes from them, a value resting on a convention marked so. The other methods
# (independent range, conservative value, spread) are reconcile's and the Method sheet's.
SUMMARY_COLUMNS = (
    ("event", 18),
    ("metric", 12),
    ("population", 16),
    ("period", 14),
    ("within", 16),
    ("claims", 12),
    ("who says what", 40),
    ("stated figures", 12),
    ("consensus", 18),
    ("partisan gap", 15),
    ("envelope", 13),
    ("median", 13),
)
SUMMARY_NAMES = [name for name, _ in SUMMARY_COLUMNS]
BY_CONVENTION = "by convention"
CONVENTION_NOTE = (
    f"A value marked '{BY_CONVENTION}' rests on one of claimsdb's conventions, not on a number "
    "a source wrote: the bounds given to a vague word (several hundred: 300 to 999) or the "
    "tolerance around an approximate figure (about 9 %: 8.1 to 9.9 %). The conventions are "
    "listed under Method and caveats."
)
_STATED = ("low", "best", "high")
# What a report's table, its chart and its plot read of each explained claim: only these are
# kept, so a report of 100,000 claims holds no more than it shows.
TABLE_FIELDS = (
    "id", "key", "group", "claimant", "phrase", "reason", "role", "lower", "upper", "point",
    "shape", "convention", "status", "part_of", "affiliation",
)  # fmt: skip


@dataclass(frozen=True)
class SetNotes:
    """What a report says about its claims beyond the reconciliation, as compare says it:
    ``periods``, each claim's period as written, by claim id
    (``claimsdb.services.scope.claim_periods``), and ``contradictions``, the notes of
    ``claimsdb.present.nested.contradiction_notes`` (``group``: the enclosing set, ``note``);
    ``event_names``, each event's name by slug, as the Summary and the sheets name events."""

    periods: pd.Series
    contradictions: pd.DataFrame
    event_names: dict[str, str] = field(default_factory=dict)  # slug -> name

    @property
    def contradicted(self) -> set[int]:
        """The sets holding a claim that a figure for a shorter period exceeds."""
        found = self.contradictions
        return set() if found.empty else {int(g) for g in found["group"]}


def set_title(head: dict[str, Any], *, event: bool = True) -> str:
    """A set's heading in a report, its periods in words and its metric as the Summary writes
    it: ``Khojaly massacre · killed / civilians, 25–26 Feb 1992 — 8 claims, 7 origins``."""
    metric = str(head["metric"]).replace("_", " ")  # as the Summary names it
    return in_words(group_title({**head, "metric": metric}, event=event))


def report_caveats(overlap: float) -> list[str]:
    """The method's caveats (``claimsdb.present.caveats``) with their periods in words, as the
    report writes periods."""
    from claimsdb.present.caveats import caveats

    return [in_words(text) for text in caveats(overlap)]


def groups_in_order(reconciled: Reconciled) -> pd.DataFrame:
    """The reconciled sets by event, metric, population and period, each followed by the sets
    shown under it (its parts, its sub-periods)."""
    from claimsdb.present.groups import in_shown_order

    return in_shown_order(reconciled.groups)


CONTRADICTED = "contradicted by a figure for a shorter period: see the set's table"


def summary_rows(
    reconciled: Reconciled,
    by_key: dict[str, dict[str, str]] | None = None,
    event_names: dict[str, str] | None = None,
    contradicted: set[int] | frozenset[int] = frozenset(),
) -> list[list[Any]]:
    """The Summary's rows (``SUMMARY_COLUMNS``), one per set in ``groups_in_order``: the event
    by name (``event_names``: slug -> name), what a nested set is within, each claimant with
    its figure as written and the range of the figures the sources wrote (from ``by_key``, the
    interchange rows by key), and what claimsdb computes: a value resting on a vague word's
    convention says so, and a median that is the midpoint of figures far apart says so as
    reconcile does ("between 120 and 121 (figures 8.6× apart: a midpoint, not an
    estimate)"); a set in ``contradicted`` (holding a claim a shorter period's figure exceeds)
    says so beside its consensus, and a set with fewer than two finite figures says only why
    there is nothing to agree on ("only one claim gives a finite figure")."""
    from claimsdb.present.methods import MIDPOINT_OF_TWO
    from claimsdb.present.summaries import SUMMARY

    table = reconciled.table
    medians = table[table["method"] == "median"].set_index("group")["note"]
    explained = reconciled.explained
    claims: dict[int, list[dict[str, Any]]] = {}
    if explained is not None:
        columns = ["group", "key", "claimant", "phrase", "status", "role", "point"]
        for r in in_claim_order(explained)[columns].to_dict("records"):
            claims.setdefault(int(r["group"]), []).append(r)
    names = [name for name, _ in SUMMARY]
    rows = []
    for g in groups_in_order(reconciled).to_dict("records"):
        unit = unit_of(g)
        cells = dict(zip(names, summary_row(g), strict=True))
        note = medians.get(g["group"], "")
        mine = claims.get(int(g["group"]), [])
        if note == MIDPOINT_OF_TWO:  # name them: "549 (midpoint of 485 and 613)"
            two = sorted(
                float(r["point"]) for r in mine if r["role"] == "used" and r["point"] == r["point"]
            )
            if len(two) == 2:
                note = f"midpoint of {amount(two[0], unit)} and {amount(two[1], unit)}"
        if note and isinstance(note, str):
            cells["median"] = f"{amount(g['median'], unit)} ({note})"
        for method in ("envelope",):
            flags = (g[f"{method}_low_convention"], g[f"{method}_high_convention"])
            if cells[method] not in ("", "none") and any(f is True or f == 1 for f in flags):
                cells[method] += f" ({BY_CONVENTION})"
        stored = [(by_key or {}).get(r["key"], {}) for r in mine]
        if int(g["n"]) < 2 and int(g["k"]) < 2:
            # nothing to agree with: said as a fact, not as a "none" a reader takes for a quarrel
            cells["consensus"] = str(cells["consensus"]).removeprefix("none: ")
        if int(g["group"]) in contradicted:
            cells["consensus"] = f"{cells['consensus']}; {CONTRADICTED}"
        cells |= {
            "event": (event_names or {}).get(str(g["event"]), str(g["event"])),
            "metric": str(g["metric"]).replace("_", " "),  # wraps in a narrow column
            "population": cells["population"] + (f" [{g['scope']}]" if g.get("scope") else ""),
            "period": in_words(str(cells["period"])),
            "within": in_words(g.get("within") or ""),
            "claims": _claims(int(g["claims"]), int(g["origins"])),
            "who says what": _who_says_what(mine, stored),
            "stated figures": _stated(stored, unit),
        }
        rows.append([cells[name] for name in SUMMARY_NAMES])
    return rows


def _claims(claims: int, origins: int) -> str:
    """``8``; ``8 (7 origins)`` where a claim repeats another's figure."""
    return str(claims) if claims == origins else f"{claims} ({plural(origins, 'origin')})"


def _who_says_what(claims: list[dict[str, Any]], stored: list[dict[str, str]]) -> str:
    """``Azerbaijani authorities (Azerbaijan): 613; Human Rights Watch (independent): at least
    161``: each claim of a set, its claimant, the party it speaks for (or "independent",
    "affiliation unknown") and its figure as written; one no longer active says so."""
    said = []
    for claim, row in zip(claims, stored, strict=True):
        who = row.get("claimant") or str(claim["claimant"])
        affiliation = speaks_for(row.get("affiliation"))
        status = row.get("status") or str(claim["status"])
        gone = "" if status == "active" else f" ({status})"
        said.append(f"{who} ({affiliation}): {row.get('phrase') or claim['phrase']}{gone}")
    return "; ".join(said)


def _stated(stored: list[dict[str, str]], unit: str | None) -> str:
    """The lowest and the highest figure the active claims of a set wrote, each with its mark:
    ``≥ 161 to 613``, ``≤ 70``, ``8 to 11``; "none" when they give only vague words."""
    ends: list[tuple[float, str]] = []
    for row in stored:
        if row.get("status", "active") != "active":
            continue
        low, best, high = (row.get(k) or "" for k in _STATED)
        if best:
            ends.append((float(best), amount(float(best), unit)))
        if low:
            ends.append((float(low), ("" if high or best else "≥ ") + amount(float(low), unit)))
        if high:
            ends.append((float(high), ("" if low or best else "≤ ") + amount(float(high), unit)))
    if not ends:
        return "none"
    lowest, highest = min(ends), max(ends)
    return lowest[1] if lowest == highest else f"{lowest[1]} to {highest[1]}"


@dataclass
class SetTable:
    """One table of a report: the set heading it, the claims it shows (its own in claim order,
    then its parts and sub-periods, each a row of ``claim_cells`` input: the explained claim
    with the claimant, affiliation and phrase as stored and its own ``period`` as written) and
    the lines under it (periods that differ, contradictions), as compare prints them."""

    head: dict[str, Any]
    rows: list[dict[str, Any]]
    lines: list[str]
    shown: list[int]  # the sets whose claims it shows: the head's first


def set_tables(
    reconciled: Reconciled, by_key: dict[str, dict[str, str]], notes: SetNotes
) -> Iterator[SetTable]:
    """Each table of a report, in ``groups_in_order``: one pass over the claims, each set's
    claims found by a dictionary, not a search, so the report grows with the claims. A table's
    rows are as compare's: the set's own claims in claim order, each whole followed by its
    parts, then the sub-periods' claims; a nested claim's ``claimant`` reads ``↳ women:
    Azerbaijani authorities`` (a part's population, a sub-period's period) and ``under`` holds
    that mark ("" for the set's own claims)."""
    from claimsdb.present.nested import panels

    explained = reconciled.explained
    assert explained is not None, "a report needs reconcile(..., explain=True)"
    groups = groups_in_order(reconciled)
    periods = notes.periods.to_dict()
    ordered = in_claim_order(explained)
    found = notes.contradictions
    said: dict[int, list[str]] = {}
    if not found.empty:
        for g, note in zip(found["group"], found["note"], strict=True):
            said.setdefault(int(g), []).append(str(note))
    fields = [c for c in TABLE_FIELDS if c in ordered]
    for head, shown, rows in panels(ordered[fields], groups):
        lines = [f"periods differ: {head['periods_differ']}"] if head.get("periods_differ") else []
        lines += [note for g in shown for note in said.get(g, [])]
        yield SetTable(head, _as_stored(rows, by_key, periods), lines, shown)


def _as_stored(
    rows: list[dict[str, Any]], by_key: dict[str, dict[str, str]], periods: dict[Any, Any]
) -> list[dict[str, Any]]:
    """``rows`` with the claimant, affiliation (``unknown`` when empty) and phrase of the stored
    claims (``by_key``: interchange rows by key), as the charts label them, and ``period``, each
    claim's own period as written (``periods``, by claim id; "" for none); a claim shown under
    another set keeps its mark (``under``) before its claimant."""
    out = []
    for r in rows:
        s = by_key.get(r["key"], {})
        period = periods.get(r["id"], "")
        out.append(
            {
                **r,
                "claimant": r.get("under", "") + s.get("claimant", str(r["claimant"])),
                "affiliation": s.get("affiliation") or "unknown",
                "phrase": s.get("phrase", ""),
                "period": "" if period is None or period != period else str(period),
            }
        )
    return out


def claim_cells(r: dict[str, Any], by_key: dict[str, dict[str, str]]) -> dict[str, str]:
    """A claim's cells under ``CLAIM_COLUMNS`` (``r`` a row of ``as_stored``; the figure and
    the source as stored, the period as written), and ``url``: its document's web address, ""
    unless http(s)."""
    stored = by_key.get(r["key"], {})
    url = stored.get("url", "")
    return {
        "claimant": r["claimant"],
        "affiliation": "independent" if r["affiliation"] == "none" else r["affiliation"],
        "phrase": r["phrase"],
        "period": in_words(r["period"]),
        **{k: stored.get(k, "") for k in ("low", "best", "high")},
        "role": r["reason"],
        "claimed on": stored.get("claimed_on", ""),
        "quote": stored.get("quote", ""),
        "document": stored.get("document", ""),
        "key": r["key"],
        "url": url if url.startswith(("http://", "https://")) else "",
    }
