"""What the analysis use cases return: frames and verdicts, stamped with the database's state.

Plain data, built by ``claimsdb.services`` and rendered by ``claimsdb.present`` and the CLI. Each
result's ``.frame`` is its main table as a DataFrame.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from claimsdb.analysis.check import Verdict
    from claimsdb.analysis.reconcile import Reconciliation


@dataclass(frozen=True, slots=True)
class Stamp:
    """The state of the database an output came from: its latest revision."""

    revision: int | None
    at: datetime | None

    def fields(self) -> dict[str, Any]:
        """The stamp for machine-readable output."""
        return {"revision": self.revision, "revision_at": self.at.isoformat() if self.at else None}

    def __str__(self) -> str:
        if self.revision is None:
            return "database without revisions"
        when = self.at.strftime("%Y-%m-%d %H:%M:%S UTC") if self.at else "unknown time"
        return f"database revision {self.revision} of {when}"


@dataclass(frozen=True)
class Comparison:
    """Who says what about one event: groups, their claims side by side, and scope notes."""

    groups: pd.DataFrame
    claims: pd.DataFrame
    notes: pd.DataFrame
    affiliations: pd.DataFrame
    stamp: Stamp

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

    @property
    def frame(self) -> pd.DataFrame:
        """One row per group and method."""
        return self.table


@dataclass(frozen=True)
class CheckResult:
    """The verdicts on VALUE, one per group, and what was left out under ``as_of``."""

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
