"""``python -m claimsdb``: the command-line entry point (the CLI package, not library code)."""

from importlib import import_module

# Looked up by name: the library itself never depends on the CLI layer.
import_module("claimsdb.cli.main").main()
