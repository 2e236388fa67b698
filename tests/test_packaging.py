"""A real wheel carries the command, the migrations and the seed, and works outside the repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # From the files of the checkout alone: setuptools would reuse a stale build/ folder.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns("build", ".venv", ".git", "*.egg-info")
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("claimsdb-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    modules = {n for n in names if n.endswith(".py")}
    tree = {
        f"claimsdb/{p.relative_to(ROOT / 'src' / 'claimsdb').as_posix()}"
        for p in (ROOT / "src" / "claimsdb").rglob("*.py")
    }
    library = {n for n in modules if n.split("/")[1] not in ("cli", "migrations", "seed")}
    assert library == tree, "the wheel's library modules are the source tree's, no more"
    assert "claimsdb/cli/main.py" in names
    assert "claimsdb/migrations/env.py" in names
    assert "claimsdb/migrations/script.py.mako" in names
    assert any(n.startswith("claimsdb/migrations/versions/2") for n in names)
    assert "claimsdb/seed/__init__.py" in names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMSDB_URL", "PYTHONPATH")}

    def claimsdb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "claimsdb"), *args], cwd=work, env=env, capture_output=True, text=True
        )

    assert claimsdb("--help").returncode == 0
    init = claimsdb("init")
    assert init.returncode == 0, init.stderr
    assert (work / "claims.db").exists()
    assert claimsdb("db", "check").returncode == 0
    module = subprocess.run(
        [str(bin_dir / "python"), "-m", "claimsdb", "events"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert module.returncode == 0, module.stderr
