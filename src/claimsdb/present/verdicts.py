"""check's verdicts in words: each cited claim's figure, the advice on a bound, the attribution
sentence a journalist can print, and the verdicts as the terminal, csv and json show them."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from claimsdb.analysis.check import PART, SUPPORTED
from claimsdb.analysis.origins import FINITE, FLOOR, VAGUE
from claimsdb.analysis.periods import PARTS, SET
from claimsdb.analysis.results import Verdict
from claimsdb.present.groups import group_name
from claimsdb.present.words import interval, number, periods, plural, unit_of

if TYPE_CHECKING:
    import pandas as pd

    from claimsdb.analysis.check import Judgement
    from claimsdb.analysis.results import CheckResult

NOTHING = "No source gives a figure for this."
UNNAMED = "unattributed"  # the claimant of figures nobody put a name to
FLAT: tuple[str, ...] = ("event", "metric", "population", "scope", "period", "set", "verdict")
FLAT += ("headline_set", "headline")
FLAT += ("from_consensus", "from_independent", "advice", "attribution")  # csv's columns


def verdicts(judgements: list[Judgement], claims: pd.DataFrame) -> list[Verdict]:
    """Each judgement of ``claimsdb.analysis.check.check`` worded; ``claims`` is the frame
    checked (its phrases are the figures cited)."""
    figures = figure_texts(claims)
    said = dict(zip(claims["id"].astype(int), periods(claims), strict=True))
    return [verdict(j, figures, said) for j in judgements]


def verdict(j: Judgement, figures: dict[int, str], said: dict[int, str] | None = None) -> Verdict:
    """One judgement worded: its cited claims with their figures (and periods as written, from
    ``said`` by claim id), advice and attribution."""
    if j.verdict == "no_claims":
        return Verdict(
            j.group,
            j.value,
            j.verdict,
            headline_set=j.headline_set,
            attribution=NOTHING,
            headline="no claims",
        )
    unit = unit_of(j.group)
    return Verdict(
        j.group,
        j.value,
        j.verdict,
        [cited(c, figures, unit, said) for c in j.matched],
        [cited(c, figures, unit, said) for c in j.contradicted],
        j.consensus,
        j.from_consensus,
        j.independent,
        j.from_independent,
        headline_set=j.headline_set,
        advice="" if j.verdict == PART else advice(j.bound, j.value),
        attribution="" if j.verdict == PART else attribution(j, figures),
        headline=headline(j, figures),
    )


def headline(j: Judgement, figures: dict[int, str]) -> str:
    """The verdict in a few words, naming whom VALUE agrees with or what it runs into:
    "matches Azerbaijani authorities (613 civilians)", "below the floor Human Rights Watch
    documented (at least 161)"."""
    population = f" {j.group['population']}" if j.group.get("population") else ""
    unit = unit_of(j.group)
    if j.verdict == PART:
        given = f": {_names(j.leads)} give {number(j.value)}" if j.leads else ""
        return f"part of a whole checked above, no verdict of its own{given}"
    if j.verdict == "within_consensus":
        spans = " or ".join(interval(lo, hi, unit) for lo, hi in j.consensus)
        return f"within the consensus ({spans})"
    exact = [c for c in j.leads if c["shape"] == FINITE]
    if exact:
        return f"matches {_names(exact)} ({figures[exact[0]['id']]}{population})"
    if j.leads:
        whose = "minimum" if j.leads[0]["shape"] == FLOOR else "maximum"
        return f"the {whose} {_names(j.leads)} gave ({figures[j.leads[0]['id']]}), not an estimate"
    if j.within is not None:
        return f"within the figure {_name(j.within)} gave ({figures[j.within['id']]}{population})"
    if j.verdict == "within_independent" and j.independent:
        return f"within the range of independent sources ({interval(*j.independent, unit)})"
    if j.verdict == "below_floor":
        floor = j.bound or next((c for c in j.contradicted if c["shape"] == FLOOR), None)
        if floor is not None:
            return f"below the floor {_name(floor)} documented ({figures[floor['id']]})"
        return "below every figure given"
    if j.verdict == "above_all":
        return "above every figure given"
    return "only within the envelope of all figures, matching none"


def figure_texts(claims: pd.DataFrame) -> dict[int, str]:
    """Each claim's figure as its source wrote it (the phrase), else in canonical words."""
    from claimsdb.figures import Figure, format_figure

    out = {}
    columns = ["id", "qualifier", "low", "high", "best", "vague"]
    phrases = claims.get("phrase")
    for n, row in enumerate(claims[columns].itertuples(index=False)):
        phrase = phrases.iloc[n] if phrases is not None else None
        if isinstance(phrase, str) and phrase.strip():
            out[int(row.id)] = _mid_sentence(phrase.strip())
            continue
        low, high, best = (_number(v) for v in (row.low, row.high, row.best))
        vague = row.vague if isinstance(row.vague, str) and row.vague else None
        figure = Figure(row.qualifier, low=low, high=high, best=best, vague=vague)
        out[int(row.id)] = format_figure(figure)
    return out


def _mid_sentence(phrase: str) -> str:
    """ "An estimated 400,000" reads "an estimated 400,000" inside a sentence; "UN" stays."""
    if len(phrase) > 1 and phrase[0].isupper() and phrase[1].islower():
        return phrase[0].lower() + phrase[1:]
    return phrase


def _number(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def cited(
    c: dict[str, Any],
    figures: dict[int, str],
    unit: str | None = None,
    said: dict[int, str] | None = None,
) -> dict[str, Any]:
    """A cited claim as outputs show it: with its ``figure`` and ``interval`` in words (in the
    metric's ``unit``) and, given ``said``, its ``period`` as written."""
    upper = math.inf if c["upper"] is None else c["upper"]
    words = {"figure": figures[c["id"]], "interval": interval(c["lower"], upper, unit)}
    if said is not None:
        words["period"] = said.get(c["id"], "")
    head = {k: c[k] for k in ("key", "claimant", "affiliation")}
    return head | words | {k: v for k, v in c.items() if k not in head and k != "id"}


def advice(bound: dict[str, Any] | None, value: float) -> str:
    """How to word VALUE when it is a bound someone gave rather than an estimate."""
    if bound is None:
        return ""
    word, whose = ("at least", "minimum") if bound["shape"] == FLOOR else ("up to", "maximum")
    owner = (
        f"the {whose} of an unattributed report"
        if bound["claimant"] == UNNAMED
        else f"{bound['claimant']}'s {whose}"
    )
    return f'{number(value)} is {owner}, not an estimate: write "{word} {number(value)}"'


def attribution(j: Judgement, figures: dict[int, str]) -> str:
    """A sentence a journalist can print: who gives VALUE, and who says otherwise."""
    if j.leads:
        exact = any(c["shape"] == FINITE for c in j.leads)
        figure = number(j.value) if exact else figures[j.leads[0]["id"]]
        sentence = f"{figure}, according to {_names(j.leads)}"
    elif j.within is not None:
        sentence = (
            f"{number(j.value)} is within the figure {_name(j.within)} gave"
            f" ({figures[j.within['id']]})"
        )
    else:
        sentence = f"No source gives {number(j.value)}"
    for c in j.contrast:
        sentence += f"; {_says(c, figures)}"
    return sentence[0].upper() + sentence[1:] + "."


def _name(c: dict[str, Any]) -> str:
    return "an unattributed report" if c["claimant"] == UNNAMED else str(c["claimant"])


def _names(cited: list[dict[str, Any]]) -> str:
    names = list(dict.fromkeys(_name(c) for c in cited))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _says(c: dict[str, Any], figures: dict[int, str]) -> str:
    figure = figures[c["id"]]
    if c["claimant"] == UNNAMED:
        return f"an unattributed report gives {figure}"
    verb = "documented" if c["shape"] == FLOOR else "give" if c["unattributed"] else "reported"
    return f"{c['claimant']} {verb} {figure}"


def verdict_row(v: Verdict) -> dict[str, Any]:
    """A verdict as json and csv give it (and the terminal reads it): spans in words."""
    return {
        "event": str(v.group["event"]),
        "metric": str(v.group["metric"]),
        "population": v.group["population"],
        "scope": v.group.get("scope") or "",
        "period": v.group["period"],
        "set": v.group.get("kind") or SET,
        "group": _plain(v.group.get("group")),
        "parent": _plain(v.group.get("parent")),
        "verdict": v.verdict,
        "headline_set": v.headline_set,
        "headline": v.headline,
        "value": v.value,
        "accumulates": bool(v.group.get("accumulates")),
        "matched": v.matched,
        "contradicted": v.contradicted,
        "consensus": [interval(lo, hi, unit_of(v.group)) for lo, hi in v.consensus],
        "periods_differ": v.group.get("periods_differ") or "",
        "contradictions": list(v.group.get("contradictions") or []),
        "from_consensus": v.from_consensus,
        "independent": interval(*v.independent, unit_of(v.group)) if v.independent else None,
        "from_independent": v.from_independent,
        "advice": v.advice,
        "attribution": v.attribution,
    }


def verdict_lines(result: CheckResult, rows: list[dict[str, Any]]) -> list[str]:
    """The verdicts (``verdict_row``s, headline first) as the terminal prints them: one line
    with the headline verdict, its set with every claim cited, its parts and sub-periods
    briefly, then the other sets one line each."""
    lines = []
    if result.as_of:
        undated = plural(len(result.left_out), "undated claim")
        lines.append(f"as of {result.as_of}: {undated} left out")
    if not rows:
        return lines
    value = number(result.value)
    known = {v["group"] for v in rows}
    heads = 0  # sets of their own met so far: the first is the headline, the rest "other sets"
    for v in rows:
        if v["set"] != SET and v["parent"] in known:
            lines += ["  " * (heads > 1) + line for line in _nested(v)]
            continue
        heads += 1
        if heads == 1:
            lines.append(f"{value} → {v['verdict']}: {v['headline']}")
            lines += _in_parts(v, rows)
            lines += _details(v)
            continue
        if heads == 2:
            lines += ["", "other sets:"]
        name = group_name(v, no_period="")
        lines.append(f"  {name}: {value} → {v['verdict']}: {v['headline']}")
    return lines


def _in_parts(head: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    """When VALUE does not hold for the whole but a part or sub-period under it gives VALUE, say
    so (and how to check a part alone)."""
    if head["verdict"] in SUPPORTED:
        return []
    value = number(head["value"])
    lines = []
    for v in rows:
        if v["parent"] != head["group"] or v["set"] == SET:
            continue
        if v["set"] == PARTS:
            lines += [
                f"  but {value} is a part's figure: {c['figure']} {v['population']}"
                f" ({c['claimant']}), a part of this whole; check it alone with"
                f" --population {v['population']}"
                for c in v["matched"]
            ]
        elif v["verdict"] in SUPPORTED:
            lines.append(f"  but for the sub-period {v['period']}, {value} {v['headline']}")
    return lines


def _plain(value: Any) -> int | None:
    return None if value is None else int(value)


def _details(v: dict[str, Any]) -> list[str]:
    """A set's verdict in full: its name, each cited claim on a line, consensus, independent
    range, advice and attribution."""
    lines = [group_name(v, no_period="")]
    differ = bool(v.get("periods_differ"))
    if differ:
        lines.append(f"  periods differ: {v['periods_differ']}")
    for label, cited in (("matches", v["matched"]), ("contradicts", v["contradicted"])):
        for c in cited:
            tag = " (convention)" if c["convention"] else ""
            period = f" for {c['period']}" if differ and c.get("period") else ""
            lines.append(
                f"  {label:<11} {c['claimant']}: {c['figure']}{period} [{c['interval']}]{tag}"
                f"  {c['key']}"
            )
    lines.append(f"  consensus   {where(v['consensus'], v['from_consensus'])}")
    lines.append(f"  independent {where([v['independent']], v['from_independent'])}")
    if v["advice"]:
        lines.append(f"  advice      {v['advice']}")
    lines.append(f"  attribution {v['attribution']}")
    lines += [f"  {note}" for note in v.get("contradictions") or []]
    return lines


def _nested(v: dict[str, Any]) -> list[str]:
    """A part or sub-period under its set: its claims' figures, without a verdict of its own for
    parts (VALUE is about the whole), with one for a sub-period."""
    cited = v["matched"] + v["contradicted"]
    if v["set"] == PARTS:
        value = number(v["value"])
        return [
            f"  part        {v['population'] or 'all'}: {c['figure']} ({c['claimant']})"
            + (f" ← gives {value}" if c in v["matched"] else "")
            + f"  {c['key']}"
            for c in cited
        ]
    figures = "; ".join(f"{c['figure']} ({c['claimant']})" for c in cited)
    line = f"  sub-period  {v['period']}: {figures}, not pooled"
    if v.get("accumulates"):
        floor = max((c["lower"] for c in cited if c["shape"] != VAGUE), default=None)
        line += ", a floor for the whole period"
        if floor is not None and v["value"] < floor:
            line += f": {number(v['value'])} is below it"
    return [line]


def where(spans: list[str | None], distance: float | None) -> str:
    """``485–613 (inside)``, ``≥ 161 (12% above)``, or ``none``."""
    shown = " and ".join(s for s in spans if s)
    if not shown:
        return "none"
    if distance is None or distance == 0:
        return f"{shown} (inside)"
    side = "above" if distance > 0 else "below"
    return f"{shown} ({abs(distance):.0%} {side})"
