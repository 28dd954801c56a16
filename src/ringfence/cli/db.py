"""``ringfence db``: schema migrations of the configured database (SQLite or PostgreSQL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ringfence.cli.ui import console, handle_errors

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["app"]

app = typer.Typer(
    help="Database schema: upgrade, downgrade, show the current revision.", no_args_is_help=True
)


def _engine() -> Engine:
    from ringfence.adapters.memory import MEMORY_URL
    from ringfence.adapters.sql import make_engine
    from ringfence.errors import ConfigError
    from ringfence.settings import Settings

    url = Settings().url
    if url == MEMORY_URL:
        raise ConfigError("RINGFENCE_DATABASE_URL=memory:// keeps no schema: there is nothing to migrate")
    return make_engine(url)


@app.command("upgrade")
@handle_errors
def upgrade(revision: str = typer.Option("head", "--revision", help="Target revision.")) -> None:
    """Upgrade the schema of RINGFENCE_DATABASE_URL (default: the SQLite file in the data dir)."""
    from ringfence.adapters.sql.migrate import current_revision, upgrade

    engine = _engine()
    upgrade(engine, revision)
    console.print(
        f"[green]✓[/] {engine.url.render_as_string(hide_password=True)} at {current_revision(engine)}"
    )


@app.command("downgrade")
@handle_errors
def downgrade(
    revision: str = typer.Option("base", "--revision", help="Target revision (base removes every table)."),
    yes: bool = typer.Option(False, "--yes", help="Confirm: downgrading to base deletes all data."),
) -> None:
    """Downgrade the schema (to base by default, which drops every ringfence table)."""
    from ringfence.adapters.sql.migrate import current_revision, downgrade
    from ringfence.errors import ConfigError

    if revision == "base" and not yes:
        raise ConfigError("downgrading to base drops every table; pass --yes to confirm")
    engine = _engine()
    downgrade(engine, revision)
    console.print(f"[green]✓[/] at revision {current_revision(engine) or 'base'}")


@app.command("current")
@handle_errors
def current() -> None:
    """Show the database URL (password hidden) and its schema revision."""
    from ringfence.adapters.sql.migrate import current_revision, head_revision

    engine = _engine()
    console.print(
        f"{engine.url.render_as_string(hide_password=True)}: revision {current_revision(engine) or 'none'} "
        f"(latest {head_revision()})"
    )
