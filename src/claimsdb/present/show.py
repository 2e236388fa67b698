"""One claim in full, as ``claimsdb show`` prints it: its fields, its quote within its paragraph,
its lineage, its parts and its history."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from claimsdb.present.words import period_text

Style = Callable[[str], str]


def _plain(text: str) -> str:
    return text


def claim_text(detail: Any, bold: Style = _plain) -> str:
    """The text view of ``detail`` (``claimsdb.read.claims.ClaimDetail``); ``bold`` marks the key
    and the quote (the terminal passes its own styling; the default leaves text plain)."""
    c = detail.claim
    lines = [bold(f"{c['key']}") + f"  [{c['status']}]"]
    lines.append(
        f"  {detail.event_name} · {c['metric']}"
        + (f" · {c['population']}" if c["population"] else "")
    )
    numbers = ", ".join(f"{n}={c[n]}" for n in ("low", "best", "high") if c[n])
    lines.append(
        f"  figure:     {c['phrase']!r} ({c['qualifier']}{'; ' + numbers if numbers else ''})"
    )
    claimant = (
        f"{c['claimant']} ({c['claimant_kind']}, affiliation: {c['affiliation'] or 'unknown'})"
    )
    lines.append(f"  claimant:   {claimant}")
    fields = {
        "scope": c.get("scope"),  # a row from before claims had a scope has none
        "reported by": c["reported_by"],
        "claimed on": c["claimed_on"],
        # "since 1988-02" for a period open at its end, "before 1994" at its start
        "period": period_text(c["period_start"], c["period_end"]),
        "grade": c["grade"],
        "notes": c["notes"],
    }
    for label, value in fields.items():
        if value:
            lines.append(f"  {label + ':':<11} {value}")
    if c["document"]:
        where = f", {c['locator']}" if c["locator"] else ""
        lines.append(f"  document:   {detail.document_title or c['document']}{where}")
        if c["url"]:
            lines.append(f"  url:        {c['url']}")
    if c["quote"]:
        lines.append("")
        if detail.paragraph:
            lines.append("  quote, in its paragraph:")
            lines.append("  " + in_paragraph(detail.paragraph, c["quote"], bold))
        else:
            lines.append(f"  quote: “{c['quote']}”")
            if c["document"]:
                lines.append("  (not found in the stored document text)")
    lines += _relations(detail)
    return "\n".join(lines)


def listed_period(claim: Mapping[str, Any], event_period: tuple[str, str] | None = None) -> str:
    """A claim's period as a listing shows it: its own as written (``1987–1989``, ``since
    1988-02``), else the event's that the analysis gives it, marked so
    (``1992-02-25–1992-02-26 (event)``), else ""."""
    own = period_text(claim.get("period_start"), claim.get("period_end"))
    if own or not event_period:
        return own
    inherited = period_text(*event_period)
    return f"{inherited} (event)" if inherited else ""


def _relations(detail: Any) -> list[str]:
    """Lineage, repeats, the whole and the parts, and the history."""
    lines = []
    if detail.lineage:
        chain = " <- ".join([detail.claim["key"], *(p["key"] for p in detail.lineage)])
        lines.append(f"\n  repeats:    {chain}")
    if detail.repeats:
        lines.append(f"  repeated by: {', '.join(r['key'] for r in detail.repeats)}")
    if detail.whole:
        w = detail.whole
        lines.append(f"\n  part of:    {w['key']} ({w['phrase']!r} {_who(w)})")
    if detail.parts:
        lines.append("\n  parts:")
        lines.extend(f"    {p['key']}: {p['phrase']!r} {_who(p)}" for p in detail.parts)
    if detail.history:
        lines.append("\n  history:")
        for h in detail.history:
            what = h.note or ", ".join(h.changes) or ""
            why = f" ({h.reason})" if h.reason else ""
            lines.append(f"    #{h.revision} {h.at[:19]} {h.actor} {h.action}: {what}{why}")
    return lines


def _who(claim: Any) -> str:
    """A claim's population, and its scope in parentheses when it has one."""
    scope = claim.get("scope")
    return f"{claim['population']} ({scope})" if scope else claim["population"]


def in_paragraph(paragraph: str, quote: str, bold: Style = _plain) -> str:
    """The paragraph with the quote marked »so«, trimmed to 300 characters either side."""
    at = paragraph.find(quote)
    before, after = paragraph[:at], paragraph[at + len(quote) :]
    # Trim long paragraphs around the quote so it stays readable in a terminal.
    if len(before) > 300:
        before = "…" + before[-300:].split(" ", 1)[-1]
    if len(after) > 300:
        after = after[:300].rsplit(" ", 1)[0] + "…"
    return before + bold(f"»{quote}«") + after
