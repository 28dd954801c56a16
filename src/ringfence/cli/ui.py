"""Shared terminal helpers: one console, progress bars, and turning errors into exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ringfence.errors import RingfenceError

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "byte_progress",
    "console",
    "count_progress",
    "err_console",
    "handle_errors",
    "no_traceback",
    "read_table",
]

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Report a ``RingfenceError`` as one line on stderr and exit 2, instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except RingfenceError as exc:
            _error(str(exc))
            raise typer.Exit(2) from exc

    return wrapper


def _error(message: str) -> None:
    # One line, however long: a wrapped message reads as several errors and breaks grep.
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def no_traceback(func: Callable[P, R]) -> Callable[P, R]:
    """``handle_errors``, and for commands that read untrusted input, any other failure too: one
    line naming it and exit 2. Such a failure is a bug to report, but the user still gets a reason,
    not a traceback."""
    import click

    checked = handle_errors(func)

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return checked(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:
            _error(f"unexpected failure ({type(exc).__name__}: {exc}); please report it")
            raise typer.Exit(2) from exc

    return wrapper


@contextmanager
def byte_progress(description: str, total: int) -> Iterator[Callable[[int, int], None]]:
    """A progress bar over bytes read; yields the ``(done, total)`` callback readers accept."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=total or None)

        def update(done: int, total_bytes: int) -> None:
            progress.update(task, completed=done, total=total_bytes or None)

        yield update


@contextmanager
def count_progress(description: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar over counted steps; yields an ``advance(n)`` callback."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=total)

        def advance(n: int = 1) -> None:
            progress.advance(task, n)

        yield advance


def read_table(path: Path, columns: list[str]) -> pl.DataFrame:
    """A user-supplied CSV (any columns, all read as text) that must hold ``columns``; clear errors
    for a missing file, an unreadable file and missing columns."""
    import polars as pl

    from ringfence.errors import DataContractError, InputFileError

    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    try:
        df = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputFileError(f"{path}: cannot read CSV ({exc})") from exc
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataContractError(
            f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(df.columns)}"
        )
    return df
