"""Hostile command-line arguments: SQL metacharacters, quotes, bidi marks, combining characters,
NUL, lone surrogates and megabyte strings, given to the read commands and to add, edit, source add
and event add. Whatever comes in, claimsdb does the right thing or answers with a clean message and
leaves the database exactly as it was; an accepted text comes back byte for byte from
``show --format json`` and from ``export`` (CSV and JSON). The databases, the hostile text and the
checks are shared with the importers' tests: see ``tests/load/hostile.py``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from claimsdb.interchange import neutralise, restore
from claimsdb.store.models import Event, Revision, Source
from claimsdb.store.types import unstorable
from tests.load import hostile
from tests.load.hostile import (
    KEYS,
    MEGABYTE,
    PROPERTY,
    SLOW,
    SQL,
    UNSTORABLE,
    Db,
    csv_bytes,
    hostile_or_unstorable,
    import_file,
    refused,
    short,
    shown,
    stored,
)

# The databases these tests run on: fixtures of tests/load/hostile.py, shared with the importers'.
db, scratch, shared = hostile.db, hostile.scratch, hostile.shared


def exported_csv(db: Db, key: str, *filters: str) -> dict[str, str]:
    """The claim ``key`` as ``export`` writes it to stdout as CSV, formula guards undone."""
    result = db.run("export", *filters)
    assert result.exit_code == 0, result.stderr
    text = result.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF into LF
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert all(None not in row and None not in row.values() for row in rows), "ragged CSV"
    found = [{c: restore(v) for c, v in row.items()} for row in rows if row["key"] == key]
    assert len(found) == 1
    return found[0]


def exported(db: Db, key: str, *filters: str) -> tuple[dict[str, str], dict[str, str]]:
    """The claim ``key`` as ``export`` gives it in CSV and in JSON."""
    result = db.run("export", *filters, "--format", "json")
    assert result.exit_code == 0, result.stderr
    from_json = [c for c in json.loads(result.stdout)["claims"] if c["key"] == key]
    assert len(from_json) == 1
    return exported_csv(db, key, *filters), from_json[0]


# -- reading --------------------------------------------------------------------------------------

READS: list[Callable[[str], list[str]]] = [
    lambda x: ["claims", "--event", x],
    lambda x: ["claims", "--source", x],
    lambda x: ["claims", "--metric", x, "--format", "json"],
    lambda x: ["claims", "--population", x, "--affiliation", x],
    lambda x: ["compare", x],
    lambda x: ["show", x],
    lambda x: ["check", "khojaly", "killed", x],
    lambda x: ["document", "history", x],
    # the same lookups, reached through other commands
    lambda x: ["compare", "khojaly", "--metric", x],
    lambda x: ["history", x],
    lambda x: ["check", x, "killed", "613"],
    lambda x: ["export", "--event", x],
    lambda x: ["source", "history", x],
    lambda x: ["event", "history", x],
]


@PROPERTY
@given(
    text=hostile_or_unstorable,
    commands=st.lists(st.sampled_from(READS), min_size=1, max_size=3, unique=True),
)
def test_read_commands_take_any_argument(
    shared: Db, text: str, commands: list[Callable[[str], list[str]]]
) -> None:
    before = shared.state()
    for command in commands:
        shared.run(*command(text))
    assert shared.state() == before


def test_read_commands_take_a_megabyte_argument(shared: Db) -> None:
    for command in READS[:8]:  # one of each way a name or key is looked up
        started = time.monotonic()
        result = shared.run(*command(MEGABYTE))
        assert time.monotonic() - started < SLOW, f"{command('X')}: a 1 MB argument took too long"
        assert result.exit_code in (1, 2)
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("nul", UNSTORABLE, ids=["NUL", "high-surrogate", "low-surrogate"])
def test_unstorable_lookups_are_refused_alike(shared: Db, nul: str) -> None:
    """SQLite would simply find nothing; PostgreSQL's driver refuses to send such text."""
    for args, what in [
        (["claims", "--event", f"khojaly{nul}"], "event"),
        (["claims", "--source", f"HRW{nul}"], "source"),
        (["claims", "--metric", f"killed{nul}"], "metric"),
        (["show", f"khojaly-massacre-killed-hrw{nul}"], "claim"),
        (["compare", f"khojaly{nul}"], "event"),
        (["document", "history", f"nagorno-karabakh-war-article{nul}"], "document"),
    ]:
        result = shared.run(*args)
        assert result.exit_code == 2, (args, result.stderr)
        reason = unstorable(nul)
        assert result.stderr == f"error: {what} {args[-1]!r} {reason}\n"


# -- writing --------------------------------------------------------------------------------------


def add(db: Db, key: str, *options: str) -> Result:
    return db.run(
        "add",
        "--key",
        key,
        "--event",
        "khojaly",
        "--metric",
        "killed",
        "--figure",
        "about 500",
        "--claimant",
        "Memorial",
        *options,
    )


@PROPERTY
@given(quote=hostile_or_unstorable, notes=hostile_or_unstorable)
def test_add_stores_quote_and_notes_byte_for_byte(scratch: Db, quote: str, notes: str) -> None:
    key = f"hostile-add-{next(KEYS)}"
    before = scratch.state()
    result = add(scratch, key, "--quote", quote, "--notes", notes)
    if unstorable(quote + notes) is not None:
        assert result.exit_code == 2
        assert re.fullmatch(
            r"error: (quote|notes): contains (a NUL character|a lone surrogate \(U\+D[89A-F]\w\w\): "
            r"not valid Unicode text)\n((quote|notes): contains .*\n)?",
            result.stderr,
        ), result.stderr
        assert scratch.state() == before
        return
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{key}\n"
    expected = (quote.strip(), notes.strip())  # stored text is stripped, nothing else
    claim = shown(scratch, key)
    assert (claim["quote"], claim["notes"]) == expected
    copy = exported_csv(scratch, key, "--source", "Memorial")
    assert (copy["quote"], copy["notes"]) == expected


@PROPERTY
@given(notes=hostile_or_unstorable, reason=hostile_or_unstorable)
def test_edit_stores_notes_byte_for_byte(scratch: Db, notes: str, reason: str) -> None:
    key = "khojaly-massacre-killed-hrw"
    before = scratch.state()
    result = scratch.run("edit", key, "--set", f"notes={notes}", "--reason", reason)
    if unstorable(reason) is not None:  # the reason goes into the revision: refused first
        assert result.stderr == f"error: reason: {unstorable(reason)}\n"
    if unstorable(notes + reason) is not None:
        assert result.exit_code == 2
        assert result.stderr.startswith(("error: notes: contains ", "error: reason: contains "))
        assert scratch.state() == before
        return
    assert result.exit_code == 0, result.stderr
    assert stored(scratch, key, "notes") == (notes.strip() or None,)
    if result.stderr.startswith("edited"):  # the reason is kept exactly as given
        revisions = scratch.rows(Revision.id, Revision.reason, where=Revision.row_key == key)
        assert max(revisions)[1] == reason


@PROPERTY
@given(name=hostile_or_unstorable, kind=st.sampled_from(["ngo", "media", "cult"]))
def test_source_add_takes_any_name(scratch: Db, name: str, kind: str) -> None:
    before = scratch.state()
    result = scratch.run("source", "add", "--name", name, "--kind", kind)
    if refused(result):
        assert scratch.state() == before
        if kind == "cult" or unstorable(name):
            assert result.exit_code == 2
        return
    assert (name.strip(),) in scratch.rows(Source.name)  # stored byte for byte
    again = scratch.run("claims", "--source", name.strip())  # and found by it
    assert again.exit_code == 0, again.stderr


@PROPERTY
@given(name=hostile_or_unstorable)
def test_event_add_takes_any_name(scratch: Db, name: str) -> None:
    before = scratch.state()
    events = dict(scratch.rows(Event.slug, Event.name))
    result = scratch.run("event", "add", "--name", name)
    if refused(result):
        assert scratch.state() == before
        return
    after = dict(scratch.rows(Event.slug, Event.name))
    added = set(after) - set(events)
    assert len(added) == 1, "event add changed an existing event instead of adding one"
    assert {s: after[s] for s in events} == events
    assert after[added.pop()] == name.strip()  # byte for byte
    assert scratch.run("event", "history", "--", name.strip()).exit_code == 0  # found by it


def test_event_add_never_renames_the_event_its_slug_belongs_to(db: Db) -> None:
    before = db.state()
    for args in (
        ["event", "add", "--name", "Khojaly massacre +"],  # slug khojaly-massacre
        ["add", "--event", "Khojaly massacre +", "--metric", "killed", "--figure", "1",
         "--claimant", "Memorial", "--create-missing"],
    ):  # fmt: skip
        result = db.run(*args)
        assert result.exit_code == 2
        assert "'khojaly-massacre', belongs to event 'Khojaly massacre'" in result.stderr
    assert db.state() == before
    assert db.run("event", "add", "--name", "Ходжалы").exit_code == 0  # slug "unnamed"
    result = db.run("event", "add", "--name", "Խոջալու")  # "unnamed" too: not a rename
    assert result.exit_code == 2
    assert "belongs to event 'Ходжалы': give a slug of its own" in result.stderr
    assert db.run("event", "add", "--name", "Խոջալու", "--slug", "khojaly-hy").exit_code == 0


NAMELESS: list[tuple[list[str], str]] = [
    (["source", "add", "--name", "()", "--kind", "ngo"], "has nothing to find it by"),
    (["source", "add", "--name", "y" * 401, "--kind", "ngo"], "at most 400 characters"),
    (["source", "add", "--name", "ﷺ" * 30, "--kind", "ngo"], "at most 400 characters"),
    (["event", "add", "--name", MEGABYTE], "at most 400 characters"),
    (["event", "add", "--name", "z" * 300], "a slug may be at most 200 characters"),
    (["event", "add", "--name", "z", "--aliases", "a" * 401], "at most 400 characters"),
    (["add", "--event", "khojaly", "--metric", "killed", "--figure", "1", "--claimant", "[]",
      "--claimant-kind", "ngo", "--create-missing"], "has nothing to find it by"),
    (["add", "--event", "khojaly", "--metric", "killed", "--figure", "1", "--claimant",
      "Memorial", "--notes", MEGABYTE + "!"], "notes: longer than 1,000,000 characters"),
]  # fmt: skip


def test_names_no_lookup_could_find_are_refused_alike(scratch: Db) -> None:
    """Refused on both backends alike: SQLite would store them, PostgreSQL fail on them."""
    before = scratch.state()
    for args, message in NAMELESS:
        result = scratch.run(*args)
        assert result.exit_code == 2, short(args)
        assert message in result.stderr, (short(args), result.stderr[:300])
    assert scratch.state() == before


def test_megabyte_arguments_are_stored_whole(db: Db) -> None:
    key = "hostile-megabyte"
    started = time.monotonic()
    assert add(db, key, "--quote", MEGABYTE, "--notes", MEGABYTE[::-1]).exit_code == 0
    assert db.run("edit", key, "--set", f"locator={MEGABYTE}").exit_code == 0
    claim = shown(db, key)
    assert (claim["quote"], claim["notes"], claim["locator"]) == (
        MEGABYTE,
        MEGABYTE[::-1],
        MEGABYTE,
    )
    for copy in exported(db, key, "--source", "Memorial"):
        assert copy["quote"] == MEGABYTE
    result = db.run("source", "add", "--name", MEGABYTE, "--kind", "ngo")
    assert result.exit_code == 2
    assert time.monotonic() - started < 4 * SLOW


def test_unstorable_text_is_refused_and_nothing_written(scratch: Db, tmp_path: Path) -> None:
    before = scratch.state()
    for nul in UNSTORABLE:
        refuse_unstorable(scratch, tmp_path, nul)
    assert scratch.state() == before


def refuse_unstorable(scratch: Db, tmp_path: Path, nul: str) -> None:
    reason = unstorable(nul)
    for args, message in [
        (["add", "--event", "khojaly", "--metric", "killed", "--figure", "1", "--claimant",
          "Memorial", "--quote", f"a{nul}b"], f"error: quote: {reason}\n"),
        (["edit", "khojaly-massacre-killed-hrw", "--set", f"notes={nul}"],
         f"error: notes: {reason}\n"),
        (["source", "add", "--name", f"x{nul}", "--kind", "ngo"],
         f"error: source {f'x{nul}'!r} {reason}\n"),
        (["event", "add", "--name", f"x{nul}"], f"error: event {f'x{nul}'!r} {reason}\n"),
        (["document", "add", "--key", "d", "--title", f"t{nul}"], f"error: title: {reason}\n"),
    ]:  # fmt: skip
        result = scratch.run(*args)
        assert (result.exit_code, result.stderr) == (2, message), args
    header = ["key", "event", "metric", "phrase", "claimant", "notes"]
    path = tmp_path / "claims.csv"
    path.write_bytes(
        csv_bytes(header, [["k-1", "khojaly", "killed", "613", "Memorial", f"a{nul}"]])
    )
    result = import_file(scratch, path)
    if nul == "\x00":
        assert result.stderr == "error: claims.csv:2:notes: contains a NUL character\n"
    else:  # a surrogate cannot even be written as UTF-8: the file is not UTF-8 text
        assert "not UTF-8 text" in result.stderr


TRIMMED = [  # (written, stored)
    ("  padded  ", "padded"),
    ("\ttabbed\n", "tabbed"),
    ("\r\nwindows\r\n", "windows"),
    ("\u00a0no-break\u3000", "no-break"),  # Unicode spaces go too
    ("\x1c\x1dseparators\x1e\x1f", "separators"),  # str.strip() counts these as space
    ("\x85next-line\u2028", "next-line"),
    ("\u200bzero-width\ufeff", "\u200bzero-width\ufeff"),  # not whitespace: kept
    ("\u202ebidi\u200f", "\u202ebidi\u200f"),  # kept
    ("inner  \n  space", "inner  \n  space"),  # only the ends are trimmed
    ("   ", ""),  # nothing but space: stored empty
]


def test_stored_text_is_stripped_of_surrounding_whitespace(scratch: Db, tmp_path: Path) -> None:
    """What add, edit and import do to a text: ``str.strip()`` of its ends, nothing more."""
    keys = [f"hostile-strip-{n}" for n in range(len(TRIMMED))]
    for key, (written, _) in zip(keys, TRIMMED, strict=True):
        assert add(scratch, key, "--quote", written, "--locator", written).exit_code == 0
    path = tmp_path / "claims.csv"
    rows = [[key, neutralise(written)] for key, (written, _) in zip(keys, TRIMMED, strict=True)]
    path.write_bytes(csv_bytes(["key", "notes"], rows))
    assert import_file(scratch, path).exit_code == 0
    assert scratch.run("edit", keys[1], "--set", "grade= \tfair\n ").exit_code == 0
    claims = {
        c["key"]: c for c in json.loads(scratch.run("export", "--format", "json").stdout)["claims"]
    }
    for key, (_, stored_text) in zip(keys, TRIMMED, strict=True):
        assert (claims[key]["quote"], claims[key]["locator"], claims[key]["notes"]) == (
            stored_text,
        ) * 3
    assert claims[keys[1]]["grade"] == "fair"


def test_sql_text_is_only_text(scratch: Db) -> None:
    """SQL in a value is stored, matched and exported as the text it is; the tables stay."""
    before = scratch.state()["claims"][0]
    for n, text in enumerate(SQL):
        assert add(scratch, f"hostile-sql-{n}", "--quote", text, "--notes", text).exit_code == 0
    listed = json.loads(scratch.run("claims", "--source", "Memorial", "--format", "json").stdout)
    found = {c["key"]: (c["quote"], c["notes"]) for c in listed}
    for n, text in enumerate(SQL):
        assert found[f"hostile-sql-{n}"] == (text.strip(), text.strip())
    result = scratch.run("claims", "--population", "%", "--format", "json")  # no LIKE wildcard
    assert all(c["population"] == "%" for c in json.loads(result.stdout or "[]"))
    assert scratch.run("events").exit_code == 0
    assert scratch.state()["claims"][0] == before + len(SQL)


def test_exports_keep_every_text_or_refuse_it(db: Db, tmp_path: Path) -> None:
    """A lone CR stays inside its CSV cell, and the export imports back unchanged; a workbook
    refuses a CR, a control character or a text longer than a cell, naming the claim and the
    column, rather than change the text."""
    key = "hostile-export"
    assert add(db, key, "--quote", "one\rtwo", "--notes", "a\r\nb").exit_code == 0
    for copy in exported(db, key, "--source", "Memorial"):
        assert (copy["quote"], copy["notes"]) == ("one\rtwo", "a\r\nb")
    back = tmp_path / "back.csv"
    assert db.run("export", "--source", "Memorial", "-o", str(back)).exit_code == 0
    assert "created 0 claims, updated 0" in import_file(db, back).stderr
    book = tmp_path / "out.xlsx"
    cell = "y" * 32_767
    for change, refusal in [
        ((), "quote: a carriage return, which a workbook gives back as a line feed"),
        (("quote=one\ntwo", "notes=bell\x07"),
         "notes: holds the control character U+0007, which a workbook cannot store"),
        ((f"notes={cell}z",), "notes: 32,768 characters, more than the 32,767 a cell holds"),
    ]:  # fmt: skip
        for setting in change:
            assert db.run("edit", key, "--set", setting).exit_code == 0
        result = db.run("export", "-o", str(book))
        assert (result.exit_code, result.stderr) == (
            2,
            f"error: cannot write XLSX: claims {key!r}, {refusal}; export CSV or JSON instead\n",
        )
        assert not book.exists()
    assert db.run("edit", key, "--set", f"notes={cell}").exit_code == 0
    assert db.run("export", "--source", "Memorial", "-o", str(book)).exit_code == 0
    assert "created 0 claims, updated 0" in import_file(db, book).stderr
