"""Fault injection for the crash tests: die by SIGKILL at a named point of a write.

``CLAIMSDB_FAULT`` names the point; a process that reaches it kills itself at once, with no
chance to clean up, as a power cut or an out-of-memory kill would. The points:

``after_validation``
    every row checked, nothing of the claims written yet (inside the write transaction);
``after_chunk:N``
    the Nth chunk of new claims has been written, more may follow;
``before_commit``
    everything written, the transaction not yet committed;
``mid_migration``
    a schema migration half-way through its steps.

Unset (always, outside the tests), every point is a dictionary lookup and nothing else.
"""

from __future__ import annotations

import os
import signal

VARIABLE = "CLAIMSDB_FAULT"
POINTS = ("after_validation", "after_chunk", "before_commit", "mid_migration")


def point(name: str, count: int | None = None) -> None:
    """Kill this process if ``CLAIMSDB_FAULT`` names this point (and, for chunks, this count)."""
    wanted = os.environ.get(VARIABLE)
    if not wanted:
        return
    here = name if count is None else f"{name}:{count}"
    if wanted == here:
        os.kill(os.getpid(), signal.SIGKILL)
