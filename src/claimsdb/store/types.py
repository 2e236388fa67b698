"""Column types of the schema: text every backend can store, and moments in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Text, TypeDecorator

from claimsdb.errors import InvalidInput

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """Why no backend can store ``text``, or None when it can.

    A NUL character, or a lone surrogate: what undecodable bytes in a command-line argument
    become, or a JSON ``\\ud800`` escape. Neither is text a database driver will take.
    """
    if text.isascii():  # the common case, decided without scanning for surrogates
        return "contains a NUL character" if "\x00" in text else None
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "contains a NUL character"
    return f"contains a lone surrogate (U+{ord(found.group()):04X}): not valid Unicode text"


class CleanText(TypeDecorator[str]):
    """Text that refuses NUL characters and lone surrogates before they reach any database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        reason = unstorable(value) if isinstance(value, str) else None
        if reason is not None:
            raise InvalidInput(f"text {reason}, which claimsdb refuses")
        return value


class UTCTime(TypeDecorator[datetime]):
    """A moment in UTC, read back as an aware datetime on every backend.

    PostgreSQL keeps the offset (``timestamptz``); SQLite stores the UTC wall time without one, so
    it is put back on reading. Either way ``str()`` and ``isoformat()`` print ``+00:00``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, datetime):
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value
