"""Shared fixtures: a migrated temporary database, the fixture bundle, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from claimsdb import api
from claimsdb.cli.main import cli

DATA = Path(__file__).parent / "data"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """The URL of a not-yet-created SQLite database in a temporary folder."""
    return f"sqlite:///{tmp_path / 'claims.db'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated, empty database."""
    created, _, _ = api.init(db_url)
    yield created
    created.dispose()


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A writable copy of the small fixture bundle (Khojaly, from the bundled article)."""
    target = tmp_path / "bundle"
    shutil.copytree(DATA / "bundle", target)
    return target


@pytest.fixture
def loaded(engine: Engine, bundle: Path) -> Engine:
    """A database holding the fixture bundle."""
    from claimsdb.io.loader import load_bundle

    load_bundle(engine, bundle, actor="fixture")
    return engine


@pytest.fixture
def run(db_url: str) -> Callable[..., Result]:
    """Invoke ``claimsdb --db <temp db> ARGS``; stdout and stderr stay separate."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, ["--db", db_url, *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="module")
def seeded_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding the bundled data set, shared by a module's read-only tests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'claims.db'}"
    created, _, _ = api.init(url)
    api.seed(created, actor="seeder")
    created.dispose()
    yield url


@pytest.fixture
def read(seeded_url: str) -> Callable[..., Result]:
    """Invoke ``claimsdb --db <seeded db> ARGS`` (the bundled data set; do not write)."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--db", seeded_url, *args], catch_exceptions=False)

    return invoke
