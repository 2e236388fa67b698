"""A throwaway PostgreSQL cluster for the tests: find the server, start it, stop it.

``.ci/run`` calls this as a script (``start`` prints shell ``export`` lines, ``stop DIR`` ends the
cluster and removes its folder); ``conftest.py`` calls the same functions when no server URL is
given but the server binaries are installed. The cluster lives in a temporary folder, listens on
127.0.0.1 on a free port, and belongs to an unprivileged user (PostgreSQL refuses to run as root):
the current user, or, under root, the Debian package's ``postgres`` user (else one made for it).
Durability is switched off (``fsync=off``): the cluster is thrown away after the run.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

SUPERUSER = "claimsdb"
_CI_USER = "claimsdb-ci"


def bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None when no server is installed."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _owner() -> str | None:
    """The user the cluster runs as: None for the current user, else a name (under root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", _CI_USER):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", _CI_USER], check=True)
    return _CI_USER


def _as(owner: str | None, argv: list[str]) -> list[str]:
    return argv if owner is None else ["runuser", "-u", owner, "--", *argv]


def _realistic_collation(binaries: Path) -> list[str]:
    """Sort text as most servers do (ICU, English: case and punctuation mostly ignored), not
    byte by byte like SQLite, so that the tests catch any order left to the collation."""
    usage = subprocess.run([str(binaries / "initdb"), "--help"], capture_output=True, text=True)
    if "--locale-provider" not in usage.stdout:  # before PostgreSQL 15
        return []
    return ["--locale-provider=icu", "--icu-locale=en-US"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start() -> tuple[str, Path]:
    """Start a cluster; returns its URL (with a random password) and its folder."""
    binaries = bindir()
    if binaries is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb) found")
    folder = Path(tempfile.mkdtemp(prefix="claimsdb-pg-"))
    try:
        return _start(binaries, folder), folder
    except BaseException:
        stop(folder)
        raise


def _start(binaries: Path, folder: Path) -> str:
    owner = _owner()
    password = secrets.token_urlsafe(16)
    (folder / "pw").write_text(password + "\n")
    if owner is not None:
        shutil.chown(folder, owner)
        shutil.chown(folder / "pw", owner)

    def run(*argv: str) -> None:
        done = subprocess.run(_as(owner, list(argv)), capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{' '.join(argv[:1])} failed: {done.stderr.strip()}")

    run(
        str(binaries / "initdb"),
        "-D",
        str(folder / "data"),
        "-U",
        SUPERUSER,
        "--pwfile",
        str(folder / "pw"),
        "--auth-local=scram-sha-256",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        *_realistic_collation(binaries),
    )
    (folder / "pw").unlink()
    port = _free_port()
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    )
    run(
        str(binaries / "pg_ctl"),
        "-D",
        str(folder / "data"),
        "-l",
        str(folder / "server.log"),
        "-o",
        options,
        "-w",
        "start",
    )
    return f"postgresql+psycopg://{SUPERUSER}:{password}@127.0.0.1:{port}/postgres"


def stop(folder: Path) -> None:
    """Stop the cluster in ``folder`` (if it runs) and remove the folder."""
    binaries = bindir()
    if binaries is not None and (folder / "data" / "postmaster.pid").exists():
        subprocess.run(
            _as(
                _owner(),
                [str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "-w", "stop"],
            ),
            check=False,
            stdout=subprocess.DEVNULL,
        )
    shutil.rmtree(folder, ignore_errors=True)


class Cluster:
    """Databases on a running server: cheap fresh ones cloned from migrated or seeded templates."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=_null_pool())
        self.prefix = f"claimsdb_test_{os.getpid()}"
        self.counter = itertools.count()
        self.templates: dict[str, str] = {}

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _sql(self, statement: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(statement)

    def create(self, template: str | None = None) -> str:
        """A new database, empty or a clone of a template (``migrated`` or ``seeded``)."""
        name = f"{self.prefix}_{next(self.counter)}"
        clone = f' TEMPLATE "{self._template(template)}"' if template else ""
        self._sql(f'CREATE DATABASE "{name}"{clone}')
        return self.url_of(name)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self._sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def _template(self, kind: str) -> str:
        """The template database of ``kind`` (``migrated`` or ``seeded``), made on first use."""
        if kind not in self.templates:
            from sqlalchemy.engine import make_url

            from claimsdb.services import database as api

            url = self.create(template="migrated" if kind == "seeded" else None)
            engine = api.connect(url, must_exist=False)
            if kind == "seeded":
                api.seed(engine, actor="seeder")
            else:
                api.init(url)[0].dispose()
            engine.dispose()
            self.templates[kind] = str(make_url(url).database)
        return self.templates[kind]

    def close(self) -> None:
        for name in self.templates.values():
            self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


def _null_pool() -> type:
    from sqlalchemy.pool import NullPool

    return NullPool


def main(argv: list[str]) -> int:
    if argv[:1] == ["start"]:
        url, folder = start()
        print(f"export CLAIMSDB_TEST_PG_URL='{url}'")
        print(f"export CLAIMSDB_TEST_PG_DIR='{folder}'")
        return 0
    if argv[:1] == ["stop"] and len(argv) == 2:
        stop(Path(argv[1]))
        return 0
    print("usage: pgserver.py start | stop FOLDER", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
