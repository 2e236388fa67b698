"""PostgreSQL's ``claimsdb_fold`` as the migrations leave it (the ASCII fast path, then only the
replacements ASCII text can match) folds every text exactly as the original function did (the
search index it feeds is not rebuilt, so it must)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import Engine, text

from claimsdb.store.engine import reading, writing

MIGRATION = next(
    (Path(__file__).parents[2] / "migrations" / "versions").glob("*_fold_ascii_fast_path.py")
)


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fold_migration", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _samples(letters: dict[str, str]) -> list[str | None]:
    """Every folded letter alone, in ASCII words and in capitals; punctuation of every kind;
    plain ASCII sentences; other scripts; empty and NULL."""
    out: list[str | None] = [None, "", " ", "613", "Khojaly", "KHOJALY", "at least 161 (HRW)"]
    for letter in letters:
        out += [letter, f"Xocal{letter} 1992", letter.upper() + "ABC"]
    out += ["a-b_c.d/e", 'it\'s `x` "y" (z) [w], v; u: t! s?', "Red-Cross/ICRC_report.v2"]
    out += ["’quoted’ “twice” «guillemets» — dash – en ‐ hyphen", "Ходжалы", "Խոջալու", "😀 613"]
    out += ["Xocalı soyqırımı: 613 nəfər", "Łódź, Ørsted, Æbeltoft, Straße", "ǅ ĳ œ"]
    return out


@pytest.mark.postgresql_only
def test_the_fast_path_folds_as_before(engine: Engine) -> None:
    module = _migration()
    before = module.function(ascii_fast_path=False).replace("claimsdb_fold(", "fold_before(")
    with writing(engine) as conn:
        conn.exec_driver_sql(before)
        installed = conn.execute(
            text("SELECT pg_get_functiondef('claimsdb_fold(text)'::regprocedure)")
        ).scalar_one()
    assert "octet_length" in installed  # the fast path is what the migrations installed
    assert installed.count("replace(") == 16 + 53  # ASCII: only what can match; else: all
    samples = _samples(module._letter_folds())
    with reading(engine) as conn:
        pairs = conn.execute(
            text("SELECT claimsdb_fold(s), fold_before(s) FROM unnest(CAST(:s AS text[])) AS s"),
            {"s": samples},
        ).all()
    assert len(pairs) == len(samples) > 1000
    differing = [(s, new, old) for s, (new, old) in zip(samples, pairs, strict=True) if new != old]
    assert differing == []
