"""Pure functions over frames: intervals, origins, consensus, reconcile, check, lint, scope notes.
Numbers and facts only — no database and no words (``claimsdb.present`` words them)."""
