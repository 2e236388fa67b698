"""The README's Quickstart is what CI runs: two commands, the second exactly `.ci/run`'s."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_quickstart_has_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quickstart, flags=re.S)
    assert len(commands) == 2, commands
    install, test = commands
    assert "claimsdb init --seed" in install and "\n" not in install
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci, ".ci/run must run the README's test command verbatim"
