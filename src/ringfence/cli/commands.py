"""Registers every command module on the root app (import for side effect)."""

from __future__ import annotations

from ringfence.cli import (
    cards,
    cases,
    cohorts,
    db,
    demo,
    detect,
    detect_stored,
    dispositions,
    feed,
    keys,
    load_run,
    model,
    screen,
    serve,
    simulate,
    sms,
    spark,
    tags,
    url,
    validate,
    warn,
    watch,
)
from ringfence.cli.main import app

app.command("validate")(validate.validate)
app.command("simulate")(simulate.simulate)
app.command("demo")(demo.demo)
app.command("detect")(detect.detect)
app.command("detect-stored")(detect_stored.detect_stored)
app.command("explain")(detect.explain)
app.command("evaluate")(detect.evaluate)
app.command("warn")(warn.warn)
app.command("screen")(screen.screen)
app.command("cards")(cards.cards)
app.command("cohorts")(cohorts.cohorts)
app.add_typer(screen.snapshot_app, name="snapshot")
app.add_typer(sms.app, name="sms")
app.add_typer(url.app, name="url")
app.add_typer(keys.app, name="keys")
app.add_typer(db.app, name="db")
app.add_typer(feed.app, name="feed")
app.add_typer(dispositions.app, name="dispositions")
app.add_typer(dispositions.outbox_app, name="outbox")
app.add_typer(cases.cases_app, name="cases")
app.add_typer(cases.complaints_app, name="complaints")
app.add_typer(tags.app, name="tags")
app.command("serve")(serve.serve)
app.command("load-run")(load_run.load_run)
app.add_typer(model.app, name="model")
app.command("watch")(watch.watch)
app.command("watch-nats")(watch.watch_nats)
app.command("spark-stream")(spark.spark_stream)
app.command("watch-kafka")(watch.watch_kafka)

__all__ = ["app"]
