"""The problems a load finds, one ``FILE:ROW:COLUMN: message`` line each, and ``BundleInvalid``,
which carries them out of the load's transaction and so rolls it back.
"""

from __future__ import annotations

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


class Problems:
    """Collects ``FILE:ROW:COLUMN: message`` lines, up to ``MAX_ERRORS``.

    Checks report here rather than raise, so that one pass over a bundle lists every problem.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.total = 0
        self.malformed = 0

    def add(self, row: Row, column: str, message: str, *, unresolved: bool = False) -> None:
        """Record a problem; ``unresolved`` marks a well-formed name that matches nothing."""
        self.total += 1
        self.malformed += not unresolved
        if len(self.lines) < MAX_ERRORS:
            self.lines.append(f"{row.where(column)}: {message}")

    def raise_if_any(self) -> None:
        """Raise ``BundleInvalid`` with every problem recorded, if there is one."""
        if not self.total:
            return
        more = self.total - len(self.lines)
        tail = [f"… and {more} more problems"] if more else []
        raise BundleInvalid(self.lines + tail, unresolved_only=not self.malformed)
