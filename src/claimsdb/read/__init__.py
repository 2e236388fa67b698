"""Queries: claims, events, sources, documents and their history as rows in the interchange
shape, and claims as an analysis frame. Each takes an open connection; none writes."""
