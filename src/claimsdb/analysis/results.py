"""What the analysis use cases return: frames and verdicts, stamped with the database's state.

Plain data, built by ``claimsdb.services`` (which fill their sentences from ``claimsdb.present``)
and rendered by ``claimsdb.present`` and the CLI. Each result's ``.frame`` is its main table as a
DataFrame.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from claimsdb.analysis.reconcile import Reconciliation


@dataclass(frozen=True, slots=True)
class Stamp:
    """The state of the database an output came from: its latest revision, and ``text``, the
    words that name it (``str(stamp)``; filled from ``claimsdb.present.words.stamp``)."""

    revision: int | None
    at: datetime | None
    text: str = field(default="", compare=False, repr=False)

    def fields(self) -> dict[str, Any]:
        """The stamp for machine-readable output."""
        return {"revision": self.revision, "revision_at": self.at.isoformat() if self.at else None}

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Judged:
    """What one group says about VALUE: the verdict, the claims VALUE lies in (``matched``) and
    outside of (``contradicted``), and its distance from the consensus and from the independent
    range. Distances are relative (+0.12 = 12 % above)."""

    group: dict[str, Any]
    value: float
    verdict: str
    matched: list[dict[str, Any]] = field(default_factory=list)
    contradicted: list[dict[str, Any]] = field(default_factory=list)
    consensus: list[tuple[float, float]] = field(default_factory=list)
    from_consensus: float | None = None
    independent: tuple[float, float] | None = None
    from_independent: float | None = None
    headline_set: bool = False
    """Whether this is the set VALUE is most plausibly about (the headline verdict)."""


@dataclass(frozen=True)
class Verdict(Judged):
    """A verdict worded: each claim cited has its ``figure`` and ``interval`` in words, and
    ``advice`` and ``attribution`` are sentences to print."""

    advice: str = ""
    attribution: str = ""
    headline: str = ""
    """The verdict in a few words: "matches Azerbaijani authorities (613 civilians)"."""


@dataclass(frozen=True)
class Comparison:
    """Who says what about one event: groups, their claims side by side, and scope notes."""

    groups: pd.DataFrame
    claims: pd.DataFrame
    notes: pd.DataFrame
    affiliations: pd.DataFrame
    stamp: Stamp
    contradictions: pd.DataFrame | None = None
    """Sub-period figures above an enclosing claim: ``group`` (the enclosing set), ``keys``
    and a ``note`` in words."""
    parties: tuple[str, ...] = ()
    """Every party of the database, in the order they take colours: one party, one colour in
    every picture and workbook, whichever parties a picture shows."""

    @property
    def frame(self) -> pd.DataFrame:
        """The claims side by side, each with its group, role and reason."""
        return self.claims


@dataclass(frozen=True)
class Reconciled:
    """One row per group and method (``table``), and with ``explain`` each claim's role."""

    table: pd.DataFrame
    groups: pd.DataFrame
    result: Reconciliation
    stamp: Stamp
    explained: pd.DataFrame | None = None
    parties: tuple[str, ...] = ()  # every party of the database, as ``Comparison.parties``
    claims: pd.DataFrame | None = None
    """With ``explain``, the claims frame that was reconciled (``claimsdb.read.frame``, with
    text), so a report reads each claim's period and the contradictions from the same rows."""

    @property
    def frame(self) -> pd.DataFrame:
        """One row per group and method."""
        return self.table


@dataclass(frozen=True)
class CheckResult:
    """The verdicts on VALUE, one per comparable set — the headline first (the set VALUE is most
    plausibly about), each set's parts and sub-periods right after it — and what was left out
    under ``as_of``."""

    event: str
    metric: str
    value: float
    verdicts: list[Verdict]
    stamp: Stamp
    as_of: str | None = None
    left_out: list[str] = field(default_factory=list)

    @property
    def frame(self) -> pd.DataFrame:
        """One row per verdict, its fields as columns."""
        import pandas as pd

        return pd.DataFrame([asdict(v) for v in self.verdicts])


@dataclass(frozen=True)
class Linted:
    """Data-quality findings (``finding``, ``keys``, ``message``)."""

    findings: pd.DataFrame
    stamp: Stamp

    @property
    def frame(self) -> pd.DataFrame:
        """The findings."""
        return self.findings
