"""lint: data-quality findings over the whole database."""

from __future__ import annotations

from sqlalchemy import Engine

from claimsdb.analysis.results import Linted
from claimsdb.read.entities import document_texts
from claimsdb.services.scope import check_tolerance, claim_periods, stamp
from claimsdb.store.engine import reading
from claimsdb.vocabulary import PERIOD_OVERLAP, TOLERANCE


def lint(
    engine: Engine, *, tolerance: float = TOLERANCE, period_overlap: float = PERIOD_OVERLAP
) -> Linted:
    """Quotes missing from their document, parts over their whole, self-contradictions,
    sub-period figures above their enclosing period's and duplicates, read in one snapshot."""
    from claimsdb.analysis.lint import lint as findings
    from claimsdb.present.findings import with_messages
    from claimsdb.read.frame import claims_frame

    check_tolerance(tolerance, period_overlap)
    with reading(engine) as conn:
        frame = claims_frame(conn, text=True)
        texts = document_texts(conn)
        at = stamp(conn)
    found = findings(frame, texts, tolerance, period_overlap)
    return Linted(with_messages(found, frame, claim_periods(frame)), at)
