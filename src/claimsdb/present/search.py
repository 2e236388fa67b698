"""search's hits in words: each matching word marked in its context."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from claimsdb.names import fold

if TYPE_CHECKING:
    from claimsdb.read.search import Hit

COLUMNS = ("kind", "key", "field", "context")
WIDTH = 8  # words shown each side of the first match


def context(body: str, wanted: list[str], width: int = WIDTH) -> str:
    """The words of ``body`` around the first match, each matching word marked «so»."""
    pieces = re.findall(r"\S+", body)
    marked = []
    first = None
    for n, piece in enumerate(pieces):
        hit = any(w.startswith(t) for w in fold(piece).split() for t in wanted)
        if hit and first is None:
            first = n
        marked.append(f"«{piece}»" if hit else piece)
    start = max(0, (first or 0) - width)
    end = min(len(pieces), (first or 0) + width + 1)
    shown = " ".join(marked[start:end])
    return ("… " if start else "") + shown + (" …" if end < len(pieces) else "")


def hit_rows(hits: list[Hit], wanted: list[str]) -> list[dict[str, Any]]:
    """One row per hit (``COLUMNS``, plus ``words``, ``name`` and ``score``): what it is, the
    key to use next, the field that matched, the matching words in context, and how many of
    the words it holds ("1 of 2" when nothing holds them all)."""
    return [
        {
            "kind": h.kind,
            "key": h.key,
            "field": h.field,
            "context": context(h.text, wanted),
            "words": f"{h.shared} of {len(wanted)}",
            "name": h.name,
            "score": round(h.score, 3),
        }
        for h in hits
    ]
