"""Tests for claimsdb.figures: reading figure phrases as written, and writing them back."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claimsdb.errors import InvalidFigure
from claimsdb.figures import Figure, format_figure, parse_figure, vague_key
from claimsdb.figures import parse as figures_module
from claimsdb.figures.words import NOT_A_ZERO
from claimsdb.vocabulary import QUALIFIERS, SHARES, TOLERANCE, VAGUE, Number

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def exact(n: Number, percent: bool = False) -> Figure:
    return Figure("exact", best=n, percent=percent)


def rng(low: Number, high: Number, percent: bool = False) -> Figure:
    return Figure("range", low=low, high=high, percent=percent)


def vague(key: str) -> Figure:
    return Figure("vague", vague=key)


READS: list[tuple[str, Figure]] = [
    # From the bundled article and seed data.
    ("at least 161", Figure("at_least", low=161)),
    ("485", exact(485)),
    ("613", exact(613)),
    ("several hundred", vague("several hundred")),
    ("As many as 230,000", Figure("at_most", high=230_000)),
    ("800,000", exact(800_000)),
    ("approximately 9%", Figure("approximately", best=9, percent=True)),
    ("6,000", exact(6000)),
    ("25,000", exact(25_000)),
    ("about 30,000", Figure("approximately", best=30_000)),
    ("Over 1,000", Figure("more_than", low=1000)),
    ("nearly 600,000", Figure("nearly", best=600_000)),
    ("at least 161 Azerbaijani civilians", Figure("at_least", low=161)),
    ("613 civilians", exact(613)),
    ("as many as 400 GRAD missiles", Figure("at_most", high=400)),
    ("scores of civilians", vague("scores")),
    ("a number of unarmed hors de combat", vague("a number of")),
    ("several hundred civilians", vague("several hundred")),
    ("no prisoners-of-war", exact(0)),
    ("nearly half", vague("nearly half")),
    # Coordinated figures: the leading qualifier, words left out (…), the later number.
    ("As many as … 800,000", Figure("at_most", high=800_000)),
    ("about … 100", Figure("approximately", best=100)),
    ("at least … 140", Figure("at_least", low=140)),
    ("An estimated … 30,000", Figure("approximately", best=30_000)),
    ("no prisoners-of-war … the same conclusion", exact(0)),
    ("at most, … 1,000", Figure("at_most", high=1000)),
    ("613 … people", exact(613)),
    # "no" and the noun it counts is 0.
    ("No prisoners-of-war there", exact(0)),
    ("no deaths", exact(0)),
    ("no Armenian prisoners at all", exact(0)),
    # Share words: percentages by convention, as vague amounts without numbers.
    ("nearly half of Nagorno-Karabakh", vague("nearly half")),
    ("Nearly half of the territory", vague("nearly half")),
    # Trailing words and punctuation, case, whitespace.
    ("613 people", exact(613)),
    ("6,000 Azerbaijani soldiers", exact(6000)),
    ("  At Least 161.  ", Figure("at_least", low=161)),
    ("613 (official)", exact(613)),
    ("613 — the official toll", exact(613)),
    ("613 so far", exact(613)),
    # Separators.
    ("30,000", exact(30_000)),
    ("5 000", exact(5000)),
    ("5\u00a0000", exact(5000)),
    ("1\u202f300\u202f000", exact(1_300_000)),
    ("1,300,000.5", exact(1_300_000.5)),
    ("1 300 000.5", exact(1_300_000.5)),
    ("0.500", exact(0.5)),
    ("1234.567", exact(1234.567)),
    ("1.300.000", exact(1_300_000)),
    ("12.3450", exact(12.345)),
    ("0", exact(0)),
    # Decimals and scale words.
    ("1.5", exact(1.5)),
    ("1.3 million", exact(1_300_000)),
    ("4.5 thousand", exact(4500)),
    ("2 million", exact(2_000_000)),
    ("1.30 million", exact(1_300_000)),
    ("1,500 thousand", exact(1_500_000)),
    ("15 hundred", exact(1500)),
    # Number words.
    ("eight", exact(8)),
    ("fifteen", exact(15)),
    ("fifteen hundred", exact(1500)),
    ("twenty-five", exact(25)),
    ("twenty five", exact(25)),
    ("twenty-five hundred", exact(2500)),
    ("one hundred and twenty", exact(120)),
    ("one hundred twenty", exact(120)),
    ("a hundred", exact(100)),
    ("a hundred and five", exact(105)),
    ("a thousand", exact(1000)),
    ("a million", exact(1_000_000)),
    ("a dozen", exact(12)),
    ("two dozen", exact(24)),
    ("half a dozen", exact(6)),
    ("half a million", exact(500_000)),
    ("one and a half million", exact(1_500_000)),
    ("two and a half", exact(2.5)),
    ("three thousand five hundred", exact(3500)),
    ("two thousand and five", exact(2005)),
    ("one hundred and twenty thousand", exact(120_000)),
    ("three million five hundred thousand", exact(3_500_000)),
    ("zero", exact(0)),
    ("Two Hundred", exact(200)),
    # Ranges.
    ("8 to 11", rng(8, 11)),
    ("6,000–10,000", rng(6000, 10_000)),
    ("6,000 - 10,000", rng(6000, 10_000)),
    ("6,000—10,000", rng(6000, 10_000)),
    ("between 25,000 and 30,000", rng(25_000, 30_000)),
    ("between 25,000 to 30,000", rng(25_000, 30_000)),
    ("from 8 to 11", rng(8, 11)),
    ("from 8–11", rng(8, 11)),
    ("25-30 thousand", rng(25_000, 30_000)),
    ("1.3 to 1.5 million", rng(1_300_000, 1_500_000)),
    ("twenty to thirty thousand", rng(20_000, 30_000)),
    ("twenty-five to thirty", rng(25, 30)),
    ("five hundred to six hundred thousand", rng(500_000, 600_000)),
    ("between one hundred and twenty and one hundred and fifty", rng(120, 150)),
    ("some 6,000 to 10,000", rng(6000, 10_000)),
    ("an estimated 6,000–10,000 people", rng(6000, 10_000)),
    ("from 20 to 30,000", rng(20, 30_000)),
    ("500 to 10,000", rng(500, 10_000)),
    ("1-1,000", rng(1, 1000)),
    # Percentages.
    ("9%", exact(9, percent=True)),
    ("9 %", exact(9, percent=True)),
    ("20 per cent", exact(20, percent=True)),
    ("20 percent", exact(20, percent=True)),
    ("twenty per cent", exact(20, percent=True)),
    ("9.5% of the population", exact(9.5, percent=True)),
    ("10–15%", rng(10, 15, percent=True)),
    ("10% to 15%", rng(10, 15, percent=True)),
    ("about 10-15 per cent", rng(10, 15, percent=True)),
    ("less than 5%", Figure("less_than", high=5, percent=True)),
    # Every prefix qualifier.
    ("no fewer than 5", Figure("at_least", low=5)),
    ("no less than 5", Figure("at_least", low=5)),
    ("not less than 5", Figure("at_least", low=5)),
    ("a minimum of 5", Figure("at_least", low=5)),
    ("≥ 5", Figure("at_least", low=5)),
    ("more than 5", Figure("more_than", low=5)),
    ("over a thousand", Figure("more_than", low=1000)),
    ("upwards of 5", Figure("more_than", low=5)),
    ("in excess of 5", Figure("more_than", low=5)),
    ("above 5", Figure("more_than", low=5)),
    ("exceeding 5", Figure("more_than", low=5)),
    ("just over 5", Figure("more_than", low=5)),
    (">5", Figure("more_than", low=5)),
    ("up to 5", Figure("at_most", high=5)),
    ("at most 5", Figure("at_most", high=5)),
    ("no more than 5", Figure("at_most", high=5)),
    ("not more than 5", Figure("at_most", high=5)),
    ("as high as 5", Figure("at_most", high=5)),
    ("a maximum of 5", Figure("at_most", high=5)),
    ("fewer than 5", Figure("less_than", high=5)),
    ("less than 5", Figure("less_than", high=5)),
    ("under 5", Figure("less_than", high=5)),
    ("below 5", Figure("less_than", high=5)),
    ("<5", Figure("less_than", high=5)),
    ("about 5", Figure("approximately", best=5)),
    ("around 5", Figure("approximately", best=5)),
    ("some 5", Figure("approximately", best=5)),
    ("roughly 5", Figure("approximately", best=5)),
    ("approx. 5", Figure("approximately", best=5)),
    ("approx 5", Figure("approximately", best=5)),
    ("an estimated 5", Figure("approximately", best=5)),
    ("estimated 5", Figure("approximately", best=5)),
    ("circa 5", Figure("approximately", best=5)),
    ("c. 5", Figure("approximately", best=5)),
    ("~5", Figure("approximately", best=5)),
    ("nearly 5", Figure("nearly", best=5)),
    ("almost 5", Figure("nearly", best=5)),
    ("close to 5", Figure("nearly", best=5)),
    ("just under 5", Figure("nearly", best=5)),
    ("nearly half a million", Figure("nearly", best=500_000)),
    # Qualifiers written after the number.
    ("161+", Figure("at_least", low=161)),
    ("161+ civilians", Figure("at_least", low=161)),
    ("1,000 or more", Figure("at_least", low=1000)),
    ("1,000 plus", Figure("at_least", low=1000)),
    ("50 or fewer", Figure("at_most", high=50)),
    ("600 or so", Figure("approximately", best=600)),
    # Vague amounts.
    ("a few", vague("a few")),
    ("several", vague("several")),
    ("dozens", vague("dozens")),
    ("dozens of", vague("dozens")),
    ("scores", vague("scores")),
    ("scores of", vague("scores")),
    ("hundreds", vague("hundreds")),
    ("hundreds of", vague("hundreds")),
    ("several thousand", vague("several thousand")),
    ("thousands", vague("thousands")),
    ("Thousands of people", vague("thousands")),
    ("tens of thousands", vague("tens of thousands")),
    ("hundreds of thousands", vague("hundreds of thousands")),
    ("a few hundred", vague("a few hundred")),
    ("several dozen", vague("several dozen")),
    ("millions", vague("millions")),
    ("a number of", vague("a number of")),
    ("many", vague("many")),
]


@pytest.mark.parametrize(("text", "expected"), READS)
def test_reads_real_phrases(text: str, expected: Figure) -> None:
    assert parse_figure(text) == expected


def test_scaled_numbers_are_exact_ints() -> None:
    best = parse_figure("1.3 million").best
    assert best == 1_300_000 and type(best) is int
    assert type(parse_figure("1.5").best) is float
    assert type(parse_figure("1.0").best) is int


REFUSED = [
    "",
    "   ",
    "lots",
    "n/a",
    "abc",
    "1/2",
    "½",
    "NaN",
    "inf",
    "-5",
    "−5",
    "the 613",
    "(613)",
    # Digit groups and the European decimal ambiguity.
    "30,00",
    "1,2345",
    "0,500",
    "30.000",
    "1.500",
    "1.300,5",
    "5 000,000",
    "0613",
    # Digits glued to letters.
    "10k",
    "1.3m",
    "1st",
    "1e5",
    # Another number in the trailing text.
    "161 in 1992",
    "5 and 6 others",
    "613, one of them a child",
    "613 civilians, of them 106 women and 83 children",
    "over 1,000 people had been slain over four years of conflict",
    "613 people, half of them children",
    # Trailing words that change the meaning.
    "613 at most",
    "613 people or more",
    "600-odd",
    "613 and counting",
    "5 per day",
    "161 ++",
    "613 to",
    # Ranges that are not ranges, or ambiguous ones.
    "5 to 5",
    "10 to 5",
    "20-30,000",
    "20 to 30,000",
    "between 20 and 30,000",
    "500 to 1.3 million",
    "10% to 15",
    "between 5",
    "from 5",
    "5 to 10 to 15",
    # Qualifiers that do not fit.
    "at least",
    "at least several hundred",
    "about thousands",
    "up to 5 to 10",
    "at least 5 or more",
    "5 to 10 or more",
    "fewer than 0",
    # Malformed number words.
    "five three",
    "nineteen eighty",
    "twenty thirty",
    "hundred",
    "thousand",
    "dozen",
    "half",
    "a",
    "two thousand fifteen hundred",
    "five thousand three million",
    "1.3 hundred",
    "1.3 million%",
    "a few hundred thousand",
    # Too large or too small to be a figure.
    "1,000,000,000,000,000",
    "10000000000000",
    "ten thousand billion",
    "0." + "0" * 400 + "1",
    # "no" that is not the figure 0: a missing figure, a qualifier, a number, no noun.
    "no",
    "No.",
    "No. 5",
    "no 5",
    "no one",
    "no-one",
    "no data",
    "no figure given",
    "no official figure",
    "no reports of prisoners",
    "no confirmed deaths",
    "no more",
    "no prisoners, 5 missing",
    "no prisoners or more",
    "no prisoners at least",
    "at least no prisoners",
    "no several hundred",
    # Share words other than those with a convention, and qualified share words.
    "almost half",
    "about nearly half",
    "nearly half 5",
    # Elisions (…) that would join pieces into something the text did not write.
    "two … hundred",
    "1 … 000",
    "100 … 000",
    "as … many as 5",
    "at … least 5",
    "several … hundred",
    "nearly … half",
    "no … more than 5",
    "5 … to 10",
    "about 30 … 100",
    "… 5",
    "5 …",
    "about … … 5",
    "…",
]


@pytest.mark.parametrize("text", REFUSED)
def test_refuses_unreadable_text(text: str) -> None:
    with pytest.raises(InvalidFigure) as caught:
        parse_figure(text)
    assert repr(text) in str(caught.value)


def test_refusal_message_names_the_text() -> None:
    with pytest.raises(InvalidFigure, match="cannot read figure 'lots': no number"):
        parse_figure("lots")


def test_refuses_non_strings() -> None:
    with pytest.raises(InvalidFigure):
        parse_figure(613)  # type: ignore[arg-type]


FORMATS = [
    (exact(613), "613"),
    (exact(1_300_000.5), "1,300,000.5"),
    (exact(1.5), "1.5"),
    (exact(12.345), "12.3450"),
    (rng(8, 11), "8 to 11"),
    (rng(6000, 10_000), "6,000 to 10,000"),
    (rng(20, 30_000), "from 20 to 30,000"),
    (rng(10, 15, percent=True), "10% to 15%"),
    (Figure("at_least", low=161), "at least 161"),
    (Figure("more_than", low=161), "more than 161"),
    (Figure("at_most", high=5), "up to 5"),
    (Figure("less_than", high=5), "fewer than 5"),
    (Figure("less_than", high=5, percent=True), "less than 5%"),
    (Figure("approximately", best=30_000), "about 30,000"),
    (Figure("approximately", best=9, percent=True), "about 9%"),
    (Figure("nearly", best=30_000), "nearly 30,000"),
    (vague("several hundred"), "several hundred"),
]


@pytest.mark.parametrize(("figure", "text"), FORMATS)
def test_formats_canonical_english(figure: Figure, text: str) -> None:
    assert format_figure(figure) == text
    assert parse_figure(text) == figure


def test_an_elided_phrase_reads_as_its_joined_words() -> None:
    for text in ("As many as … 800,000", "about … 100", "at least … 140", "An estimated … 30,000"):
        assert parse_figure(text) == parse_figure(text.replace(" … ", " "))
        assert parse_figure(text) == parse_figure(text.replace(" … ", "…"))


def test_no_reads_as_zero_only_before_the_noun_it_counts() -> None:
    assert parse_figure("no prisoners-of-war") == parse_figure("0 prisoners-of-war") == exact(0)
    for word in sorted(NOT_A_ZERO):
        with pytest.raises(InvalidFigure):
            parse_figure(f"no {word}")
    # The qualifiers that begin with "no" keep their meaning.
    assert parse_figure("no more than 5") == Figure("at_most", high=5)
    assert parse_figure("No fewer than 5") == Figure("at_least", low=5)


def test_share_words_are_percentages_by_a_nearly_convention() -> None:
    assert set(VAGUE) >= SHARES
    for key in SHARES:
        assert parse_figure(key).percent
        assert Figure("vague", vague=key).percent  # the database does not store the flag
        assert format_figure(parse_figure(key)) == key
    # "half" is read as 50 %, and "nearly" below it as for numbers ([v(1 - t), v]).
    assert VAGUE["nearly half"] == (round(50 * (1 - TOLERANCE)), 50)
    assert parse_figure("nearly half a million") == Figure("nearly", best=500_000)
    with pytest.raises(InvalidFigure):
        Figure("vague", vague="several hundred", percent=True)


def test_vague_key() -> None:
    assert vague_key("scores of civilians") == "scores"
    assert vague_key("Several Hundred") == "several hundred"
    assert vague_key("613") is None
    assert vague_key("lots") is None
    assert vague_key("nearly half of Nagorno-Karabakh") == "nearly half"


def test_vague_conventions_are_well_formed() -> None:
    for key, (low, high) in VAGUE.items():
        assert parse_figure(key) == vague(key)
        assert low >= 0
        assert high is None or low < high
    assert 0 < TOLERANCE < 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"qualifier": "roughly", "best": 5},
        {"qualifier": "exact"},
        {"qualifier": "exact", "best": 5, "low": 1},
        {"qualifier": "range", "low": 5, "high": 5},
        {"qualifier": "range", "low": 5},
        {"qualifier": "at_least", "high": 5},
        {"qualifier": "exact", "best": -1},
        {"qualifier": "exact", "best": math.nan},
        {"qualifier": "exact", "best": math.inf},
        {"qualifier": "exact", "best": 10**13},
        {"qualifier": "vague", "vague": "lots"},
        {"qualifier": "vague", "vague": "many", "percent": True},
        {"qualifier": "exact", "best": 5, "vague": "many"},
        {"qualifier": "less_than", "high": 0},
    ],
)
def test_figure_rejects_bad_shapes(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidFigure):
        Figure(**kwargs)  # type: ignore[arg-type]


def test_figure_normalises_numbers_from_a_database() -> None:
    loaded = Figure("range", low=6000.0, high=Decimal("10000"))  # type: ignore[arg-type]
    assert loaded == rng(6000, 10_000)
    assert type(loaded.low) is int and type(loaded.high) is int
    assert loaded.numbers() == (6000, 10_000)
    with pytest.raises(TypeError):
        Figure("exact", best=True)


# --------------------------------------------------------------------------- properties

NUMERALS = st.integers(0, 10**9)


def _write(n: int, style: str) -> str:
    if style == "comma":
        return f"{n:,}"
    if style == "space":
        return f"{n:,}".replace(",", " ")
    if style == "nbsp":
        return f"{n:,}".replace(",", "\u00a0")
    return str(n)


WRITTEN = st.builds(_write, NUMERALS, st.sampled_from(["plain", "comma", "space", "nbsp"]))


def _words(text: str) -> list[str]:
    return text.split()


VOCABULARY = [
    "at least",
    "as many as",
    "up to",
    *_words("about some nearly over under between and from to - – % per cent percent a an"),
    *_words("estimated few several dozen dozens scores hundred hundreds thousand thousands"),
    *_words("million one two five twenty-five fifteen half of tens people civilians or more"),
    *_words("plus + , . c. ~ 1.3 30.000 30,00 0 1,000 6,000 10"),
    *_words("no data prisoners … nearly"),
]
WORDY = st.lists(
    st.one_of(st.sampled_from(VOCABULARY), WRITTEN, st.text(max_size=3)), max_size=8
).map(" ".join)
PREFIXES = ["", "at least ", "more than ", "up to ", "fewer than ", "about ", "nearly ", "some "]
SUFFIXES = ["", "%", " per cent", " people", " civilians.", "+", " or more"]
DIGIT_PHRASES = st.one_of(
    st.builds(
        lambda p, n, s: f"{p}{n}{s}",
        st.sampled_from(PREFIXES),
        WRITTEN,
        st.sampled_from(SUFFIXES),
    ),
    st.builds(
        lambda p, a, sep, b, s: f"{p}{a}{sep}{b}{s}",
        st.sampled_from(["", "between ", "from ", "some "]),
        WRITTEN,
        st.sampled_from([" to ", "-", "–", " and "]),
        WRITTEN,
        st.sampled_from(["", "%", " people"]),
    ),
)
ANY_TEXT = st.one_of(st.text(), WORDY, DIGIT_PHRASES)


def _well_formed(figure: Figure) -> None:
    assert figure.qualifier in QUALIFIERS
    numbers = figure.numbers()
    assert all(isinstance(n, int | float) and math.isfinite(n) and n >= 0 for n in numbers)
    assert all(isinstance(n, int) for n in numbers if n == int(n))
    assert list(numbers) == sorted(numbers)
    if figure.qualifier == "range":
        assert figure.low is not None and figure.high is not None and figure.low < figure.high
    assert (figure.vague is not None) == (figure.qualifier == "vague")


@PROPERTY
@given(ANY_TEXT)
def test_parse_raises_only_invalid_figure(text: str) -> None:
    try:
        figure = parse_figure(text)
    except InvalidFigure as exc:
        assert repr(text) in str(exc)
        return
    _well_formed(figure)


@PROPERTY
@given(ANY_TEXT)
def test_parse_format_parse_is_stable(text: str) -> None:
    try:
        figure = parse_figure(text)
    except InvalidFigure:
        return
    assert parse_figure(format_figure(figure)) == figure


def _plain(number: Number) -> str:
    return format(Decimal(repr(number)), "f")


@PROPERTY
@given(DIGIT_PHRASES)
def test_stored_numbers_are_written_in_digit_phrases(text: str) -> None:
    try:
        figure = parse_figure(text)
    except InvalidFigure:
        return
    written = re.sub(r"[,\s]", "", text)
    for number in figure.numbers():
        assert _plain(number) in written


@PROPERTY
@given(DIGIT_PHRASES, st.integers(0, 40))
def test_an_elision_never_changes_a_figure_only_refuses_it(text: str, at: int) -> None:
    spaces = [m.start() for m in re.finditer(" ", text)]
    assume(spaces)
    cut = spaces[at % len(spaces)]
    elided = f"{text[:cut]} …{text[cut:]}"
    try:
        figure = parse_figure(elided)
    except InvalidFigure:
        return
    assert figure == parse_figure(text)


STORED = st.one_of(
    st.integers(0, 10**13 - 1),
    st.floats(0, 1e13, exclude_max=True, allow_nan=False, allow_infinity=False),
)


@st.composite
def figures(draw: st.DrawFn) -> Figure:
    qualifier = draw(st.sampled_from(QUALIFIERS))
    percent = draw(st.booleans())
    if qualifier == "vague":
        return vague(draw(st.sampled_from(sorted(VAGUE))))
    if qualifier == "range":
        a, b = draw(STORED), draw(STORED)
        assume(a != b)
        return rng(min(a, b), max(a, b), percent)
    n = draw(STORED)
    if qualifier in ("at_least", "more_than"):
        return Figure(qualifier, low=n, percent=percent)
    if qualifier in ("at_most", "less_than"):
        assume(qualifier == "at_most" or n > 0)
        return Figure(qualifier, high=n, percent=percent)
    return Figure(qualifier, best=n, percent=percent)


@PROPERTY
@given(figures())
def test_every_figure_round_trips(figure: Figure) -> None:
    assert parse_figure(format_figure(figure)) == figure


# The quick reader for common phrases must agree with the full reader on every phrase it takes.
_simple_numbers = st.integers(min_value=0, max_value=10**14).map(
    lambda n: f"{n:,}" if n % 2 else str(n)
)


@settings(max_examples=600, deadline=None)
@given(
    prefix=st.sampled_from(["", *sorted(figures_module._QUICK_PREFIXES)]),
    a=_simple_numbers,
    b=st.one_of(st.none(), _simple_numbers, st.integers(0, 2000).map(str)),
    form=st.sampled_from(["{a} to {b}", "{a}-{b}", "{a}\u2013{b}", "between {a} and {b}", "{a}+"]),
    upper=st.booleans(),
)
def test_quick_reader_agrees_with_full_reader(
    prefix: str, a: str, b: str | None, form: str, upper: bool
) -> None:
    text = (f"{prefix} " if prefix else "") + (form.format(a=a, b=b) if b is not None else a)
    if upper:
        text = text.capitalize()
    quick = figures_module._quick(text)
    if quick is None:
        return
    assert quick == figures_module._parse(text)


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Between 1,000 and 2,000", rng(1000, 2000)),
        ("20 to 30", rng(20, 30)),
        ("1,500-2,000", rng(1500, 2000)),
        ("20\u201330", rng(20, 30)),
        ("300+", Figure("at_least", low=300)),
        ("about 30,000", Figure("approximately", best=30000)),
    ],
)
def test_quick_reader_takes_the_common_forms(text: str, figure: Figure) -> None:
    """A bulk import reads most phrases by the quick reader: plain ranges and "N+" included."""
    assert figures_module._quick(text) == figure


@pytest.mark.parametrize("text", ["20-30,000", "30-20", "between 5 and 5", "about 20-30"])
def test_quick_reader_leaves_what_has_rules_of_its_own(text: str) -> None:
    assert figures_module._quick(text) is None
