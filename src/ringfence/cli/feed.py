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
    org: str = typer.Option(
        ..., "--org", help="The organisation that imports them (whose store view they join)."
    ),
    trust: list[str] = typer.Option(
        [],
        "--trust",
        help="ISSUER=PUBLIC_KEY (base64, as keygen printed it); repeat per issuer. Added to "
        "RINGFENCE_FEED_TRUST.",
    ),
) -> None:
    """Verify each feed's signature and version and merge it into the organisation's imported entries in
    the store (order-independent, idempotent, provenance kept per entry; a version not newer than the
    last one imported from its issuer is refused). Audited as feed.import."""
    from ringfence.bootstrap import build_platform
    from ringfence.domain.access import org_id
    from ringfence.services.feeds import import_files, parse_trust

    platform = build_platform()
    try:
        trusted = {**parse_trust(platform.settings.feed_trust.split(",")), **parse_trust(trust)}
        done = import_files(platform.store, org_id(org), files, trusted, "cli", platform.clock())
        total = len(platform.store.feed_entries(org))
    finally:
        platform.close()
    for d in done:
        console.print(f"{d.issuer} version {d.version}: {d.entries:,} entries merged")
    console.print(f"{total:,} imported entries held by [bold]{org}[/]")


@app.command("list")
@handle_errors
def list_(
    org: str = typer.Option(..., "--org", help="The organisation whose imported entries are listed."),
    kind: str | None = typer.Option(None, "--kind", help="number, url, domain, sms_keyword or holder."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (entries with provenance)."),
) -> None:
    """The organisation's merged imported entries and the newest version imported from each issuer."""
    import json

    from rich.table import Table

    from ringfence.bootstrap import build_platform
    from ringfence.domain.access import org_id
    from ringfence.intel.feeds import entry_json

    platform = build_platform()
    try:
        entries = platform.store.feed_entries(org_id(org), kind)
        versions = platform.store.feed_versions(org)
    finally:
        platform.close()
    if as_json:
        doc = {"versions": versions, "entries": [entry_json(e) for e in entries]}
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"imported feed entries of {org}")
    for col in ("kind", "value", "category", "listed", "confidence", "issuer", "version", "from"):
        table.add_column(col)
    for e in entries:
        sources = ", ".join(sorted({p.org for p in e.provenance}))
        row = (
            e.kind.value,
            e.value,
            e.category,
            str(e.listed),
            f"{e.confidence:g}",
            e.issuer,
            str(e.version),
        )
        table.add_row(*row, sources)
    console.print(table)
    for issuer, version in versions.items():
        console.print(f"{issuer}: version {version}")
