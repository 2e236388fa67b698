"""Shared fixtures: a migrated database on each backend, the fixture bundle, and a CLI runner.

Every test that asks for ``db_url``, ``engine``, ``loaded``, ``run``, ``seeded_url`` or ``read``
runs twice: on SQLite and on PostgreSQL. The PostgreSQL server comes from
``CLAIMSDB_TEST_PG_URL`` (``.ci/run`` starts one), else a throwaway cluster is started here when the
server binaries are installed; without either, those tests skip with the reason (and fail the run
under ``CI=true``). Each PostgreSQL test gets its own database, cloned from a migrated (or seeded)
template. Tests about SQLite itself carry ``@pytest.mark.sqlite_only`` (PostgreSQL's own:
``postgresql_only``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from claimsdb.cli.main import cli
from claimsdb.services import database as api
from tests import pgserver
from tests.pgserver import Cluster

DATA = Path(__file__).parent / "data"
BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        only = [b for b in BACKENDS if metafunc.definition.get_closest_marker(f"{b}_only")]
        metafunc.parametrize("backend", only or BACKENDS, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend this test runs on: ``sqlite`` or ``postgresql``."""
    return str(request.param)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The PostgreSQL server the tests use (see the module docstring)."""
    url = os.environ.get("CLAIMSDB_TEST_PG_URL")
    folder = None
    if not url:
        if pgserver.bindir() is None:
            reason = (
                "PostgreSQL tests need a server: no initdb found (apt-get install postgresql) "
                "and CLAIMSDB_TEST_PG_URL is not set"
            )
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"CI=true: {reason}")
            pytest.skip(reason)
        url, folder = pgserver.start()
    cluster = Cluster(url)
    yield cluster
    cluster.close()
    if folder is not None:
        pgserver.stop(folder)


def _pg(request: pytest.FixtureRequest) -> Cluster:
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of an empty database: a not-yet-created SQLite file, or a new PostgreSQL one."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'claims.db'}"
        return
    cluster = _pg(request)
    # A test that will migrate it anyway (through ``engine``) gets a clone of the migrated template.
    url = cluster.create(template="migrated" if "engine" in request.fixturenames else None)
    yield url
    cluster.drop(url)


@pytest.fixture
def engine(db_url: str, backend: str) -> Iterator[Engine]:
    """A migrated, empty database."""
    created = api.init(db_url)[0] if backend == "sqlite" else api.connect(db_url)
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
    from claimsdb.load.loader import load_bundle

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
def seeded_url(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A database holding the bundled data set, shared by a module's read-only tests."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'claims.db'}"
        created, _, _ = api.init(url)
        api.seed(created, actor="seeder")
        created.dispose()
        yield url
        return
    cluster = _pg(request)
    url = cluster.create(template="seeded")
    yield url
    cluster.drop(url)


@pytest.fixture
def read(seeded_url: str) -> Callable[..., Result]:
    """Invoke ``claimsdb --db <seeded db> ARGS`` (the bundled data set; do not write)."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--db", seeded_url, *args], catch_exceptions=False)

    return invoke
