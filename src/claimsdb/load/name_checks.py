"""The steps every name row of a bundle goes through, whatever its table: merged over the row it
names, refused when it is a near miss of an existing name or has nothing to find it by, its forms
registered in ``known``, and recorded in the plan as a creation or an update.
``claimsdb.load.entities`` applies them to each table's own rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from claimsdb.load.cells import NAME_WIDTH, read_text, split_aliases
from claimsdb.load.known import Known, Names, distinct_aliases
from claimsdb.load.plan import Plan, Ref, Update
from claimsdb.load.problems import Problems
from claimsdb.load.readers import Row
from claimsdb.names import fold

_WHAT = {"parties": "party", "sources": "source"}


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What the entity and the claim checks of one load share; ``load_into`` makes it."""

    conn: Connection  # the load's transaction, read for what the database holds
    known: Known  # the names the checks resolve, added to by the entity checks alone
    plan: Plan  # what the load will write, recorded through its methods
    problems: Problems
    create_missing: bool = False
    create_parties: bool = False  # an affiliation no party is known by creates one
    keep_existing: bool = False  # seeding: rows that exist already are left as the user has them


class NameChecks:
    """The shared steps of the name checks (``EntityChecker``), on one load's ``context``."""

    context: CheckContext
    known: Known
    problems: Problems

    def _existing(self, table: str, row: Row, ref: Ref | None) -> Row | None:
        """For a row naming an existing thing: None to skip it, else the row merged over it."""
        if not isinstance(ref, int):
            return row
        if self.context.keep_existing:
            return None
        return Row(row.file, row.line, {**self.known.stored[table][ref], **row.values})

    def _change(
        self,
        table: str,
        ref: int,
        key: str,
        values: dict[str, Any],
        after: dict[str, str],
        **extra: Any,
    ) -> None:
        """The bundle's version of stored row ``ref``: an update in the plan if it differs."""
        before = self.known.stored[table][ref]
        self.context.plan.change(Update(table, ref, key, values, before, after, extra))

    def _incoming(
        self, row: Row, table: str, find: Callable[[str], Ref | None]
    ) -> tuple[str, Ref | None, Row] | None:
        """A metric, party or source row's required name, what it names (``find``) and the row
        merged over that; None when the row is to be skipped."""
        name = read_text(row, "name", self.problems, required=True)
        if not name or (table != "metrics" and self._bad_name(row, "name", _WHAT[table], [name])):
            return None
        ref = find(name)
        merged = self._existing(table, row, ref)
        return None if merged is None else (name, ref, merged)

    def _near_miss(self, row: Row, column: str, names: Names, name: str) -> None:
        """A new name that nearly matches an existing one is refused without --create-missing."""
        if self.context.create_missing:
            return
        near = names.near_existing(name)
        if not near:
            return
        self.problems.add(
            row,
            column,
            f"new {names.what} {name!r} is close to existing {near[0]!r}: use that name, "
            f"or pass --create-missing to create {name!r}",
        )

    def _bad_name(self, row: Row, column: str, what: str, names: list[str]) -> bool:
        """Report names no lookup could find (only punctuation and spaces, which fold to
        nothing) or too long for the schema's name columns; True when there was one."""
        bad = False
        for name in names:
            folded = fold(name)
            if not folded:
                self.problems.add(row, column, f"{what} name {name!r} has nothing to find it by")
                bad = True
            elif max(len(name), len(folded)) > NAME_WIDTH:
                self.problems.add(
                    row, column, f"a name may be at most {NAME_WIDTH} characters long"
                )
                bad = True
        return bad

    def _register(
        self, row: Row, names: Names, ref: Ref, shown: str, forms: list[str], labels: dict[Any, str]
    ) -> None:
        """Make ``forms`` the names of ``ref``, reporting any another row has taken already."""
        names.forget(ref)
        for form in forms:
            taken = names.add(form, ref, shown)
            if taken is not None:
                other = labels.get(taken, taken)
                self.problems.add(row, "aliases", f"{form!r} already names {names.what} {other!r}")

    def _aliases(self, row: Row, merged: Row, name: str, what: str) -> list[str]:
        """A party's or source's aliases, each a name of its own (no other spelling of one)."""
        aliases = distinct_aliases(
            [name], split_aliases(read_text(merged, "aliases", self.problems))
        )
        self._bad_name(row, "aliases", what, aliases)
        return aliases

    def _named(
        self,
        row: Row,
        table: str,
        names: Names,
        shown_by: dict[Ref, str],
        name: str,
        ref: Ref | None,
        aliases: list[str],
    ) -> tuple[Ref, str] | None:
        """Register the names of a party or source row: its reference and the name it is shown
        by, or None when another row of the bundle defines it already."""
        if isinstance(ref, str):
            self.problems.add(row, "name", f"{_WHAT[table]} {name!r} is defined twice")
            return None
        if ref is None:
            # Refused, but still registered: the claims naming it need no second message.
            self._near_miss(row, "name", names, name)
        shown = shown_by.get(ref, name) if ref is not None else name
        new_ref: Ref = ref if ref is not None else name
        self._register(row, names, new_ref, shown, [shown, *aliases], shown_by)
        return new_ref, shown

    def _record(
        self,
        table: str,
        shown_by: dict[Ref, str],
        name: str,
        named: tuple[Ref, str],
        values: dict[str, Any],
        after: dict[str, str],
        aliases: list[str],
    ) -> None:
        """A party or source row in the plan: an update of the stored one, or a creation."""
        ref, shown = named
        if isinstance(ref, int):
            self._change(table, ref, shown, values, after, aliases=aliases)
        else:
            shown_by[name] = name
            self.context.plan.create(
                table, {"name": name, **values, "aliases": aliases, "after": after}
            )
