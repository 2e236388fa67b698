"""PostgreSQL as the team's server: the same answers as SQLite, writers that queue, roles, secrets.

These tests need a real server (see ``conftest.py``); without one they skip with the reason.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from claimsdb.cli.main import cli
from claimsdb.services import database as api
from claimsdb.store.engine import WRITER_LOCK, reading, writing
from tests.pgserver import Cluster

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
# Outputs that name the time of a revision: seeding happened at different moments. Only the
# digits are masked: how a time is written (offset, fraction) must match too.
STAMP = re.compile(r"\d{4}-\d\d-\d\d([ T])\d\d:\d\d:\d\d(\.\d{6})?")


def _cli(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)


@pytest.fixture
def pg_seeded(pg_cluster: Cluster) -> Iterator[str]:
    url = pg_cluster.create(template="seeded")
    yield url
    pg_cluster.drop(url)


@pytest.fixture
def sqlite_seeded(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    engine = api.init(url)[0]
    api.seed(engine, actor="seeder")
    engine.dispose()
    return url


SAME_ON_BOTH = [
    ("claims", "--format", "json"),
    ("claims", "--event", "Xocalı", "--format", "csv"),  # folded lookup of a dotless i
    ("events", "--format", "json"),
    ("sources", "--format", "json"),
    ("show", "khojaly-massacre-killed-hrw", "--format", "json"),
    ("compare", "XOCALI", "--format", "json"),
    ("reconcile", "--explain", "--format", "csv"),  # every group, every method, every claim
    ("reconcile", "--format", "json"),
    ("check", "khojaly", "killed", "613", "--population", "civilians", "--format", "json"),
    ("lint", "--format", "json"),
    ("history", "khojaly-massacre-killed-hrw", "--format", "json"),
]


@pytest.mark.parametrize("args", SAME_ON_BOTH, ids=[" ".join(a) for a in SAME_ON_BOTH])
def test_every_answer_is_the_same_on_both_backends(
    sqlite_seeded: str, pg_seeded: str, args: tuple[str, ...]
) -> None:
    on_sqlite, on_pg = _cli(sqlite_seeded, *args), _cli(pg_seeded, *args)
    assert on_sqlite.exit_code == on_pg.exit_code, on_pg.stderr
    assert on_sqlite.stdout, on_sqlite.stderr
    assert STAMP.sub(r"<day>\1<time>", on_pg.stdout) == STAMP.sub(
        r"<day>\1<time>", on_sqlite.stdout
    )


@pytest.mark.parametrize("target", ["bundle", "claims.json", "claims.xlsx"])
def test_export_of_the_bundled_data_set_is_identical(
    sqlite_seeded: str, pg_seeded: str, tmp_path: Path, target: str
) -> None:
    for name, url in (("sqlite", sqlite_seeded), ("pg", pg_seeded)):
        (tmp_path / name).mkdir()
        result = _cli(url, "export", "-o", str(tmp_path / name / target))
        assert result.exit_code == 0, result.stderr
    files = sorted(p.relative_to(tmp_path / "sqlite") for p in (tmp_path / "sqlite").rglob("*.*"))
    assert files
    for name in files:
        if name.suffix == ".xlsx":  # a zip with timestamps: compare the cells
            from openpyxl import load_workbook

            sheets = [
                {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}
                for book in (load_workbook(tmp_path / side / name) for side in ("sqlite", "pg"))
            ]
            assert sheets[0] == sheets[1]
        else:
            assert (tmp_path / "pg" / name).read_bytes() == (
                tmp_path / "sqlite" / name
            ).read_bytes()


def test_writers_queue_and_readers_keep_reading(pg_seeded: str) -> None:
    engine = api.connect(pg_seeded)
    other = create_engine(pg_seeded)
    done = threading.Event()

    def second_writer() -> None:
        with writing(engine) as conn:
            conn.execute(text("UPDATE claims SET notes = 'second' WHERE id = 1"))
        done.set()

    with writing(engine) as conn:
        conn.execute(text("UPDATE claims SET notes = 'first' WHERE id = 1"))
        with other.connect() as probe:
            taken = probe.execute(text(f"SELECT pg_try_advisory_xact_lock({WRITER_LOCK})"))
            assert taken.scalar() is False  # the lock every claimsdb writer takes first
            probe.rollback()
        thread = threading.Thread(target=second_writer)
        thread.start()
        assert not done.wait(0.5)  # the second writer waits instead of failing
        with reading(engine) as reader:  # and readers are not blocked
            assert reader.execute(text("SELECT count(*) FROM claims")).scalar()
    thread.join(10)
    assert done.is_set()
    with reading(engine) as conn:
        assert conn.execute(text("SELECT notes FROM claims WHERE id = 1")).scalar() == "second"
    engine.dispose()
    other.dispose()


def _roles_sql() -> str:
    blocks = re.findall(r"```sql\n(.*?)```", README, re.S)
    return next(block for block in blocks if "claims_viewer" in block)


@pytest.fixture
def roles(pg_cluster: Cluster, pg_seeded: str) -> Iterator[dict[str, str]]:
    """The README's viewer and editor roles on a seeded database; their URLs by role.

    The roles get names of this test's own (roles belong to the whole server, which may hold the
    README's real ``claims_viewer``), and are dropped afterwards.
    """
    database = make_url(pg_seeded).database
    owner = make_url(pg_seeded).username
    names = {role: f"{database}_{role}" for role in ("viewer", "editor")}
    sql = (
        _roles_sql()
        .replace("DATABASE claims", f'DATABASE "{database}"')
        .replace("FOR ROLE claims_owner", f"FOR ROLE {owner}")
        .replace("claims_viewer", names["viewer"])
        .replace("claims_editor", names["editor"])
    )
    admin = create_engine(pg_seeded, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(sql)
    url = make_url(pg_seeded)
    yield {
        role: url.set(username=name, password="change-me").render_as_string(False)
        for role, name in names.items()
    }
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(text(f"DROP OWNED BY {name}"))
            conn.execute(text(f"DROP ROLE {name}"))
    admin.dispose()


ADD = ("add", "--event", "khojaly", "--metric", "wounded", "--figure", "about 200")
ADD_BY = (*ADD, "--claimant", "Human Rights Watch", "--population", "civilians")


def test_a_viewer_reads_but_cannot_write(roles: dict[str, str], tmp_path: Path) -> None:
    viewer = roles["viewer"]
    assert _cli(viewer, "compare", "khojaly", "--metric", "killed").exit_code == 0
    assert _cli(viewer, "export", "-o", str(tmp_path / "out")).exit_code == 0
    for args in (
        ADD_BY,
        ("edit", "khojaly-massacre-killed-hrw", "--set", "grade=confirmed"),
        ("retract", "khojaly-massacre-killed-hrw", "--reason", "test"),
        ("import", str(tmp_path / "out")),
        ("source", "edit", "Human Rights Watch", "--set", "description=changed"),
    ):
        result = _cli(viewer, *args)
        assert (result.exit_code, result.stderr) == (
            1,
            "error: permission denied: this role cannot write\n",
        ), args


def test_an_editor_writes_but_cannot_delete_a_claim(roles: dict[str, str]) -> None:
    editor = roles["editor"]
    added = _cli(editor, *ADD_BY)
    assert added.exit_code == 0, added.stderr
    key = added.stdout.strip()
    assert _cli(editor, "retract", key, "--reason", "misread").exit_code == 0
    renamed = _cli(editor, "source", "edit", "HRW", "--set", "aliases=HRW; Human Rights Watch")
    assert renamed.exit_code == 0, renamed.stderr
    engine = create_engine(editor)
    with pytest.raises(Exception, match="permission denied"), engine.begin() as conn:
        conn.execute(text("DELETE FROM claims"))
    engine.dispose()


def test_the_password_is_never_printed(pg_cluster: Cluster, pg_seeded: str) -> None:
    password = make_url(pg_seeded).password
    assert password
    wrong = make_url(pg_seeded).set(password=password + "x").render_as_string(False)
    nowhere = make_url(pg_seeded).set(port=1).render_as_string(False)
    outputs = [
        _cli(pg_seeded, "db", "current"),
        _cli(pg_seeded, "init"),
        _cli(pg_seeded, "compare", "no such event"),
        _cli(wrong, "claims"),
        _cli(nowhere, "db", "current"),
        _cli(pg_seeded.replace("postgresql+psycopg", "postgresql+nosuchdriver"), "claims"),
    ]
    assert "database: postgresql+psycopg://claimsdb:***@" in outputs[0].stdout
    assert outputs[3].exit_code == 1
    assert outputs[3].stderr.startswith("error: database: ")
    assert "password authentication failed" in outputs[3].stderr
    for result in outputs:
        assert password not in result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr


def test_engine_reports_the_backend(pg_seeded: str) -> None:
    engine: Engine = api.connect(pg_seeded)
    assert engine.dialect.name == "postgresql"
    assert "***" in api.describe(engine)
    engine.dispose()
