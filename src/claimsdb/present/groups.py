"""A group as every output names it (``khojaly-massacre · killed / civilians, 1992-02-25–…``), the
scope notes that point at its neighbours, and the order its claims are listed in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from claimsdb.analysis.periods import PARTS, SET, SUB_PERIOD
from claimsdb.present.words import plural

if TYPE_CHECKING:
    import pandas as pd

Group = Mapping[str, Any]
EVERYONE = "(all)"
NO_PERIOD = "no period"


def scope(group: Group, *, everyone: str = EVERYONE, no_period: str = NO_PERIOD) -> str:
    """``killed / civilians, 1992-02-25–1992-02-26``; ``killed / (all), no period``; with a
    stated scope ``territory_share / (all) [excluding nagorno-karabakh], …``."""
    covers = f" [{group['scope']}]" if group.get("scope") else ""
    period = group["period"] or no_period
    return f"{group['metric']} / {group['population'] or everyone}{covers}" + (
        f", {period}" if period else ""
    )


def group_name(group: Group, *, everyone: str = EVERYONE, no_period: str = NO_PERIOD) -> str:
    """``khojaly-massacre · killed / civilians, 1992-02-25–1992-02-26``."""
    return f"{group['event']} · {scope(group, everyone=everyone, no_period=no_period)}"


def group_title(group: Group, *, event: bool = True) -> str:
    """A group's heading in compare, the workbook and the page: its name, what it is shown
    under (``within``, if anything), claims and origins."""
    name = group_name(group) if event else scope(group)
    within = f" ({group['within']})" if group.get("within") else ""
    counts = f"{plural(group['claims'], 'claim')}, {plural(group['origins'], 'origin')}"
    return f"{name}{within} — {counts}"


def nesting(group: Group, groups: Mapping[int, Group]) -> str:
    """What a set nested under another is to it: ``parts of killed / civilians, …`` or
    ``sub-period of killed / azerbaijanis, 1987–1989``; "" for a set of its own."""
    parent = groups.get(int(group.get("parent", -1)))
    if parent is None or group.get("kind", SET) == SET:
        return ""
    what = "parts of" if group["kind"] == PARTS else "sub-period of"
    return f"{what} {scope(parent)}"


def nestings(groups: pd.DataFrame) -> Any:
    """``nesting`` of every set of ``groups``, in their order, as an object array of text (only
    nested sets, and the sets they are nested under, become records; the others are "")."""
    import numpy as np

    within = np.full(len(groups), "", dtype=object)
    is_nested = (groups["kind"] != SET).to_numpy()
    if not is_nested.any():
        return within
    nested = groups[is_nested]
    parents = groups[groups["group"].isin(nested["parent"]).to_numpy()]
    lookup = {int(g["group"]): g for g in parents.to_dict("records")}
    within[is_nested] = [nesting(g, lookup) for g in nested.to_dict("records")]
    return within


def in_shown_order(groups: pd.DataFrame) -> pd.DataFrame:
    """Sets as every output lists them: each set of its own in group order, followed by the
    sets shown under it (its parts, then its sub-periods, each in group order). A nested set
    whose parent is not among ``groups`` stands on its own."""
    import pandas as pd

    parent = groups.get("parent", pd.Series(-1, index=groups.index))
    kind = groups.get("kind", pd.Series(SET, index=groups.index))
    top = ~parent.isin(groups["group"].to_numpy()) | (kind == SET)
    head = groups["group"].where(top, parent)
    rank = (~top).astype(int) + (kind == SUB_PERIOD).astype(int)
    order = groups.assign(_head=head, _rank=rank).sort_values(["_head", "_rank", "group"])
    return order.drop(columns=["_head", "_rank"])


def plot_title(group: Group) -> str:
    """A forest plot panel's title: the group and its origins."""
    within = f" ({group['within']})" if group.get("within") else ""
    return f"{group_name(group, everyone='all')}{within} — {plural(group['origins'], 'origin')}"


def in_claim_order(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims as every output lists them: by group, then by value (the point value, else the
    lower end), then by key."""
    by = ["group", "order", "key"] if "group" in claims else ["order", "key"]
    ordered = claims.assign(order=claims["point"].fillna(claims["lower"])).sort_values(by)
    return ordered.drop(columns="order")


def scope_notes(pairs: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """The pairs of ``claimsdb.analysis.scope.scope_notes`` (``group``, ``other``, ``differs``)
    with a ``note`` on the other group ("also: killed / women, 1992-02-25–1992-02-26, 1 claim"),
    in the order they are shown. ``groups`` has ``group``, the group columns, ``period`` (as
    written) and ``claims``."""
    import pandas as pd

    columns = ["event", "metric", "population", "scope"]
    if "scope" not in groups:
        groups = groups.assign(scope="")
    shown = groups.set_index("group")[[*columns, "period", "claims"]].copy()
    for column in columns:
        shown[column] = shown[column].astype(object).where(shown[column].notna(), "")
    others = shown.loc[pairs["other"]].to_dict("records")
    notes = [
        "also: "
        + (f"{o['event']} " if differs == "event" else "")
        + scope(o)
        + f", {plural(int(o['claims']), 'claim')}"
        for o, differs in zip(others, pairs["differs"], strict=True)
    ]
    found = pairs.assign(note=pd.Series(notes, index=pairs.index, dtype=object))
    return found.sort_values(["group", "differs", "note"]).reset_index(drop=True)
