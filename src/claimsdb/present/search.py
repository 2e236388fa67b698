"""search's hits in words: each matching word marked in its context."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from claimsdb.names import fold

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


class Hit(Protocol):
    """What a search hit tells (``claimsdb.read.search.Hit`` is one): present reads no storage."""

    @property
    def kind(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def shared(self) -> int: ...


def hit_rows(hits: Sequence[Hit], wanted: list[str]) -> list[dict[str, Any]]:
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
