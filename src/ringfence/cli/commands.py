"""Registers every command module on the root app (import for side effect)."""

from __future__ import annotations

from ringfence.cli import sms, url, validate
from ringfence.cli.main import app

app.command("validate")(validate.validate)
app.add_typer(sms.app, name="sms")
app.add_typer(url.app, name="url")

__all__ = ["app"]
