"""Exceptions the library raises; the CLI turns them into messages and exit codes."""

from __future__ import annotations


class ClaimsDBError(Exception):
    """Base class: a user-facing error. ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InvalidInput(ClaimsDBError):
    """Malformed input: a bad figure, a bad row, a bad argument (exit 2)."""

    exit_code = 2


class InvalidFigure(InvalidInput, ValueError):
    """A figure phrase that cannot be read without guessing."""


class NotFound(ClaimsDBError):
    """A well-formed name or key that matches nothing (exit 1)."""


class SchemaOutOfDate(ClaimsDBError):
    """The database is at another schema revision than this claimsdb expects (exit 1)."""


class PermissionDenied(ClaimsDBError):
    """The database role may read but not write (exit 1)."""
