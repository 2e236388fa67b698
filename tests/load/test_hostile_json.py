"""Hostile JSON: random shapes of tables, lists and values, deep nesting, giant numbers and cells,
and cells that come back byte for byte. See ``hostile.py``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from claimsdb.interchange import TABLES
from claimsdb.vocabulary import MAX_CELL
from tests.load.hostile import (
    COLUMNS,
    GOOD_ROW,
    KEYS,
    PLAUSIBLE,
    PROPERTY,
    SLOW,
    Db,
    hostile,
    hostile_or_unstorable,
    import_file,
    imports_exactly,
    storable,
)

json_keys = st.one_of(st.sampled_from([*COLUMNS, *TABLES]), hostile)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.sampled_from(PLAUSIBLE),
    hostile_or_unstorable,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(json_keys, inner, max_size=4)
    ),
    max_leaves=12,
)
claim_objects = st.dictionaries(
    st.one_of(st.sampled_from(COLUMNS), st.sampled_from(COLUMNS), hostile),
    st.one_of(json_scalars, json_scalars, json_values),
    max_size=10,
)
json_documents = st.one_of(
    json_values,
    st.lists(claim_objects, max_size=4),
    st.dictionaries(
        st.one_of(st.sampled_from(TABLES), hostile),
        st.one_of(st.lists(claim_objects, max_size=3), json_values),
        max_size=3,
    ),
)


@PROPERTY
@given(
    document=json_documents,
    ascii_only=st.booleans(),
    flags=st.sampled_from([(), ("--create-missing",)]),
)
def test_random_json_shapes(
    scratch: Db, tmp_path: Path, document: Any, ascii_only: bool, flags: tuple[str]
) -> None:
    path = tmp_path / "claims.json"
    text = json.dumps(document, ensure_ascii=ascii_only)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    import_file(scratch, path, *flags)


@PROPERTY
@given(quote=storable, notes=storable)
def test_json_cells_come_back_byte_for_byte(
    scratch: Db, tmp_path: Path, quote: str, notes: str
) -> None:
    key = f"hostile-json-{next(KEYS)}"
    path = tmp_path / "claims.json"
    path.write_text(json.dumps([{**GOOD_ROW, "key": key, "quote": quote, "notes": notes}]))
    imports_exactly(scratch, path, key, quote=quote, notes=notes)


DEEP = 100_000
HUGE_JSON: list[tuple[str, str, str]] = [
    ("nested lists", "[" * DEEP + "]" * DEEP, "malformed JSON"),
    ("nested objects", '{"a":' * DEEP + "1" + "}" * DEEP, "malformed JSON"),
    ("nested cell", '[{"key": "k", "notes": ' + "[" * DEEP + "]" * DEEP + "}]", "malformed JSON"),
    ("shallow nested cell", '[{"key": "k", "notes": [[["x"]]]}]', "expected text or a number"),
    ("5,000-digit number", '[{"key": "k", "best": ' + "9" * 5000 + "}]", "implausibly large"),
    (
        "cell of 1,000,001 characters",
        json.dumps([{**GOOD_ROW, "notes": "x" * (MAX_CELL + 1)}]),
        "notes: longer than 1,000,000 characters",
    ),
    ("lone surrogate", json.dumps([{**GOOD_ROW, "notes": "a\ud800b"}]), "lone surrogate (U+D800)"),
    ("NUL", json.dumps([{**GOOD_ROW, "notes": "a\x00b"}]), "notes: contains a NUL character"),
    ("boolean", json.dumps([{**GOOD_ROW, "notes": True}]), "unexpected boolean value"),
    ("infinity", '[{"key": "k", "best": Infinity}]', "'inf' is not a plain non-negative number"),
    ("a string", '"claims"', "expected an object of tables or a list of claims"),
    ("unknown table", '{"claimz": []}', "unknown table 'claimz'"),
]


def test_deep_and_giant_json_is_refused(scratch: Db, tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    for case, text, message in HUGE_JSON:
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        started = time.monotonic()
        result = import_file(scratch, path)
        assert time.monotonic() - started < SLOW, case
        assert result.exit_code == 2, case
        assert message in result.stderr, (case, result.stderr[:300])
