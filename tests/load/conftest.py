"""The databases the hostile-input tests write to and read (defined in ``hostile.py``, which
``tests/cli/test_hostile_arguments.py`` shares)."""

from tests.load.hostile import db, scratch, shared

__all__ = ["db", "scratch", "shared"]
