"""A bare Typer hello-world app: the baseline that sockadvisor's startup is compared with.

    python bench/hello_typer.py            # prints "hello"
    python bench/hello_typer.py --help

Typer's defaults and no options on purpose: the least any Typer app pays to start. bench/run.py
times it with the same interpreter and environment as sockadvisor.
"""

import typer  # noqa: TID251 - this file exists to measure Typer itself

app = typer.Typer()


@app.command()
def hello() -> None:
    """Say hello."""
    print("hello")


if __name__ == "__main__":
    app()
