"""lint: data-quality findings over the whole database."""

from __future__ import annotations

from sqlalchemy import Engine

from claimsdb.analysis.results import Linted
from claimsdb.read.entities import document_texts
from claimsdb.services.scope import check_tolerance, stamp
from claimsdb.store.engine import reading
from claimsdb.vocabulary import TOLERANCE


def lint(engine: Engine, *, tolerance: float = TOLERANCE) -> Linted:
    """Quotes missing from their document, parts over their whole, self-contradictions and
    duplicates, read in one snapshot."""
    from claimsdb.analysis.lint import lint as findings
    from claimsdb.present.findings import with_messages
    from claimsdb.read.frame import claims_frame

    check_tolerance(tolerance)
    with reading(engine) as conn:
        frame = claims_frame(conn, text=True)
        texts = document_texts(conn)
        at = stamp(conn)
    return Linted(with_messages(findings(frame, texts, tolerance)), at)
