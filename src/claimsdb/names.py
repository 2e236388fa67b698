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


def nearest(name: str, candidates: dict[str, str], limit: int = 3) -> list[str]:
    """Shown names whose folded form is near ``name``'s; ``candidates`` maps folded -> shown."""
    folded = fold(name)
    # What people type is the start of a name or of one of its words ("khoj", "askeran"):
    # those come first, then names that are spelt alike.
    starts = sorted(
        (f for f in candidates if folded and any(w.startswith(folded) for w in [f, *f.split()])),
        key=lambda f: (not f.startswith(folded), len(f), f),
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
