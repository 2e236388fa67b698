"""The README's compare, reconcile and check examples are what the commands print, verbatim.

Only the revision's timestamp in the last line is masked: it is the time the test seeded.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```\n\$ claimsdb ((?:compare|reconcile|check) [^\n]*)\n(.*?)```", re.S)
EXAMPLES = BLOCK.findall(README)
STAMP = re.compile(r"(database revision \d+ of )[0-9-]+ [0-9:]+ UTC")


def _normal(text: str) -> str:
    lines = [line.rstrip() for line in STAMP.sub(r"\1<time>", text).splitlines()]
    return "\n".join(lines).strip()


def test_the_readme_has_the_khojaly_examples() -> None:
    commands = [c for c, _ in EXAMPLES]
    assert "compare khojaly --metric killed" in commands
    assert "reconcile khojaly --population civilians --explain" in commands
    assert any(c.startswith("check khojaly killed 613") for c in commands)
    assert any(c.startswith("check khojaly killed 161") for c in commands)


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_output_is_what_the_command_prints(
    read: Callable[..., Result], command: str, shown: str
) -> None:
    result = read(*shlex.split(command))
    assert result.exit_code == 0, result.stderr
    assert _normal(result.stdout) == _normal(shown)
