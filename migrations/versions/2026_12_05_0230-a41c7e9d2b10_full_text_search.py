"""Full-text search over names, descriptions, titles, quotes and notes, kept in step by the database.

What is searched (``claimsdb.read.search.TARGETS`` reads the same list): event names (slug, name
and aliases, ``event_names.name``), event descriptions, source names and aliases
(``source_names.name``), document titles, and claims' quotes and notes.

Text is folded as ``claimsdb.names.fold`` folds a name — case and accents stripped ("Xocalı" and
"Xocali" meet), apostrophes and brackets dropped, hyphens, dots and slashes read as spaces — so a
query folded in Python finds it. The folding is frozen here, computed from the Unicode tables
for Latin letters; a test checks it against ``fold`` for every letter it covers.

- SQLite: one FTS5 table per searched column set (``search_event_names``, ``search_events``,
  ``search_source_names``, ``search_documents``, ``search_claims``), rowid = the row's id,
  holding the folded text, kept in step by ``AFTER INSERT/UPDATE/DELETE`` triggers and filled
  from the existing rows here. The ``unicode61`` tokenizer strips the accents it can; the
  triggers' ``replace`` chain folds the letters it cannot (ı, ə, ø, ł, æ, ß …, found by asking
  the tokenizer when the migration runs) and the dropped characters.
- PostgreSQL: an immutable SQL function ``claimsdb_fold(text)`` (the same folding, by
  ``translate`` and ``replace``, then ``lower``) and a GIN index on
  ``to_tsvector('simple', claimsdb_fold(…))`` per searched table: its own full-text search, in
  step with every write because it is an index.

Revision ID: a41c7e9d2b10
Revises: 03e61b2c573e
Create Date: 2026-12-05 02:30:00.000000

"""

import unicodedata
from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "a41c7e9d2b10"
down_revision: str | Sequence[str] | None = "03e61b2c573e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (FTS table or index name, searched table, its columns)
TARGETS = (
    ("search_event_names", "event_names", ("name",)),
    ("search_events", "events", ("description",)),
    ("search_source_names", "source_names", ("name",)),
    ("search_documents", "documents", ("title",)),
    ("search_claims", "claims", ("quote", "notes")),
)
TOKENIZER = "unicode61 remove_diacritics 2"

# What claimsdb.names.fold does besides case and accents: letters NFKD leaves whole, characters
# it drops, and separators it reads as a space.
_EXTRA = {"ı": "i", "ə": "e", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "þ": "th", "æ": "ae"}
_EXTRA |= {"œ": "oe", "ŋ": "n"}
DROPPED = "’'`´\"“”«»()[],;:!?"
SEPARATORS = "-‐‑‒–—_./"
LATIN = [*range(0xC0, 0x250), *range(0x1E00, 0x1F00), 0x259, 0x18F]


def _fold_letter(ch: str) -> str:
    text = unicodedata.normalize("NFKD", ch.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(_EXTRA.get(c, c) for c in text)


def letter_folds() -> dict[str, str]:
    """Each Latin letter that folds to plain ASCII letters, and what it folds to."""
    out = {}
    for point in LATIN:
        ch = chr(point)
        folded = _fold_letter(ch)
        if ch.isalpha() and folded and folded.isascii() and folded.isalpha() and folded != ch:
            out[ch] = folded
    return out


def _tokenizer_misses(folds: dict[str, str]) -> dict[str, str]:
    """The letters this SQLite's unicode61 tokenizer does not fold as ``fold`` does, found by
    asking it (an in-memory FTS5 table), so the triggers replace only those."""
    import sqlite3

    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(f"CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='{TOKENIZER}')")
        letters = list(folds.items())
        probe.executemany(
            "INSERT INTO probe (rowid, text) VALUES (?, ?)",
            [(n, f"q{ch}q") for n, (ch, _) in enumerate(letters)],
        )
        misses = {}
        for n, (ch, folded) in enumerate(letters):
            hits = probe.execute(
                "SELECT rowid FROM probe WHERE probe MATCH ?", (f'"q{folded}q"',)
            ).fetchall()
            if (n,) not in hits:
                misses[ch] = folded
        return misses
    finally:
        probe.close()


def _replaced(expression: str, pairs: dict[str, str]) -> str:
    for old, new in pairs.items():
        expression = f"replace({expression}, {_literal(old)}, {_literal(new)})"
    return expression


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _punctuation() -> dict[str, str]:
    return {c: "" for c in DROPPED} | {c: " " for c in SEPARATORS}


def sqlite_fold(column: str) -> str:
    """The SQL that folds ``column`` for SQLite's FTS5 tables: the letters the tokenizer misses
    that have no Unicode decomposition at all (ø, ł, ı, ə, æ, ß …; SQLite's parser allows only
    some 30 nested calls, so the rare compatibility digraphs such as ǆ and ĳ are left to
    PostgreSQL), the apostrophes that would split a word, and the comma inside a number."""
    misses = _tokenizer_misses(letter_folds())
    letters = {c: f for c, f in misses.items() if not unicodedata.decomposition(c)}
    joiners = {c: "" for c in "’'`´,"}
    return _replaced(f"coalesce({column}, '')", letters | joiners)


def postgresql_function() -> str:
    """``claimsdb_fold(text)``: the folding as an immutable SQL function."""
    folds = letter_folds()
    single = {c: f for c, f in folds.items() if len(f) == 1}
    several = {c: f for c, f in folds.items() if len(f) > 1}
    inner = _replaced("$1", several | _punctuation())
    translated = (
        f"translate({inner}, {_literal(''.join(single))}, {_literal(''.join(single.values()))})"
    )
    return (
        "CREATE FUNCTION claimsdb_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE"
        f" AS $$ SELECT lower({translated}) $$"
    )


def postgresql_document(columns: tuple[str, ...]) -> str:
    """The indexed expression of a searched table (``claimsdb.read.search`` writes the same)."""
    joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    return f"to_tsvector('simple'::regconfig, claimsdb_fold({joined}))"


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(postgresql_function())
        for name, table, columns in TARGETS:
            op.execute(f"CREATE INDEX {name} ON {table} USING gin ({postgresql_document(columns)})")
        return
    for name, table, columns in TARGETS:
        listed = ", ".join(columns)
        op.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({listed}, tokenize='{TOKENIZER}')")
        op.execute(
            f"INSERT INTO {name} (rowid, {listed}) SELECT id, "
            + ", ".join(sqlite_fold(c) for c in columns)
            + f" FROM {table}"
        )
        added = ", ".join(sqlite_fold(f"new.{c}") for c in columns)
        insert = f"INSERT INTO {name} (rowid, {listed}) VALUES (new.id, {added});"
        delete = f"DELETE FROM {name} WHERE rowid = old.id;"
        op.execute(f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {delete} END")
        op.execute(
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {listed} ON {table}"
            f" BEGIN {delete} {insert} END"
        )


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        for name, *_ in TARGETS:
            op.execute(f"DROP INDEX {name}")
        op.execute("DROP FUNCTION claimsdb_fold(text)")
        return
    for name, *_ in TARGETS:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER {name}_{event}")
        op.execute(f"DROP TABLE {name}")
