"""Folded names: one comparable form of an event or source name, whatever its accents or case.

``Xocalı``, ``Xocali``, ``KHOJALY-massacre`` and ``khojaly massacre`` must meet in one indexed
column on SQLite and PostgreSQL alike, so folding happens in Python and is stored, never done by the
database's collation.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

# Letters that NFKD leaves whole because they are not a base letter plus a combining mark.
_EXTRA_FOLDS = str.maketrans(
    {
        "ı": "i",
        "ə": "e",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ŋ": "n",
    }
)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_./]+")
_DROPPED = re.compile(r"[’'`´\"“”«»()\[\],;:!?]")


def fold(name: str) -> str:
    """The comparison form of a name: casefolded, accents stripped, separators as one space."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_EXTRA_FOLDS)
    text = _DROPPED.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def slugify(name: str) -> str:
    """A readable URL-safe slug: ``Khojaly massacre`` -> ``khojaly-massacre``."""
    folded = re.sub(r"[^a-z0-9 ]+", "", fold(name))
    return "-".join(folded.split()) or "unnamed"


LONGEST = 400  # the longest name (folded) that is looked up by its words or suggested for


def holds_words(name: str, candidate: str) -> int:
    """How many words of ``name`` are a word of ``candidate`` or the start of one (both as
    written or folded)."""
    have = fold(candidate).split()
    return sum(any(w.startswith(t) for w in have) for t in fold(name).split())


def word_matches(name: str, candidates: dict[str, str]) -> list[str]:
    """The folded candidates holding every word of ``name`` as a word or a word's start
    ("exodus" in "exodus of azerbaijanis from armenia"); ``candidates`` maps folded -> shown."""
    folded = fold(name)
    wanted = len(folded.split())
    if not wanted or len(folded) > LONGEST:
        return []
    return [f for f in candidates if holds_words(folded, f) == wanted]


def nearest(name: str, candidates: dict[str, str], limit: int = 5) -> list[str]:
    """Shown names near ``name``'s: those sharing most of its words (as words or word starts)
    first, then names that are spelt alike; ``candidates`` maps folded -> shown."""
    folded = fold(name)
    if len(folded) > LONGEST:  # nothing anyone types; no name is near it
        return []
    shared = {f: holds_words(folded, f) for f in candidates} if folded else {}
    # What people type is the start of a name or of one of its words ("khoj", "askeran"):
    # those come first, most words shared first, then the most alike, then names that are
    # spelt alike without sharing a word.
    starts = sorted(
        (f for f, n in shared.items() if n),
        key=lambda f: (
            -shared[f],
            not f.startswith(folded),
            -difflib.SequenceMatcher(None, folded, f).ratio(),
            len(f),
            f,
        ),
    )
    close = difflib.get_close_matches(folded, list(candidates), n=limit * 3, cutoff=0.6)
    shown: list[str] = []
    for f in starts + close:
        if candidates[f] not in shown:
            shown.append(candidates[f])
    return shown[:limit]


def did_you_mean(what: str, name: str, candidates: dict[str, str]) -> str:
    """The one-line message for a name that resolves to nothing."""
    near = nearest(name, candidates)
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    return f"unknown {what} {name!r}{hint}"
