"""The ``ringfence`` command: one sub-command per use case, each a thin shell over a service.

Command modules import their heavy dependencies (Polars, LightGBM, FastAPI) inside the command body so
that ``ringfence --help`` and small commands start fast.
"""

from __future__ import annotations

import typer

from ringfence import __version__

app = typer.Typer(
    name="ringfence",
    help=(
        "ringfence: find telecom-fraud numbers in call and SMS records, screen calls as they are set "
        "up, and protect the people fraud reaches."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ringfence {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """ringfence command line."""


def get_app() -> typer.Typer:
    """The root app with every command registered (what tests drive with ``CliRunner``)."""
    _register()
    return app


def run() -> None:
    """Console-script entry point."""
    get_app()()


def _register() -> None:
    """Attach every command module. Kept in one place so the command tree is easy to read."""
    from ringfence.cli import commands  # noqa: F401  (registers on import)


if __name__ == "__main__":  # pragma: no cover
    run()
