"""``ringfence keys``: create, list and revoke API keys (the key is printed once, stored hashed)."""

from __future__ import annotations

import typer

from ringfence.cli.ui import console, handle_errors

__all__ = ["app"]

app = typer.Typer(help="API keys: create (printed once, stored hashed), list, revoke.", no_args_is_help=True)


@app.command("create")
@handle_errors
def create(
    name: str = typer.Option(..., "--name", help="Who or what the key is for (shown in the audit log)."),
    role: str = typer.Option(
        ..., "--role", help="admin, analyst, member-operator, partner (read-only lookups) or screen-only."
    ),
    org: str = typer.Option(..., "--org", help="Organisation (tenant) id; created if new."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the key (for scripts)."),
) -> None:
    """Create an API key for an organisation and role. The key is shown once and cannot be recovered."""
    from ringfence.bootstrap import build_platform
    from ringfence.services.keys import create_key

    platform = build_platform()
    try:
        made = create_key(platform.store, platform.secret, org, name, role, platform.clock())
    finally:
        platform.close()
    if quiet:
        typer.echo(made.key)
        return
    console.print(
        f"[green]✓[/] key #{made.id} for [bold]{made.name}[/] ({made.role.value}) in org {made.org}"
    )
    console.print("  store it now; it is not shown again:")
    typer.echo(made.key)


@app.command("list")
@handle_errors
def list_keys(org: str | None = typer.Option(None, "--org", help="Only this organisation's keys.")) -> None:
    """List keys (ids, names, roles, organisations; never the keys themselves)."""
    from rich.table import Table

    from ringfence.bootstrap import build_platform
    from ringfence.services.keys import list_keys

    platform = build_platform()
    try:
        rows = list_keys(platform.store, org)
    finally:
        platform.close()
    table = Table("id", "org", "name", "role", "created", "revoked")
    for k in rows:
        table.add_row(
            str(k.id),
            k.org,
            k.name,
            k.role,
            k.created_at.isoformat(timespec="seconds"),
            k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "",
        )
    console.print(table)


@app.command("revoke")
@handle_errors
def revoke(key_id: int = typer.Argument(..., help="The key's id (from `ringfence keys list`).")) -> None:
    """Revoke a key: API calls and console sessions made with it stop working at once."""
    from ringfence.bootstrap import build_platform
    from ringfence.services.keys import revoke_key

    platform = build_platform()
    try:
        revoke_key(platform.store, key_id, "cli", platform.clock())
    finally:
        platform.close()
    console.print(f"[green]✓[/] key #{key_id} revoked")
