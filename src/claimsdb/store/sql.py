"""Portable SQL pieces: the few places where SQLite and PostgreSQL need different SQL for the
same answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Connection, any_, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class bytewise(FunctionElement[Any]):
    """``ORDER BY bytewise(column)``: text in code-point order on every backend.

    SQLite compares text byte by byte; PostgreSQL by the database's collation, which on most
    servers ignores case and punctuation. Listings and exports must come out in the same order
    on both, so on PostgreSQL this adds ``COLLATE "C"``.
    """

    name = "bytewise"
    inherit_cache = True


@compiles(bytewise)
def _bytewise(element: bytewise, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(bytewise, "postgresql")
def _bytewise_pg(element: bytewise, compiler: Any, **kw: Any) -> str:
    return f'{compiler.process(element.clauses, **kw)} COLLATE "C"'


def among(conn: Connection, column: Any, values: list[Any]) -> Iterator[ColumnElement[bool]]:
    """Conditions ``column IN values``, one per query, in pieces each backend plans well.

    SQLite takes 500 bound values at a time. PostgreSQL gets all of them as one array parameter:
    a list of separate parameters is compared one by one per row, which made a 100,000-row import
    quadratic, while an array is planned as a hashed constant.
    """
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        if values:
            yield column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
        return
    for start in range(0, len(values), 500):
        yield column.in_(values[start : start + 500])
