"""The command line: the only package that imports typer (docs/architecture.md).

`main` answers a shell's SKU completion request without importing typer when it can
(cli/fastcomplete.py, docs/performance.md#completion); everything else runs cli/app.py.
"""

from __future__ import annotations


def main() -> None:
    """The console script's entry point (and `python -m sockadvisor`'s)."""
    from sockadvisor.cli import fastcomplete

    if fastcomplete.run():
        return
    from sockadvisor.cli.app import main as run_app

    run_app()


__all__ = ["main"]
