"""The problems a load finds, and ``BundleInvalid``, which carries them out of the load's
transaction and so rolls it back.

Row-level problems come first, one ``FILE:ROW:COLUMN: message`` line each. Names that match
nothing follow, one line per file, column and kind of name: a name met in one row keeps the
row's own line; several get "claims.csv:event: 50 unknown events in 5000 rows: 'Battle of X'
(rows 2, 52, 102 …), … : pass --create-missing to create them". A name is worded (with its
"did you mean") once, however many rows repeat it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from claimsdb.errors import InvalidInput
from claimsdb.load.readers import Row
from claimsdb.vocabulary import MAX_ERRORS


class BundleInvalid(InvalidInput):
    """A bundle with problems; ``lines`` holds one ``FILE:ROW:COLUMN: message`` each."""

    def __init__(self, lines: list[str], *, unresolved_only: bool = False) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        # Only names that match nothing: a single command reports that as exit 1, not 2.
        self.unresolved_only = unresolved_only


@dataclass
class _Miss:
    """One name that matched nothing: its message and the rows that name it."""

    first: Row
    message: str
    lines: list[int] = field(default_factory=list)


CREATE = ("or pass --create-missing to create it", "pass --create-missing to create them")
SHOWN_NAMES = 3  # names spelled out in a grouped line
SHOWN_ROWS = 3  # rows listed for each of them


class Problems:
    """Collects problems: row-level ``FILE:ROW:COLUMN: message`` lines up to ``MAX_ERRORS``, and
    names that match nothing, grouped (see the module docstring).

    Checks report here rather than raise, so that one pass over a bundle lists every problem.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.total = 0
        self.malformed = 0
        # (file, column, kind of name, hint) -> name -> its rows
        self.misses: dict[tuple[str, str, str, tuple[str, str]], dict[str, _Miss]] = {}

    def add(self, row: Row, column: str, message: str, *, unresolved: bool = False) -> None:
        """Record a problem; ``unresolved`` marks a well-formed name that matches nothing."""
        self.total += 1
        self.malformed += not unresolved
        if len(self.lines) < MAX_ERRORS:
            self.lines.append(f"{row.where(column)}: {message}")

    def unknown(
        self,
        row: Row,
        column: str,
        what: str,
        name: str,
        describe: Callable[[], str],
        hint: tuple[str, str] = ("", ""),
    ) -> None:
        """Record that ``name`` (an event, source, document …: ``what``) matches nothing;
        ``describe`` words it ("unknown event 'X'; did you mean …?") and is called once per
        name; ``hint`` says what to do, for one row and for several (``CREATE``)."""
        self.total += 1
        names = self.misses.setdefault((row.file, column, what, hint), {})
        miss = names.get(name)
        if miss is None:
            miss = names[name] = _Miss(row, describe())
        miss.lines.append(row.line)

    def raise_if_any(self) -> None:
        """Raise ``BundleInvalid`` with every problem recorded, if there is one."""
        if not self.total:
            return
        named = sum(len(m.lines) for names in self.misses.values() for m in names.values())
        more = self.total - named - len(self.lines)
        tail = [f"… and {more} more problems"] if more else []
        lines = self.lines + tail + [self._grouped(k, n) for k, n in self.misses.items()]
        raise BundleInvalid(lines, unresolved_only=not self.malformed)

    @staticmethod
    def _grouped(group: tuple[str, str, str, tuple[str, str]], names: dict[str, _Miss]) -> str:
        file, column, what, (one, hint) = group
        misses = list(names.values())
        rows = sum(len(m.lines) for m in misses)
        if rows == 1:
            (miss,) = misses
            return f"{miss.first.where(column)}: {miss.message}" + (f" ({one})" if one else "")
        where = f"{file}:{column}" if file else column
        shown = ", ".join(
            f"{name!r} ({_rows(miss.lines)})" for name, miss in list(names.items())[:SHOWN_NAMES]
        )
        if len(misses) > SHOWN_NAMES:
            shown += f" and {len(misses) - SHOWN_NAMES} more"
        elif len(misses) == 1:
            shown = misses[0].message + f" ({_rows(misses[0].lines)})"
        count = f"{len(misses)} unknown {what}{'s' if len(misses) > 1 else ''} in {rows} rows"
        return f"{where}: {count}: {shown}" + (f": {hint}" if hint and hint not in shown else "")


def _rows(lines: list[int]) -> str:
    listed = ", ".join(str(n) for n in lines[:SHOWN_ROWS])
    more = " …" if len(lines) > SHOWN_ROWS else ""
    return f"row {listed}" if len(lines) == 1 else f"rows {listed}{more}"
