"""Registers every command module on the root app (import for side effect)."""

from __future__ import annotations

from ringfence.cli import demo, detect, screen, simulate, sms, url, validate
from ringfence.cli.main import app

app.command("validate")(validate.validate)
app.command("simulate")(simulate.simulate)
app.command("demo")(demo.demo)
app.command("detect")(detect.detect)
app.command("explain")(detect.explain)
app.command("evaluate")(detect.evaluate)
app.command("screen")(screen.screen)
app.add_typer(screen.snapshot_app, name="snapshot")
app.add_typer(sms.app, name="sms")
app.add_typer(url.app, name="url")

__all__ = ["app"]
