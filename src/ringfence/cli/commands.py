"""Registers every command module on the root app (import for side effect)."""

from __future__ import annotations

from ringfence.cli import db, demo, keys, load_run, serve, simulate, validate
from ringfence.cli.main import app

app.command("validate")(validate.validate)
app.command("simulate")(simulate.simulate)
app.command("demo")(demo.demo)
app.add_typer(keys.app, name="keys")
app.add_typer(db.app, name="db")
app.command("serve")(serve.serve)
app.command("load-run")(load_run.load_run)

__all__ = ["app"]
