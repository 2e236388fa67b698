"""How a use case meets a database: ``in_snapshot`` runs one written over a connection in a read
snapshot of its own; ``on_engine`` makes one written over an engine a method of ``ClaimsDB``, and
``Deferred`` does so when the method is first looked up, importing the use case only then."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar

from claimsdb.store.engine import reading

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

P = ParamSpec("P")
R = TypeVar("R")


class HasEngine(Protocol):
    """What ``on_engine`` methods are bound to: an object with a current database engine."""

    @property
    def engine(self) -> Engine: ...


def in_snapshot(
    work: Callable[Concatenate[Connection, P], R],
) -> Callable[Concatenate[Engine, P], R]:
    """``work(conn, …)`` as ``use(engine, …)``: the same use case, in one read snapshot."""

    @functools.wraps(work)
    def use(engine: Engine, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with reading(engine) as conn:
            return work(conn, *args, **kwargs)

    use.__signature__ = _first_becomes(work, "engine")  # type: ignore[attr-defined]
    use.__name__ = work.__name__.removesuffix("_in")
    use.__qualname__ = work.__qualname__.removesuffix("_in")
    return use


def on_engine(use: Callable[Concatenate[Engine, P], R]) -> Callable[Concatenate[HasEngine, P], R]:
    """``use(engine, …)`` as a method: called on a ``ClaimsDB``, with that database's engine.

    The method keeps the use case's name, signature (less the engine) and docstring, so
    ``help(db.compare)`` reads like the function it runs.
    """

    @functools.wraps(use)
    def method(self: HasEngine, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return use(self.engine, *args, **kwargs)

    method.__signature__ = _first_becomes(use, "self")  # type: ignore[attr-defined]
    return method


class Deferred:
    """``on_engine(use)`` for the use case named ``"module:function"``, made on first lookup.

    The first lookup (on the class or an instance) imports the module, binds the use case with
    ``on_engine`` and puts that method on the class in place of this placeholder, so a command
    pays only for the use cases it calls, and ``help()`` and ``inspect.signature`` see the use
    case's own signature and docstring.
    """

    def __init__(self, use: str) -> None:
        self.module, _, self.function = use.partition(":")
        self.name = self.function

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object | None, owner: type) -> Any:
        method = on_engine(getattr(import_module(self.module), self.function))
        setattr(owner, self.name, method)
        return method if instance is None else method.__get__(instance, owner)


def _first_becomes(function: Callable[..., object], name: str) -> inspect.Signature:
    signature = inspect.signature(function)
    first, *rest = signature.parameters.values()
    return signature.replace(
        parameters=[first.replace(name=name, annotation=inspect.Parameter.empty), *rest]
    )
