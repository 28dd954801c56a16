"""``ringfence feed``: signed, versioned intelligence feeds between organisations."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from ringfence.cli.ui import console, handle_errors

__all__ = ["app"]

app = typer.Typer(
    help="Signed intelligence feeds: make a key, export your organisation's shared entries, import others'.",
    no_args_is_help=True,
)


@app.command("keygen")
@handle_errors
def keygen(
    out: Path = typer.Option(..., "--out", "-o", help="Where the private key goes (PEM, mode 0600)."),
) -> None:
    """Make an Ed25519 signing key; prints the public key that importers trust."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    from ringfence.errors import InputFileError
    from ringfence.intel.feeds import public_key_text

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise InputFileError(f"{out}: cannot create ({exc}); an existing key is never overwritten") from exc
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    typer.echo(public_key_text(key))


@app.command("export")
@handle_errors
def export(
    org: str = typer.Option(..., "--org", help="The organisation whose shared entries are exported."),
    key: Path = typer.Option(..., "--key", help="Its Ed25519 private key (ringfence feed keygen)."),
    version: int = typer.Option(..., "--version", min=1, help="The feed's version; must grow each export."),
    out: Path = typer.Option(..., "--out", "-o", help="The signed feed (JSON)."),
) -> None:
    """Sign the organisation's shared blacklist and tag entries and the holders it restricted."""
    from ringfence.bootstrap import build_platform
    from ringfence.domain.access import org_id
    from ringfence.services.feeds import export_org_feed, load_key

    platform = build_platform()
    try:
        data, n = export_org_feed(
            platform.store, org_id(org), load_key(key), version, "cli", platform.clock()
        )
    finally:
        platform.close()
    out.write_bytes(data)
    console.print(f"{n:,} entries, version {version}, written to [bold]{out}[/]")


@app.command("import")
@handle_errors
def import_(
    files: list[Path] = typer.Argument(..., help="Signed feeds."),
    trust: list[str] = typer.Option(
        ..., "--trust", help="ISSUER=PUBLIC_KEY (base64, as keygen printed it); repeat per issuer."
    ),
    state: Path = typer.Option(Path("feeds.json"), "--state", help="The merged entries and versions seen."),
) -> None:
    """Verify each feed's signature and version, and merge it into the state file (order-independent,
    idempotent, provenance kept per entry)."""
    from ringfence.errors import ConfigError
    from ringfence.services.feeds import FeedState, import_files

    trusted: dict[str, str] = {}
    for item in trust:
        issuer, sep, value = item.partition("=")
        if not sep or not issuer or not value:
            raise ConfigError(f"--trust {item!r}: write ISSUER=PUBLIC_KEY")
        trusted[issuer] = value
    current = FeedState.load(state)
    done = import_files(files, trusted, current)
    current.save(state)
    for issuer, version, n in done:
        console.print(f"{issuer} version {version}: {n:,} entries merged")
    console.print(f"{len(current.entries):,} entries in [bold]{state}[/]")
