"""claimsdb: a database of conflicting figures — who says how many were killed, wounded, displaced.

The top-level API is lazy (PEP 562): ``import claimsdb`` loads neither pandas nor SQLAlchemy's ORM
until a name that needs them is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "parse_figure": "claimsdb.figures",
    "format_figure": "claimsdb.figures",
    "Figure": "claimsdb.figures",
    "InvalidFigure": "claimsdb.errors",
    "ClaimsDBError": "claimsdb.errors",
    "connect": "claimsdb.services.database",
    "load_bundle": "claimsdb.load.writer",
    "compare": "claimsdb.services.analyse",
    "reconcile": "claimsdb.services.analyse",
    "check": "claimsdb.services.analyse",
    "lint": "claimsdb.services.analyse",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimsdb' has no attribute {name!r}")
    return getattr(import_module(module), name)
