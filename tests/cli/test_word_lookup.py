"""Names found by their words: a unique word or word start names an event or a source; several
matches, and misses, list the candidates, those sharing most words first."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result

Run = Callable[..., Result]


def test_a_unique_word_names_an_event(read: Run) -> None:
    for words in ("exodus", "Exodus of Azerbaijanis", "exod azerb", "August 1990"):
        result = read("compare", words, "--metric", "killed")
        assert result.exit_code == 0, (words, result.stderr)
    first = read("compare", "exodus", "--metric", "killed").stdout.splitlines()[0]
    assert first.startswith("expulsion-of-azerbaijanis-from-armenia · killed")


def test_a_unique_word_names_a_source(read: Run) -> None:
    result = read("claims", "--source", "rights watch", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "khojaly-massacre-killed-hrw" in result.stdout


def test_several_matches_are_listed_with_exit_1(read: Run) -> None:
    result = read("compare", "battle")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: event 'battle' matches 3 events: 'Battle of Karintak', 'Capture of Shusha',"
        " 'Failed Azerbaijani Kelbajar offensive'; give more of the name\n"
    )


def test_a_miss_lists_names_sharing_its_words(read: Run) -> None:
    result = read("compare", "border clashes")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown event 'border clashes'; did you mean ")
    assert "'Fighting over Azerbaijani border villages (August 1990)'" in result.stderr
    assert "'1963 Stepanakert clashes'" in result.stderr
