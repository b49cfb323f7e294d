"""The command line: the only package that imports typer (docs/architecture.md)."""

from sockadvisor.cli.app import main

__all__ = ["main"]
