"""claimsdb search from the command line: hits with the key to use next, exit codes, formats."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result

Run = Callable[..., Result]


def test_search_finds_an_event_by_a_word_of_its_name(read: Run) -> None:
    result = read("search", "exodus")
    assert result.exit_code == 0, result.stderr
    header, _rule, first, *_ = result.stdout.splitlines()
    assert header.split() == ["kind", "key", "field", "context"]
    assert first.split()[:3] == ["event", "expulsion-of-azerbaijanis-from-armenia", "name"]
    assert "«Exodus» of Azerbaijanis from Armenia" in first


def test_search_says_when_hits_hold_only_some_words(read: Run) -> None:
    result = read("search", "border clashes", "--limit", "3")
    assert result.exit_code == 0
    assert result.stderr.startswith("nothing holds every word of 'border clashes'")
    assert "1 of 2" in result.stdout


def test_search_exit_codes_and_json(read: Run) -> None:
    assert read("search", "zzzqqq").exit_code == 1
    refused = read("search", "*")
    assert refused.exit_code == 2
    assert refused.stderr == "error: nothing to search for in '*': give at least one word\n"
    rows = json.loads(read("search", "Xocali", "--format", "json").stdout)
    assert rows[0] == {
        "kind": "event",
        "key": "khojaly-massacre",
        "field": "alias",
        "context": "«Xocalı»",
        "words": "1 of 1",
        "name": "Khojaly massacre",
        "score": 10.0,
    }
