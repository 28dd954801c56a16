"""Registers every command module on the root app (import for side effect)."""

from __future__ import annotations

from ringfence.cli import demo, simulate, validate
from ringfence.cli.main import app

app.command("validate")(validate.validate)
app.command("simulate")(simulate.simulate)
app.command("demo")(demo.demo)

__all__ = ["app"]
