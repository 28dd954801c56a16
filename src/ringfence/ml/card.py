"""The model card: what the model is, what it was trained on (with licences), how well it does, limits.

Provenance is collected at training time from the files themselves (name, size, SHA-256) and from the
``SOURCE-*.txt`` notes that sit beside a dataset in this project (dataset, repository, commit, licence).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from ringfence.ml.artifact import FraudModel
from ringfence.ml.columns import APPROXIMATE, NOT_DERIVABLE

CARD_FILE = "MODEL_CARD.md"
_SOURCE_KEYS = ("Dataset:", "Repo:", "Commit:", "License:", "Paper:")


def file_facts(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"file": path.name, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def source_notes(directory: Path) -> list[dict[str, str]]:
    """The key lines of every ``SOURCE-*.txt`` in ``directory`` (continuation lines joined)."""
    notes: list[dict[str, str]] = []
    for path in sorted(directory.glob("SOURCE-*.txt")):
        note: dict[str, str] = {"note": path.name}
        key = ""
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            head = next((k for k in _SOURCE_KEYS if line.startswith(k)), None)
            if head:
                key = head.rstrip(":").lower()
                note[key] = line[len(head) :].strip()
            elif key and line.startswith(" ") and line.strip() and ":" not in line.split()[0]:
                note[key] += " " + line.strip()
            else:
                key = ""
        notes.append(note)
    return notes


def provenance(features: Path, edges: Path | None) -> dict[str, Any]:
    data: dict[str, Any] = {"features": file_facts(features)}
    if edges is not None:
        data["edges"] = file_facts(edges)
    data["sources"] = source_notes(features.parent)
    return data


def _fmt(x: Any) -> str:
    return f"{x:.4f}" if isinstance(x, float) else str(x)


_RUN_METRICS = ("auc", "macro_f1", "f1_fraud", "f1_normal", "precision", "recall")
_SPREAD_ROWS = (
    ("AUC", "auc"),
    ("macro-F1", "macro_f1"),
    ("fraud: F1", "f1_fraud"),
    ("fraud: precision", "precision"),
    ("fraud: recall", "recall"),
    ("normal: F1", "f1_normal"),
    ("normal: precision", "precision_normal"),
    ("normal: recall", "recall_normal"),
)


def _pair(model: Any, base: Any, digits: int = 4) -> str:
    if not isinstance(model, float | int):
        return "–"
    if not isinstance(base, float | int):
        return f"{model:.{digits}f}"
    return f"{model:.{digits}f} / {base:.{digits}f}"


def paired_lines(runs: list[dict[str, Any]]) -> list[str]:
    """Mean paired difference ± its standard error, how often the model is ahead, and the verdict.

    The verdict says "ahead" or "behind" only when the mean difference is more than two standard errors
    from zero, so a card cannot call a tie a win.
    """
    out: list[str] = []
    for label, key in (("AUC", "auc"), ("macro-F1", "macro_f1")):
        pairs = [(r[key], r["baseline"][key]) for r in runs if "baseline" in r]
        if len(pairs) < 2:
            continue
        diff = np.asarray([a - b for a, b in pairs], dtype=np.float64)
        se = float(np.std(diff, ddof=1) / np.sqrt(len(diff)))
        mean = float(diff.mean())
        verdict = "ahead" if mean - 2 * se > 0 else ("behind" if mean + 2 * se < 0 else "tied")
        out.append(
            f"{label} {mean:+.4f} ± {se:.4f} (s.e.; model ahead in {int((diff > 0).sum())} "
            f"of {len(diff)}: {verdict}, by the two-standard-error rule)"
        )
    return out


def _spread_lines(evaluation: dict[str, Any]) -> list[str]:
    """Mean ± sd and minimum over the splits, per class, the baseline's beside each figure."""
    base = evaluation.get("baseline") or {}
    mean, sd, low = evaluation.get("mean", {}), evaluation.get("sd", {}), evaluation.get("min", {})
    bmean, bsd, blow = base.get("mean", {}), base.get("sd", {}), base.get("min", {})
    runs = len(evaluation.get("runs", []))
    lines = [
        "",
        "| figure | model mean ± sd | model min | baseline mean ± sd | baseline min |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, key in _SPREAD_ROWS:
        if key not in mean:
            continue
        lines.append(
            f"| {label} | {mean[key]:.4f} ± {sd.get(key, 0.0):.4f} | {_fmt(low.get(key, '–'))} | "
            + (
                f"{bmean[key]:.4f} ± {bsd.get(key, 0.0):.4f} | {_fmt(blow.get(key, '–'))} |"
                if key in bmean
                else "– | – |"
            )
        )
    bar = evaluation.get("bar")
    below, bbelow = evaluation.get("below", {}), base.get("below", {})
    for label, key in (("AUC", "auc"), ("macro-F1", "macro_f1")):
        if bar and key in below:
            lines.append(
                f"| splits with {label} < {bar[key]} | {below[key]} of {runs} | | "
                + (f"{bbelow[key]} of {runs} | |" if key in bbelow else "– | |")
            )
    if bar and "below_bar" in evaluation:
        line = (
            f"Splits below the bar (AUC < {bar['auc']} or macro-F1 < {bar['macro_f1']}): model "
            f"{evaluation['below_bar']} of {runs}"
        )
        if base:
            line += f", baseline {base.get('below_bar', '?')} of {runs}"
        lines += ["", line + "."]
    paired = paired_lines(evaluation.get("runs", []))
    if paired:
        lines += ["", "Paired over the splits, model − baseline: " + "; ".join(paired) + "."]
    if base:
        lines += [
            "",
            f"Baseline: {base.get('name', 'plain baseline')}, fitted on the same split in the same run, its "
            "threshold chosen the same nested way.",
        ]
    return lines


def _model_lines(model: FraudModel) -> list[str]:
    cfg = model.config
    depth = "unlimited depth" if cfg.max_depth < 0 else f"depth ≤ {cfg.max_depth}"
    trees = (
        f"{cfg.num_rounds} trees of at most {cfg.num_leaves} leaves ({depth}), learning rate "
        f"{cfg.learning_rate}"
    )
    if model.head is None:
        return [
            f"- LightGBM gradient boosting, binary objective: {model.num_trees()} trees of at most "
            f"{cfg.num_leaves} leaves ({depth}), learning rate {cfg.learning_rate}.",
            f"- Inputs: {len(model.features)} per-number features"
            + (f" and {len(model.graph_features)} contact-graph features" if model.uses_graph else "")
            + ".",
        ]
    w_tree, w_head = model.weights
    graph = (
        f" and their propagations over the contact graph (S X, S² X with S the symmetric-normalised graph: "
        f"{len(model.graph_features)} contact-graph inputs)"
        if model.uses_graph
        else " (no graph)"
    )
    return [
        f"- A blend in log-odds, {w_tree:.3g} × tree committee + {w_head:.3g} × linear head. Tree committee: "
        f"the mean margin of {len(model.boosters)} LightGBM boosters (binary objective, one per training "
        f"fold, each {trees}) on the {len(model.features)} per-number features.",
        f"- Linear head: logistic regression (L2, C = {cfg.head_c}) on the sign-log standardised "
        f"per-number features{graph}, plus missing-value flags; its weights are the mean of the "
        f"{cfg.folds} fold heads. No input reads a label.",
    ]


def render(model: FraudModel, evaluation: dict[str, Any] | None, plots: list[str]) -> str:
    info = model.info
    cfg = model.config
    live = cfg.live_only
    lines: list[str] = [
        f"# Model card: ringfence fraud-user model{' (live-record variant)' if live else ''}",
        "",
        "## Model",
        *_model_lines(model),
        f"- Output `score`: Platt-calibrated fraud probability (slope {model.calibration.slope:.4f}, "
        f"intercept {model.calibration.intercept:.4f}, fitted on {cfg.folds}-fold out-of-fold margins).",
        f"- Output `label_pred`: `score ≥ {model.threshold:.3f}`, the threshold with the best macro-F1 on "
        "the out-of-fold scores.",
        (
            "- Explanations: per-prediction contributions in log-odds, the boosters' TreeSHAP averaged plus "
            "the head's coefficient × input, weighted as in the blend; they sum to the blended margin "
            "(`ringfence model explain`)."
            if model.head is not None
            else "- Explanations: per-prediction LightGBM contributions (TreeSHAP) in log-odds "
            "(`ringfence model explain`)."
        ),
        "",
        "## Intended use",
        "Ranking and flagging subscriber numbers for fraud review by an operator's anti-fraud team, from "
        "per-number behaviour aggregated over weeks to months of call"
        + (" and SMS records." if live else ", SMS, app-traffic and billing records, plus the contact graph.")
        + " A flag is a lead for a human decision or for the detection policy, not a verdict: do not "
        "block numbers or sanction people on the score alone.",
        "",
        "## Training data",
    ]
    data = info.get("data", {})
    feats = data.get("features")
    lines.append(
        f"- {info.get('rows', '?')} labelled numbers ({info.get('fraud_rows', '?')} fraud)"
        + (f" from `{feats['file']}` (sha256 `{feats['sha256'][:16]}…`)" if feats else "")
        + "."
    )
    if model.uses_graph:
        edges = data.get("edges")
        graph = info.get("graph", {})
        lines.append(
            f"- Contact graph: {graph.get('edges', '?')} undirected edges over "
            f"{graph.get('nodes', '?')} numbers"
            + (f" from `{edges['file']}` (sha256 `{edges['sha256'][:16]}…`)" if edges else "")
            + "."
        )
    sources = data.get("sources", [])
    if sources:
        lines += [
            "",
            "Sources and licences (from the notes shipped with the data; the model files themselves are "
            "distributed with ringfence under Apache-2.0). Shipping check: the tables come from repositories "
            "under MIT and Apache-2.0, both of which allow redistributing derived work with attribution "
            "(given here); the upstream competition data is described as CC0 by third parties, which we have "
            "not verified at the source:",
            "",
        ]
        for s in sources:
            parts = [f"**{s.get('dataset', s['note'])}**"]
            for key in ("repo", "commit", "license", "paper"):
                if key in s:
                    parts.append(f"{key}: {s[key]}")
            lines.append("- " + "; ".join(parts))
    else:
        lines.append("- Sources and licences: not recorded (no SOURCE-*.txt beside the training file).")

    lines += ["", "## Evaluation"]
    cv = info.get("cv", {})
    if cv:
        lines.append(
            f"Internal {cfg.folds}-fold cross-validation on the training rows "
            + (
                "(each fold member predicts its own fold): "
                if model.head is not None
                else "(out-of-fold graph features): "
            )
            + f"AUC {_fmt(cv.get('auc'))}, macro-F1 {_fmt(cv.get('macro_f1'))}, "
            f"precision {_fmt(cv.get('precision'))}, "
            f"recall {_fmt(cv.get('recall'))}."
        )
    if evaluation:
        proto = evaluation["protocol"]
        lines += [
            "",
            f"Hand-over simulation, {len(proto['seeds'])} splits: each hides "
            f"{proto['held_out_fraction']:.0%} of the {proto['rows']} labelled numbers, trains on the rest "
            "with "
            f"{proto['training_edges']}, and scores the hidden ones with {proto['scoring_edges']} and "
            f"{proto['known_labels']} as known labels. "
            + (
                "Splits are stratified by class; the threshold is nested (chosen on inner out-of-fold "
                "predictions of each split's training rows, never on its held-out rows)."
                if "threshold" in proto
                else ""
            ),
        ]
        lines += _spread_lines(evaluation)
        lines += [
            "",
            "Every split (each cell: model / baseline):",
            "",
            "| seed | AUC | macro-F1 | F1 fraud | F1 normal | precision | recall | threshold |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in evaluation["runs"]:
            base = r.get("baseline", {})
            cells = [_pair(r.get(k), base.get(k)) for k in _RUN_METRICS]
            lines.append(
                f"| {r['seed']} | "
                + " | ".join(cells)
                + f" | {_pair(r['threshold'], base.get('threshold'), 3)} |"
            )
        extra = evaluation.get("as_live")
        if extra:
            lines += [
                "",
                "The same runs scored as the record bridge sees numbers (non-derivable features blank, no "
                f"graph): AUC {extra['mean']['auc']:.4f} ± {extra['sd']['auc']:.4f}, "
                f"macro-F1 {extra['mean']['macro_f1']:.4f} ± {extra['sd']['macro_f1']:.4f}. "
                "Missing values are not neutral to a model that learned them: in training data a number "
                "without some records (e.g. no bill) may be almost always fraud, so blanking them moves "
                "scores and the threshold no longer fits. Live records need a model trained without them.",
            ]
    else:
        lines.append("No hand-over evaluation recorded yet (`ringfence model evaluate`).")
    if plots:
        lines += ["", "Plots (pooled held-out scores): " + ", ".join(f"[{p}]({p})" for p in plots) + "."]

    importance = list(info.get("importance_gain", {}).items())[:15]
    if importance:
        what = "mean gain over the fold boosters" if model.head is not None else "total gain, final model"
        lines += ["", f"## Most important inputs ({what})", ""]
        lines += [f"{i + 1}. `{name}` ({gain:,.0f})" for i, (name, gain) in enumerate(importance)]

    lines += [
        "",
        "## Limits",
        "- Labels come from one operator, one province and one period (Sichuan, Aug 2019 – Mar 2020); fraud "
        "patterns drift, so re-train on local labels before relying on the threshold.",
        "- Per-number aggregates depend on the observation window: the training table covers months, so "
        "counts from a short window read as low activity. Ratios, shares and durations travel better.",
        "- Some labelled fraud numbers (about one in eight here) look like ordinary long-lived subscribers "
        "in these features and are missed at any useful threshold (see recall).",
    ]
    if model.uses_graph and model.head is not None:
        lines.append(
            "- Propagated inputs assume the scoring graph is built like the training graph (numbers linked "
            "when they share call counterparts) and that the neighbours' feature rows are given "
            "(`--context-features`); a neighbour without a row is left out, and without `--edges` every "
            "number is scored as isolated (its propagated inputs are its own)."
        )
    elif model.uses_graph:
        lines.append(
            "- Graph features assume the scoring graph is built like the training graph (numbers linked when "
            "they share call counterparts) and that known labels cover a similar share of it; without "
            "`--edges` every number is scored as isolated."
        )
    if live:
        lines.append(
            "- Trained only on features the record bridge can derive; "
            + ", ".join(f"`{k}`" for k in APPROXIMATE)
            + " are approximations (outgoing calls only)."
        )
    else:
        lines.append(
            f"- {len(NOT_DERIVABLE)} of the features (app traffic, billing, county) cannot be derived from "
            "call and SMS records; score live records with the live-record variant."
        )
    return "\n".join(lines) + "\n"


def write_card(
    directory: Path, model: FraudModel, evaluation: dict[str, Any] | None, plots: list[str]
) -> Path:
    path = directory / CARD_FILE
    path.write_text(render(model, evaluation, plots), encoding="utf-8")
    return path
