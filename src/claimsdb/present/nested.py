"""Sets shown under another: parts under their whole, sub-periods under the enclosing period —
the reasons their claims are given, the contradictions a sub-period reveals, and the rows of a
set's table with its nested claims in place."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from claimsdb.analysis.periods import PARTS, SET

if TYPE_CHECKING:
    import pandas as pd

    from claimsdb.analysis.reconcile import Reconciliation

NESTED = "↳ "  # marks a claim shown under a claim or set of another population or period


def nested_reasons(
    result: Reconciliation, groups: pd.DataFrame, reasons: pd.Series, claims: pd.DataFrame
) -> pd.Series:
    """``reasons`` (one per row of ``result.roles``) with those of nested sets' claims replaced:
    "women, part of 613 (Azerbaijani authorities)", "sub-period 1988 of 1987–1989: a floor for
    it, not pooled". ``groups`` has ``period`` as written; ``claims`` is the frame reconciled.
    Only the nested sets' claims cost a Python step."""
    by_group = groups.set_index("group")
    nested = by_group[(by_group["kind"] != SET) & by_group["parent"].isin(by_group.index)]
    roles = result.roles
    mine = roles["group"].isin(nested.index).to_numpy()
    if not mine.any():
        return reasons
    out = reasons.copy()
    wholes = claims.drop_duplicates("id").set_index("id")["part_of"]
    needed = wholes.reindex(roles.loc[mine, "id"]).dropna().astype(int)
    figures = _figures(claims[claims["id"].isin(needed)])
    for index, claim, group in zip(
        roles.index[mine], roles.loc[mine, "id"], roles.loc[mine, "group"], strict=True
    ):
        g = nested.loc[group]
        if g["kind"] == PARTS:
            whole = figures.get(int(needed.get(claim, -1)), "another claim")
            out[index] = f"{g['population'] or 'all'}, part of {whole}"
        else:
            floor = ": a floor for it" if bool(g["accumulates"]) else ""
            enclosing = by_group.loc[g["parent"], "period"]
            out[index] = f"sub-period {g['period']} of {enclosing}{floor}, not pooled"
    return out


def _figures(claims: pd.DataFrame) -> dict[int, str]:
    """Each claim as a reader recognises it: ``613 (Azerbaijani authorities)``."""
    from claimsdb.present.verdicts import figure_texts

    texts = figure_texts(claims)
    names = dict(zip(claims["id"].astype(int), claims["claimant"].astype(str), strict=True))
    return {i: f"{text} ({names[i]})" for i, text in texts.items()}


def contradiction_notes(
    result: Reconciliation, claims: pd.DataFrame, said: pd.Series
) -> pd.DataFrame:
    """Each figure above a claim whose longer period holds its own, in words, under the
    enclosing claim's set: ``group``, ``keys`` and ``note`` ("contradiction: 127 (Arif Yunusov)
    for 1988 is above 25 (Armenian sources) for 1988–1989, a period that includes 1988");
    ``said`` is each claim's period as written, by id."""
    import pandas as pd

    found = result.contradictions
    if found is None or found.empty:
        return pd.DataFrame({"group": pd.Series(dtype="int64"), "keys": [], "note": []})
    keys = claims.drop_duplicates("id").set_index("id")["key"]
    sentences = contradictions(found["id"], found["other"], claims, said)
    return pd.DataFrame(
        {
            "group": found["parent"].to_numpy(),
            "keys": (keys.loc[found["id"]].to_numpy() + ", " + keys.loc[found["other"]].to_numpy()),
            "note": [f"contradiction: {s}" for s in sentences],
        }
    ).drop_duplicates()


def contradictions(
    ids: Iterable[Any], others: Iterable[Any], claims: pd.DataFrame, said: pd.Series
) -> list[str]:
    """Each figure (``ids``) above the enclosing claim (``others``) in words: "127 (Arif
    Yunusov) for 1988 is above 25 (Armenian sources) for 1988–1989, a period that includes
    1988"; ``said`` is each claim's period as written, by id."""
    pairs = [(int(i), int(o)) for i, o in zip(ids, others, strict=True)]
    figures = _figures(claims[claims["id"].isin([n for pair in pairs for n in pair])])
    return [
        f"{figures[i]} for {said[i]} is above {figures[o]} for {said[o]},"
        f" a period that includes {said[i]}"
        for i, o in pairs
    ]


def heads(groups: pd.DataFrame) -> list[dict[str, Any]]:
    """The sets that head a table: those of their own, and nested sets whose parent is not
    among ``groups`` (in shown order)."""
    return _heads({int(g["group"]): g for g in groups.to_dict("records")})


def _heads(sets: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    return [g for g in sets.values() if g.get("kind", SET) == SET or _parent(g) not in sets]


def _parent(group: Mapping[str, Any]) -> int:
    """The set a nested set is shown under; -1 for a set of its own."""
    return -1 if group.get("kind", SET) == SET else int(group.get("parent", -1))


def panels(
    claims: pd.DataFrame, groups: pd.DataFrame
) -> list[tuple[dict[str, Any], list[int], list[dict[str, Any]]]]:
    """Each table, in the order of ``groups`` (``heads``): its head set, the set numbers it
    shows (the head first) and its rows as ``placed`` puts them. ``claims`` has ``group`` and
    is in claim order; one pass over it, each set's claims found by a dictionary, not a search,
    so the tables grow with the claims."""
    sets = {int(g["group"]): g for g in groups.to_dict("records")}
    nested: dict[int, list[int]] = {}
    for number, group in sets.items():
        if _parent(group) in sets:
            nested.setdefault(_parent(group), []).append(number)
    mine: dict[int, list[dict[str, Any]]] = {}
    for row in claims.to_dict("records"):
        mine.setdefault(int(row["group"]), []).append(row)
    tables = []
    for head in _heads(sets):
        shown = [int(head["group"]), *nested.get(int(head["group"]), [])]
        rows = placed(mine.get(shown[0], []), [(sets[g], mine.get(g, [])) for g in shown[1:]])
        tables.append((head, shown, rows))
    return tables


def placed(
    own: list[dict[str, Any]], nested: list[tuple[Mapping[str, Any], list[dict[str, Any]]]]
) -> list[dict[str, Any]]:
    """A set's table: its ``own`` claims in claim order, each whole followed by its parts (a
    part follows the claim whose key its ``part_of`` holds; a part of no claim shown comes after
    them), then the sub-periods' claims. ``nested`` holds each set shown under it with its
    claims. A nested claim's ``claimant`` reads ``↳ women: Azerbaijani authorities`` (a part's
    population, a sub-period's period) and ``under`` holds that mark ("" for the set's own)."""
    parts: list[dict[str, Any]] = []
    rest: list[dict[str, Any]] = []
    for group, claims in nested:
        part = group.get("kind") == PARTS
        mark = f"{NESTED}{(group['population'] if part else group['period']) or ''}: "
        marked = [{**c, "claimant": mark + str(c["claimant"]), "under": mark} for c in claims]
        (parts if part else rest).extend(marked)
    if not parts and not rest:
        return [{**c, "under": ""} for c in own]
    of: dict[str, list[dict[str, Any]]] = {}
    for c in parts:
        of.setdefault(str(c.get("part_of")), []).append(c)
    rows, done = [], set()
    for c in own:
        rows.append({**c, "under": ""})
        for p in of.get(str(c["key"]), []):
            rows.append(p)
            done.add(id(p))
    return rows + [p for p in parts if id(p) not in done] + rest
