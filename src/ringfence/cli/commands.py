"""Registers every command module on the root app (import for side effect)."""

from __future__ import annotations

from ringfence.cli import validate
from ringfence.cli.main import app

app.command("validate")(validate.validate)

__all__ = ["app"]
