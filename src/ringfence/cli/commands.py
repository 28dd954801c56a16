"""Registers every command module on the root app (import for side effect)."""

from __future__ import annotations

from ringfence.cli import model
from ringfence.cli.main import app

app.add_typer(model.app, name="model")

__all__ = ["app"]
