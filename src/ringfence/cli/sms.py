"""``ringfence sms``: train and run fraud-SMS classifiers, and find fake-base-station broadcasts."""

from __future__ import annotations

from pathlib import Path

import typer

from ringfence.cli.ui import console, count_progress, handle_errors, read_table

__all__ = ["app"]

app = typer.Typer(
    help="Fraud SMS: train a classifier, classify messages, find fake base stations.", no_args_is_help=True
)

_BATCH = 20000


@app.command("train")
@handle_errors
def train(
    data: Path = typer.Option(..., "--data", help="Labelled CSV (UTF-8 with a header)."),
    text_col: str = typer.Option("text", "--text-col", help="Column holding the message text."),
    label_col: str = typer.Option("label", "--label-col", help="Column holding the label (any values)."),
    out: Path = typer.Option(..., "--out", help="Directory to write the model to."),
    normal_label: str | None = typer.Option(
        None,
        "--normal-label",
        help="The label meaning 'not fraud' (default: found among normal/ham/正常/0...).",
    ),
    bits: int = typer.Option(18, "--bits", min=12, max=22, help="Hash size 2^bits of the n-gram features."),
    ngram_max: int = typer.Option(3, "--ngram-max", min=1, max=5, help="Longest character n-gram."),
    c: float = typer.Option(
        20.0, "--c", help="Inverse regularisation of a count head (kept for scripts; the stack has none)."
    ),
    test_share: float = typer.Option(
        0.2,
        "--test-share",
        min=0.0,
        max=0.5,
        help="Share held out to compare with the baseline before the final fit on all rows (0: skip).",
    ),
) -> None:
    """Train a stacked character n-gram classifier on your own labelled messages (labels from the data).

    Any number of classes is fine (e.g. normal plus several scam types); classes are weighted to balance.
    The label meaning "not fraud" decides ``is_fraud`` and ``score`` when classifying (marketing,
    advertising, illegal and OTP labels are not fraud either). First a stratified ``--test-share`` of the
    rows is held out: the pipeline and a plain baseline (char 1-3-gram TF-IDF + LinearSVC) are trained on
    the rest and both are scored on it; then the model is trained on all rows and written.
    """
    import polars as pl

    from ringfence.lexical.hashing import HashSpec
    from ringfence.text.model import train_sms_model

    df = read_table(data, [text_col, label_col])
    df = df.filter(pl.col(label_col).is_not_null())
    texts = df[text_col].fill_null("").to_list()
    labels = [str(x).strip() for x in df[label_col].to_list()]
    spec = HashSpec(ngram_min=1, ngram_max=ngram_max, bits=bits, max_len=256)
    figures = ""
    if test_share > 0:
        figures = _holdout(texts, labels, test_share, normal_label, spec, c)
    with console.status(f"training on {len(texts):,} messages"):
        model = train_sms_model(texts, labels, normal_label=normal_label, spec=spec, c=c)
    counts = pl.Series(labels).value_counts(sort=True)
    model.card = _card(data, text_col, label_col, counts, model.normal_label, spec, model.meta) + figures
    model.save(out)
    console.print(f"model with classes {model.classes} (normal: {model.normal_label!r}) written to {out}")


def _holdout(
    texts: list[str], labels: list[str], share: float, normal: str | None, spec: object, c: float
) -> str:
    """Fit the pipeline and the baseline on the same train part, print both on the test part."""
    from ringfence.cli.compare import print_comparison
    from ringfence.lexical.evaluation import BASELINE_NAME, char_svm_baseline, split_indices
    from ringfence.lexical.hashing import HashSpec
    from ringfence.text.model import train_sms_model
    from ringfence.text.screen import SmsScreener

    assert isinstance(spec, HashSpec)
    train, test = split_indices(texts, labels, share)
    if not test or len({labels[i] for i in train}) < 2:
        console.print("too few rows per label for a held-out comparison; skipped")
        return ""
    with console.status(f"held-out comparison: training on {len(train):,} messages"):
        tr_texts, tr_labels = [texts[i] for i in train], [labels[i] for i in train]
        model = train_sms_model(tr_texts, tr_labels, normal_label=normal, spec=spec, c=c)
        te_texts = [texts[i] for i in test]
        pred = [v.prediction for v in SmsScreener(model).screen(te_texts)]
        base = char_svm_baseline(tr_texts, tr_labels)(te_texts)
    y = [labels[i] for i in test]
    fraud, marketing = _fraud_and_marketing(labels, model.fraud_classes)
    mine, other = print_comparison(
        y, pred, base, n_train=len(train), fraud_labels=fraud, marketing_labels=marketing
    )
    return (
        f"\nHeld-out comparison ({len(train):,} train / {len(test):,} test rows, stratified {share:.0%}):\n\n"
        f"| model | macro-F1 | accuracy |\n|---|---|---|\n"
        f"| this pipeline | {mine.macro_f1:.4f} | {mine.accuracy:.4f} |\n"
        f"| baseline: {BASELINE_NAME} | {other.macro_f1:.4f} | {other.accuracy:.4f} |\n"
    )


def _card(
    data: Path,
    text_col: str,
    label_col: str,
    counts: object,
    normal: str | None,
    spec: object,
    meta: dict[str, object],
) -> str:
    choice = meta.get("stacker_cv_macro_f1")
    cv = (
        "; cross-validated macro-F1 of the stackers tried: "
        + ", ".join(f"{k} {v:.4f}" for k, v in choice.items())
        if isinstance(choice, dict) and choice
        else ""
    )
    return (
        "# SMS model (trained with `ringfence sms train`)\n\n"
        f"- data: `{data.name}` (text column `{text_col}`, label column `{label_col}`)\n"
        f"- normal label: `{normal}`\n"
        f"- recipe: stacked — a TF-IDF head over hashed character n-grams {spec} of the normalised text "
        "(links and digits folded) and a plain head that is the baseline itself (char 1-3-gram TF-IDF + "
        "LinearSVC over the raw text); the stacker is the baseline's own decision unless one over both "
        "heads clearly wins in a cross-validation over their out-of-fold scores "
        f"({meta.get('folds', '?')} stratified folds, seed {meta.get('seed', '?')}){cv}\n\n"
        f"Class counts:\n\n```\n{counts}\n```\n"
    )


@app.command("evaluate")
@handle_errors
def evaluate(
    data: Path = typer.Option(..., "--data", help="Labelled CSV (UTF-8 with a header)."),
    text_col: str = typer.Option("text", "--text-col", help="Column holding the message text."),
    label_col: str = typer.Option("label", "--label-col", help="Column holding the label."),
    model_dir: Path | None = typer.Option(
        None, "--model", help="Model directory to score (default: train the `sms train` recipe on the split)."
    ),
    test_share: float = typer.Option(0.2, "--test-share", min=0.05, max=0.5, help="Share held out."),
    normal_label: str | None = typer.Option(None, "--normal-label", help="The label meaning 'not fraud'."),
) -> None:
    """Score a pipeline and the plain baseline on the same held-out split of labelled messages.

    The data is split (stratified, deterministic); the baseline (char 1-3-gram TF-IDF + LinearSVC) is
    trained on the train part. The pipeline is the ``sms train`` recipe trained on the same part, or, with
    ``--model``, that model as it is (then the train part only serves the baseline). Both are scored on the
    test part, per class and macro.
    """
    import polars as pl

    from ringfence.cli.compare import print_comparison
    from ringfence.lexical.evaluation import char_svm_baseline, split_indices
    from ringfence.text.model import load_sms_model, train_sms_model
    from ringfence.text.screen import SmsScreener

    df = read_table(data, [text_col, label_col])
    df = df.filter(pl.col(label_col).is_not_null())
    texts = df[text_col].fill_null("").to_list()
    labels = [str(x).strip() for x in df[label_col].to_list()]
    train, test = split_indices(texts, labels, test_share)
    tr_texts, tr_labels = [texts[i] for i in train], [labels[i] for i in train]
    te_texts = [texts[i] for i in test]
    with console.status(f"training on {len(train):,} messages, scoring {len(test):,}"):
        if model_dir is not None:
            model = load_sms_model(model_dir)
            what = f"model {model_dir.name}"
        else:
            model = train_sms_model(tr_texts, tr_labels, normal_label=normal_label)
            what = "pipeline"
        pred = [v.prediction for v in SmsScreener(model).screen(te_texts)]
        base = char_svm_baseline(tr_texts, tr_labels)(te_texts)
    fraud, marketing = _fraud_and_marketing(labels, model.fraud_classes)
    print_comparison(
        [labels[i] for i in test],
        pred,
        base,
        n_train=len(train),
        what=what,
        fraud_labels=fraud,
        marketing_labels=marketing,
    )


def _fraud_and_marketing(labels: list[str], model_fraud: list[str]) -> tuple[set[str], set[str]]:
    """Which labels of the data count as fraud (the model's fraud classes, plus ``fraud`` for the shipped
    taxonomy) and which as marketing, for the fraud and marketing-called-fraud lines."""
    from ringfence.text.model import FRAUD, MARKETING_LABELS

    present = set(labels)
    fraud = {x for x in model_fraud if x in present} | ({FRAUD} & present)
    marketing = {x for x in present if x.strip().lower() in MARKETING_LABELS}
    return fraud, marketing


@app.command("classify")
@handle_errors
def classify(
    data: Path = typer.Option(..., "--data", help="CSV with the messages."),
    text_col: str = typer.Option("text", "--text-col", help="Column holding the message text."),
    out: Path = typer.Option(
        ..., "--out", help="Output CSV: prediction, score, category, is_fraud, reasons."
    ),
    model_dir: Path | None = typer.Option(
        None, "--model", help="Model directory (default: the shipped model)."
    ),
    sender_col: str | None = typer.Option(
        None, "--sender-col", help="Optional column with the sender number."
    ),
    origin_col: str | None = typer.Option(None, "--origin-col", help="Optional column with the origin."),
    patterns: Path | None = typer.Option(
        None, "--patterns", help="Pattern library TOML replacing the shipped one."
    ),
) -> None:
    """Classify messages; writes one row per input row, in input order.

    Columns: ``prediction, score, category, is_fraud`` (1/0), then ``reasons`` and ``urls``. Without
    ``--model`` the default model shipped in the package is used.
    """
    import polars as pl

    from ringfence.text.model import default_sms_model, load_sms_model
    from ringfence.text.patterns import load_library
    from ringfence.text.screen import SmsScreener

    cols = [text_col] + [c for c in (sender_col, origin_col) if c]
    df = read_table(data, cols)
    model = load_sms_model(model_dir) if model_dir else default_sms_model()
    screener = SmsScreener(model, load_library(patterns) if patterns else None)
    texts = df[text_col].to_list()
    senders = df[sender_col].to_list() if sender_col else None
    origins = df[origin_col].to_list() if origin_col else None
    verdicts = []
    with count_progress("classifying", len(texts)) as advance:
        for start in range(0, len(texts), _BATCH):
            stop = start + _BATCH
            verdicts.extend(
                screener.screen(
                    texts[start:stop],
                    senders[start:stop] if senders else None,
                    origins[start:stop] if origins else None,
                )
            )
            advance(min(_BATCH, len(texts) - start))
    result = pl.DataFrame(
        {
            "prediction": [v.prediction for v in verdicts],
            "score": [round(v.score, 6) for v in verdicts],
            "category": [v.category for v in verdicts],
            "is_fraud": [None if v.is_fraud is None else int(v.is_fraud) for v in verdicts],
            "reasons": ["; ".join(v.reasons) for v in verdicts],
            "urls": [" ".join(u.url for u in v.urls) for v in verdicts],
        },
        schema_overrides={"is_fraud": pl.Int8},
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    result.write_csv(out)
    flagged = sum(1 for v in verdicts if v.is_fraud)
    console.print(f"{len(verdicts):,} messages classified, {flagged:,} flagged as fraud -> {out}")


@app.command("fbs")
@handle_errors
def fbs(
    messages: list[Path] = typer.Option(..., "--messages", help="Messages file(s) in the data contract."),
    out: Path = typer.Option(..., "--out", help="Output CSV of suspected fake-base-station areas."),
    gap_min: float = typer.Option(30.0, "--gap-min", help="Minutes of silence that end a burst in a cell."),
    min_messages: int = typer.Option(3, "--min-messages", help="Messages a burst needs to be reported."),
    flags_out: Path | None = typer.Option(
        None, "--flags-out", help="Also write every origin=unknown message with its text verdict here."
    ),
) -> None:
    """Find fake-base-station broadcasts (messages with no SMS-centre record, origin=unknown).

    Flagged messages are grouped into bursts per cell; each burst is reported with its time span, counts,
    sample senders and texts and the scam categories of its texts.
    """
    from datetime import timedelta

    import polars as pl

    from ringfence.ingest import RecordKind, read_frame
    from ringfence.text.fbs import fake_base_station_areas, flag_unknown_origin
    from ringfence.text.screen import SmsScreener

    frame, summary = read_frame(messages, RecordKind("messages"))
    candidates = flag_unknown_origin(frame)
    sub = frame.filter(candidates)
    is_fraud: list[bool | None] = [None] * frame.height
    cats = [""] * frame.height
    if sub.height:
        verdicts = SmsScreener().screen(
            sub["text"].to_list(), sub["sender"].to_list(), sub["origin"].to_list()
        )
        rows = [i for i, c in enumerate(candidates.to_list()) if c]
        for i, v in zip(rows, verdicts, strict=True):
            is_fraud[i], cats[i] = v.is_fraud, v.category
        if flags_out is not None:
            sub.with_columns(
                pl.Series("is_fraud", [int(bool(v.is_fraud)) for v in verdicts], dtype=pl.Int8),
                pl.Series("category", [v.category for v in verdicts]),
                pl.Series("score", [round(v.score, 4) for v in verdicts]),
            ).write_csv(flags_out)
    areas = fake_base_station_areas(
        frame, gap=timedelta(minutes=gap_min), min_messages=min_messages, is_fraud=is_fraud, categories=cats
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    areas.write_csv(out)
    console.print(
        f"{summary.accepted:,} messages read, {sub.height:,} without SMS-centre record, "
        f"{areas.height:,} suspected fake-base-station area(s) -> {out}"
    )
