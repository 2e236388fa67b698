"""Figure phrases as sources write them ("at least 161", "6,000–10,000", "several hundred").

``parse_figure`` turns a phrase into a :class:`Figure` and ``format_figure`` turns a
Figure back into canonical English. The rule everything here serves: only numbers the
text actually writes are stored. Text that cannot be read, or that could be read two
ways, raises :class:`~claimsdb.errors.InvalidFigure` naming the text; the parser never
guesses a number.

Decisions a reader of the data should know about:

* Numbers are computed with :class:`~decimal.Decimal` and stored as ``int`` whenever
  integral ("1.3 million" -> 1300000), otherwise as ``float``.
* Numbers must be non-negative, finite and below 10**13.
* A range needs low < high; "5 to 5" is refused rather than silently made exact.
* "30.000" (one dot, exactly three digits after it, 1-3 digits before) is refused:
  it is 30 in English and 30000 in much of Europe. "0.500", "1,234.567", "1234.567",
  "1.5" and "1.300.000" (several dots) cannot be misread and are accepted.
* "20-30,000" is refused: journalists write it for 20,000-30,000, so the literal reading
  could be wrong by a factor of 1000. "from 20 to 30,000" is read literally (and is what
  ``format_figure`` writes for such ranges). A scale *word* is always shared:
  "25-30 thousand" is 25,000-30,000.
* Digits glued to letters ("10k", "1.3m", "1st") are refused.
* "161+" reads as at least 161 ("18+" means 18 or older); "1,000 or more",
  "600 or so", "50 or fewer" are read likewise. Any other trailing words are ignored,
  unless they contain a number, a number word, or a word that changes the figure
  ("or more", "at most", "odd", "roughly", "per", ...), which are refused.
* A range after an approximation word ("some 6,000 to 10,000") stays a plain range;
  other qualifiers cannot apply to a range or to a vague amount.
* "no" and the noun it counts is 0 ("no prisoners-of-war"); "no" before a word that says a
  figure is missing ("no data", "no reports"), before a number or in a qualifier is not.
* " … " marks words of the source left out: "As many as … 800,000" reads as "As many as
  800,000". It may stand only between the qualifier and the number or after the figure.
* A share word ("nearly half") is a vague amount in percent; "nearly half a million" is
  still 500,000.
"""

from claimsdb.figures.figure import Figure, format_figure
from claimsdb.figures.parse import parse_figure, vague_key
from claimsdb.vocabulary import Number

__all__ = [
    "Figure",
    "Number",
    "format_figure",
    "parse_figure",
    "vague_key",
]
