"""claimsdb: a database of conflicting figures — who says how many were killed, wounded, displaced.

``claimsdb.open(url)`` is the front door: a ``ClaimsDB`` whose methods are the use cases. The
top-level names are lazy (PEP 562): ``import claimsdb`` loads neither pandas nor SQLAlchemy until
a name that needs them is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "open": "claimsdb.services.claimsdb",
    "ClaimsDB": "claimsdb.services.claimsdb",
    "parse_figure": "claimsdb.figures",
    "format_figure": "claimsdb.figures",
    "Figure": "claimsdb.figures",
    "ClaimsDBError": "claimsdb.errors",
    "InvalidInput": "claimsdb.errors",
    "InvalidFigure": "claimsdb.errors",
    "NotFound": "claimsdb.errors",
    "SchemaOutOfDate": "claimsdb.errors",
    "PermissionDenied": "claimsdb.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimsdb' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
