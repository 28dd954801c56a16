"""``ringfence model``: train, score, evaluate and explain the fraud-user model.

Heavy imports (polars, LightGBM, matplotlib) happen inside the command bodies so ``ringfence --help``
stays fast. Bad requests (missing files, a directory that is not a model) print one line and exit 2.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ringfence.errors import RingfenceError

if TYPE_CHECKING:
    import polars as pl

    from ringfence.ml.artifact import FraudModel

app = typer.Typer(
    help="The fraud-user model: train on a labelled per-number feature table (e.g. the Sichuan data), "
    "score numbers, evaluate honestly and explain each score.",
    no_args_is_help=True,
)

DEFAULT_ID = "phone_no_m"
DEFAULT_LABEL = "label"

FEATURES_HELP = "CSV with one row per number: an id column and numeric feature columns (Sichuan names)."
EDGES_HELP = "CSV contact graph, one undirected edge per row (columns a,b or the first two columns)."
KNOWN_HELP = (
    "CSV of numbers whose status is already known (id, label: 1 confirmed fraud, 0 cleared); the label-graph "
    "features of single-booster (format /1) models read them, the blend reads no label."
)
CONTEXT_HELP = (
    "CSV of more numbers' feature rows (e.g. the known numbers'), read only as neighbours (propagated "
    "inputs, neighbour aggregates); without it a neighbour with no row in --features is left out."
)
MODEL_HELP = "Model directory written by 'ringfence model train' (default: the model shipped with ringfence)."


@contextmanager
def _clean_errors() -> Iterator[None]:
    """Turn a ringfence error into a one-line message and exit code 2."""
    try:
        yield
    except RingfenceError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def _progress(total: int, description: str) -> Iterator[Callable[[str], None]]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), transient=True
    ) as progress:
        task = progress.add_task(description, total=total)

        def step(message: str) -> None:
            progress.update(task, description=message, advance=1)

        yield step


def _load_model(path: Path | None) -> FraudModel:
    from ringfence.ml.artifact import FraudModel
    from ringfence.ml.default import load_default

    return load_default("full") if path is None else FraudModel.load(path)


def _id_col(model: FraudModel, given: str | None) -> str:
    return given or str(model.info.get("id_col", DEFAULT_ID))


def _read_inputs(
    features: Path, id_col: str, edges: Path | None, known: Path | None, label_col: str | None = None
) -> tuple[pl.DataFrame, pl.DataFrame | None, pl.DataFrame | None]:
    from ringfence.ml.io import read_edges, read_features, read_known_labels

    table = read_features(features, id_col, label_col)
    edge_frame = read_edges(edges) if edges is not None else None
    known_frame = read_known_labels(known, id_col) if known is not None else None
    return table, edge_frame, known_frame


def _warn_inputs(model: FraudModel, table: pl.DataFrame, edges: pl.DataFrame | None) -> None:
    from ringfence.ml.scoring import missing_features

    missing = missing_features(model, table)
    if missing:
        shown = ", ".join(missing[:6]) + ("…" if len(missing) > 6 else "")
        typer.echo(f"warning: {len(missing)} model features absent, scored as missing: {shown}", err=True)
    if model.uses_graph and edges is None:
        typer.echo(
            "warning: the model uses contact-graph features but no --edges: every number is isolated",
            err=True,
        )


@app.command()
def train(
    *,
    features: Annotated[
        Path, typer.Option("--features", help=FEATURES_HELP + " Must include the label column.")
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Directory to write the model into (created if needed).")
    ],
    edges: Annotated[Path | None, typer.Option("--edges", help=EDGES_HELP)] = None,
    id_col: Annotated[str, typer.Option("--id-col", help="Name of the id column.")] = DEFAULT_ID,
    label_col: Annotated[
        str, typer.Option("--label-col", help="Name of the 0/1 label column (1 = fraud).")
    ] = DEFAULT_LABEL,
    live_only: Annotated[
        bool,
        typer.Option(
            "--live-features-only",
            help="Train only on the features the record bridge derives from calls and SMS (no graph): the "
            "variant that scores live records.",
        ),
    ] = False,
    folds: Annotated[
        int,
        typer.Option("--folds", min=2, max=20, help="Cross-validation folds (graph features, threshold)."),
    ] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed for folds and boosting.")] = 0,
    threads: Annotated[int, typer.Option("--threads", min=1, help="LightGBM threads.")] = 2,
    rounds: Annotated[
        int | None,
        typer.Option("--rounds", min=10, help="Boosting rounds (trees per booster; default 50, single 120)."),
    ] = None,
    recipe: Annotated[
        str,
        typer.Option(
            "--recipe",
            help="blend: fold committee of boosters + SIGN logistic head (the shipped model); single: one "
            "booster with label-graph features and neighbour aggregates (format /1, the live variant).",
        ),
    ] = "blend",
    neighbours: Annotated[
        str,
        typer.Option(
            "--neighbour-aggregates",
            help="Comma-separated neighbour-feature aggregates over the contact graph (mean, wmean, max, "
            "hop2, diff, std; empty for none). Used only with --edges and --recipe single.",
        ),
    ] = "wmean",
) -> None:
    """Train a calibrated model (boosters + graph-propagated logistic head) with a macro-F1 threshold."""
    with _clean_errors():
        from dataclasses import replace

        from ringfence.ml.card import provenance, write_card
        from ringfence.ml.config import SINGLE, TrainConfig
        from ringfence.ml.training import train as train_model

        started = time.perf_counter()
        table, edge_frame, _ = _read_inputs(features, id_col, edges, None, label_col)
        from ringfence.ml.neighbours import names as neighbour_names

        kinds = tuple(k.strip() for k in neighbours.split(",") if k.strip())
        try:
            neighbour_names(kinds, ())
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--neighbour-aggregates") from None
        if recipe not in ("blend", "single"):
            raise typer.BadParameter("blend or single", param_hint="--recipe")
        base = SINGLE if recipe == "single" else TrainConfig()
        config = replace(
            base,
            folds=folds,
            seed=seed,
            num_threads=threads,
            num_rounds=rounds or base.num_rounds,
            live_only=live_only,
            neighbour_kinds=() if live_only or recipe == "blend" else kinds,
        )
        with _progress(folds + 2, "training") as step:  # graph inputs, each fold (single: + final)
            result = train_model(
                table,
                id_col,
                label_col,
                edge_frame,
                config,
                progress=step,
                info={"data": provenance(features, edges)},
            )
        model = result.model
        model.info["train_seconds"] = round(time.perf_counter() - started, 2)
        model.save(out)
        write_card(out, model, None, [])
        cv = model.info["cv"]
        typer.echo(
            f"trained on {model.info['rows']} numbers ({model.info['fraud_rows']} fraud), "
            f"{len(model.input_names)} inputs, in {model.info['train_seconds']:.1f}s -> {out}"
        )
        typer.echo(
            f"{folds}-fold CV: AUC {cv['auc']:.4f}  macro-F1 {cv['macro_f1']:.4f}  "
            f"precision {cv['precision']:.4f}  recall {cv['recall']:.4f}  threshold {model.threshold:.3f}"
        )


@app.command()
def score(
    *,
    features: Annotated[Path, typer.Option("--features", help=FEATURES_HELP)],
    out: Annotated[Path, typer.Option("--out", help="CSV to write: <id-col>, score, label_pred.")],
    model_dir: Annotated[Path | None, typer.Option("--model", help=MODEL_HELP)] = None,
    edges: Annotated[Path | None, typer.Option("--edges", help=EDGES_HELP)] = None,
    known_labels: Annotated[Path | None, typer.Option("--known-labels", help=KNOWN_HELP)] = None,
    id_col: Annotated[
        str | None, typer.Option("--id-col", help="Name of the id column (default: as in training).")
    ] = None,
    threads: Annotated[int, typer.Option("--threads", min=1, help="LightGBM threads.")] = 2,
    context: Annotated[Path | None, typer.Option("--context-features", help=CONTEXT_HELP)] = None,
) -> None:
    """Score numbers: calibrated fraud probability and the 0/1 decision at the model's threshold."""
    with _clean_errors():
        from ringfence.ml.io import read_features
        from ringfence.ml.scoring import score as score_table

        model = _load_model(model_dir)
        column = _id_col(model, id_col)
        table, edge_frame, known = _read_inputs(features, column, edges, known_labels)
        _warn_inputs(model, table, edge_frame)
        context_frame = read_features(context, column) if context is not None else None
        scored = score_table(
            model, table, column, edge_frame, known, context=context_frame, num_threads=threads
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        scored.write_csv(out)
        flagged = int(scored["label_pred"].sum())
        typer.echo(f"scored {scored.height} numbers, {flagged} flagged as fraud -> {out}")


@app.command()
def evaluate(
    *,
    model_dir: Annotated[
        Path, typer.Option("--model", help="Model directory to evaluate; results go into it.")
    ],
    features: Annotated[
        Path, typer.Option("--features", help=FEATURES_HELP + " Must include the label column.")
    ],
    edges: Annotated[Path | None, typer.Option("--edges", help=EDGES_HELP)] = None,
    id_col: Annotated[
        str | None, typer.Option("--id-col", help="Name of the id column (default: as in training).")
    ] = None,
    label_col: Annotated[
        str | None, typer.Option("--label-col", help="Label column (default: as in training).")
    ] = None,
    seeds: Annotated[
        int,
        typer.Option(
            "--splits",
            "--seeds",
            min=1,
            max=100,
            help="Number of stratified hold-out splits (seeds 0..n-1); 30 for a spread worth reporting.",
        ),
    ] = 5,
    first_seed: Annotated[
        int,
        typer.Option(
            "--first-seed",
            min=0,
            help="Seed of the first split (seeds first..first+n-1): fresh splits for a check after choosing "
            "on seeds 0..n-1.",
        ),
    ] = 0,
    holdout: Annotated[
        float, typer.Option("--holdout", min=0.05, max=0.5, help="Share of numbers held out per run.")
    ] = 0.2,
    as_live: Annotated[
        bool,
        typer.Option(
            "--as-live", help="Also score the held-out numbers as the record bridge sees them (no graph)."
        ),
    ] = False,
) -> None:
    """Hand-over simulation over several seeds: AUC, macro-F1, PR and calibration plots, model card."""
    with _clean_errors():
        import numpy as np
        from rich.console import Console

        from ringfence.ml.artifact import FraudModel
        from ringfence.ml.card import write_card
        from ringfence.ml.evaluation import holdout as run_holdout
        from ringfence.ml.plots import console_pr_chart, write_pngs

        model = FraudModel.load(model_dir)
        column = _id_col(model, id_col)
        label = label_col or str(model.info.get("label_col", DEFAULT_LABEL))
        table, edge_frame, _ = _read_inputs(features, column, edges, None, label)
        seed_list = list(range(first_seed, first_seed + seeds))
        with _progress(seeds * (2 if as_live else 1), "evaluating") as step:
            result = run_holdout(
                table,
                column,
                label,
                edge_frame,
                model.config,
                seeds=seed_list,
                fraction=holdout,
                as_live=False,
                progress=step,
            )
            report = result.as_dict()
            if as_live:
                live = run_holdout(
                    table,
                    column,
                    label,
                    edge_frame,
                    model.config,
                    seeds=seed_list,
                    fraction=holdout,
                    as_live=True,
                    with_baseline=False,
                    progress=step,
                )
                report["as_live"] = live.as_dict()
        pngs = write_pngs(
            model_dir,
            result.labels,
            result.scores,
            float(np.mean(result.thresholds)),
            importance=model.info.get("importance_gain", {}),
        )
        (model_dir / "evaluation.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        write_card(model_dir, model, report, [p.name for p in pngs])

        console = Console()
        _print_runs(console, report, seeds, holdout)
        if as_live:
            lm, ls = report["as_live"]["mean"], report["as_live"]["sd"]
            console.print(
                f"as live records: AUC {lm['auc']:.4f}±{ls['auc']:.4f}  "
                f"macro-F1 {lm['macro_f1']:.4f}±{ls['macro_f1']:.4f}"
            )
        if len(np.unique(result.labels)) == 2:
            console.print(
                console_pr_chart(result.labels, result.scores, float(np.mean(result.thresholds))),
                markup=False,
                highlight=False,
            )
        typer.echo(
            f"wrote evaluation.json, {', '.join(p.name for p in pngs)} and MODEL_CARD.md in {model_dir}"
        )


def _print_runs(console: Any, report: dict[str, Any], splits: int, holdout: float) -> None:
    """Per-run figures with the baseline's beside each (model / baseline), then the spread."""
    from rich.table import Table

    grid = Table(
        title=f"hand-over simulation: {splits} stratified splits, {holdout:.0%} held out "
        "(each cell: model / baseline)"
    )
    shown = ("auc", "macro_f1", "f1_fraud", "f1_normal", "precision", "recall")
    for name in ("seed", "AUC", "macro-F1", "F1 fraud", "F1 normal", "precision", "recall", "threshold"):
        grid.add_column(name, justify="right")

    def pair(model: float, base: float | None) -> str:
        return f"{model:.4f}" if base is None else f"{model:.4f} / {base:.4f}"

    for r in report["runs"]:
        base = r.get("baseline", {})
        grid.add_row(
            str(r["seed"]),
            *(pair(r[k], base.get(k)) for k in shown),
            pair(r["threshold"], base.get("threshold")),
        )
    baseline = report.get("baseline", {})
    for label, key in (("mean", "mean"), ("sd", "sd"), ("min", "min")):
        grid.add_row(
            label,
            *(pair(report[key][k], baseline.get(key, {}).get(k)) for k in shown),
            "",
        )
    bar = report["bar"]
    below, base_below = report.get("below", {}), baseline.get("below", {})
    runs = len(report["runs"])
    grid.add_row(
        "below bar",
        *(
            (f"{below[k]}/{runs}" + (f" / {base_below[k]}/{runs}" if k in base_below else ""))
            if k in below
            else ""
            for k in shown
        ),
        "",
    )
    console.print(grid)
    line = (
        f"below the bar (AUC < {bar['auc']} or macro-F1 < {bar['macro_f1']}): "
        f"model {report['below_bar']} of {len(report['runs'])}"
    )
    if baseline:
        line += f", baseline {baseline['below_bar']} of {len(report['runs'])} ({baseline['name']})"
    console.print(line, markup=False, highlight=False)
    from ringfence.ml.card import paired_lines

    paired = paired_lines(report["runs"])
    if paired:
        console.print("paired, model − baseline: " + "; ".join(paired), markup=False, highlight=False)


@app.command()
def explain(
    *,
    features: Annotated[Path, typer.Option("--features", help=FEATURES_HELP)],
    model_dir: Annotated[Path | None, typer.Option("--model", help=MODEL_HELP)] = None,
    edges: Annotated[Path | None, typer.Option("--edges", help=EDGES_HELP)] = None,
    known_labels: Annotated[Path | None, typer.Option("--known-labels", help=KNOWN_HELP)] = None,
    id_col: Annotated[
        str | None, typer.Option("--id-col", help="Name of the id column (default: as in training).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="CSV to write (default: print a table).")] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=50, help="Reasons per number.")] = 3,
    all_contributions: Annotated[
        bool,
        typer.Option(
            "--all-contributions", help="Also write every feature's contribution (contrib_<feature>)."
        ),
    ] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Rows to print when no --out is given.")] = 20,
    context: Annotated[Path | None, typer.Option("--context-features", help=CONTEXT_HELP)] = None,
) -> None:
    """The inputs that pushed each score, as log-odds contributions (TreeSHAP + the head's terms)."""
    with _clean_errors():
        from rich.console import Console
        from rich.table import Table

        from ringfence.ml.explain import explain_frame
        from ringfence.ml.io import read_features
        from ringfence.ml.scoring import input_matrix

        model = _load_model(model_dir)
        column = _id_col(model, id_col)
        table, edge_frame, known = _read_inputs(features, column, edges, known_labels)
        _warn_inputs(model, table, edge_frame)
        context_frame = read_features(context, column) if context is not None else None
        ids, matrix = input_matrix(model, table, column, edge_frame, known, context_frame)
        frame = explain_frame(model, ids, matrix, column, k=top, with_contributions=all_contributions)
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            frame.write_csv(out)
            typer.echo(f"explained {frame.height} numbers -> {out}")
            return
        grid = Table(title="why each number scored as it did (log-odds contributions)")
        for name in (column, "score", "fraud", "top reasons"):
            grid.add_column(name)
        rows: list[dict[str, Any]] = frame.head(limit).to_dicts()
        for row in rows:
            grid.add_row(
                str(row[column]),
                f"{row['score']:.3f}",
                str(row["label_pred"]),
                row["top_reasons"].replace("; ", "\n"),
            )
        Console().print(grid)
