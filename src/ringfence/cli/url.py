"""``ringfence url``: train and run the phishing/malicious URL classifier."""

from __future__ import annotations

from pathlib import Path

import typer

from ringfence.cli.ui import console, count_progress, handle_errors, read_table

__all__ = ["app"]

app = typer.Typer(
    help="Malicious URLs: train the lexical model, classify URLs with reasons.", no_args_is_help=True
)

_BATCH = 50000


@app.command("classify")
@handle_errors
def classify(
    data: Path = typer.Option(..., "--data", help="CSV with the URLs."),
    url_col: str = typer.Option("url", "--url-col", help="Column holding the URL."),
    out: Path = typer.Option(..., "--out", help="Output CSV: prediction, score, is_malicious, reasons."),
    model_dir: Path | None = typer.Option(
        None, "--model", help="Model directory (default: the shipped model)."
    ),
    brands: Path | None = typer.Option(None, "--brands", help="Brand list TOML replacing the shipped one."),
) -> None:
    """Classify URLs; one output row per input row, in input order (``is_malicious`` is 1/0)."""
    import polars as pl

    from ringfence.urls.brands import load_brandbook
    from ringfence.urls.model import default_url_classifier, load_url_classifier

    df = read_table(data, [url_col])
    book = load_brandbook(brands) if brands else None
    clf = load_url_classifier(model_dir, book) if model_dir else default_url_classifier()
    if book is not None and model_dir is None:
        clf = clf.with_brands(book)
    urls = [u or "" for u in df[url_col].to_list()]
    verdicts = []
    with count_progress("classifying", len(urls)) as advance:
        for start in range(0, len(urls), _BATCH):
            verdicts.extend(clf.classify(urls[start : start + _BATCH]))
            advance(min(_BATCH, len(urls) - start))
    result = pl.DataFrame(
        {
            "prediction": [v.prediction for v in verdicts],
            "score": [round(v.score, 6) for v in verdicts],
            "is_malicious": [int(v.is_malicious) for v in verdicts],
            "reasons": ["; ".join(v.reasons) for v in verdicts],
            "url": urls,
        },
        schema_overrides={"is_malicious": pl.Int8},
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    result.write_csv(out)
    console.print(
        f"{len(verdicts):,} URLs classified, {sum(v.is_malicious for v in verdicts):,} malicious -> {out}"
    )


@app.command("train")
@handle_errors
def train(
    data: Path = typer.Option(..., "--data", help="Labelled CSV."),
    url_col: str = typer.Option("url", "--url-col", help="Column holding the URL."),
    label_col: str = typer.Option("label", "--label-col", help="Column holding the label."),
    out: Path = typer.Option(..., "--out", help="Directory to write the model to."),
    benign_label: list[str] = typer.Option(
        [], "--benign-label", help="Label value(s) meaning benign (default: benign/legitimate/good/0/...)."
    ),
    test_share: float = typer.Option(
        0.2,
        "--test-share",
        min=0.0,
        max=0.5,
        help="Share held out to compare with the baseline before the final fit on all URLs (0: skip).",
    ),
) -> None:
    """Train the URL model on labelled URLs: every label other than the benign one(s) counts as malicious.

    First a stratified ``--test-share`` is held out: the two-stage URL pipeline and a plain baseline
    (char 1-3-gram TF-IDF + LinearSVC over the URL string) are trained on the rest and both scored on it;
    then the model is trained on all URLs and written.
    """
    import polars as pl

    from ringfence.errors import ModelError
    from ringfence.urls.model import BENIGN_LABELS, train_url_classifier

    df = read_table(data, [url_col, label_col])
    df = df.filter(pl.col(url_col).is_not_null() & pl.col(label_col).is_not_null()).unique(
        url_col, keep="first"
    )
    benign = {b.lower() for b in benign_label} or set(BENIGN_LABELS)
    labels = [str(x).strip().lower() for x in df[label_col].to_list()]
    malicious = [lab not in benign for lab in labels]
    if all(malicious) or not any(malicious):
        raise ModelError("training data needs both benign and malicious URLs (see --benign-label)")
    urls = [str(u) for u in df[url_col].to_list()]
    figures = _holdout(urls, malicious, test_share) if test_share > 0 else ""
    with console.status(f"training on {df.height:,} URLs"):
        clf = train_url_classifier(urls, malicious)
    card = (
        "# URL model (trained with `ringfence url train`)\n\n"
        f"- data: `{data.name}`, {df.height:,} unique URLs, {sum(malicious):,} malicious\n"
        f"- benign labels: {sorted(benign)}\n"
    ) + figures
    clf.save(out, card=card)
    console.print(f"URL model written to {out}")


def _holdout(urls: list[str], malicious: list[bool], share: float) -> str:
    """Fit the URL pipeline and the baseline on the same train part, print both on the test part."""
    from ringfence.cli.compare import print_comparison
    from ringfence.lexical.evaluation import BASELINE_NAME, char_svm_baseline, split_indices
    from ringfence.urls.model import train_url_classifier

    labels = ["malicious" if m else "benign" for m in malicious]
    train, test = split_indices(urls, labels, share)
    tr_labels = [labels[i] for i in train]
    if not test or len(set(tr_labels)) < 2:
        console.print("too few URLs per label for a held-out comparison; skipped")
        return ""
    with console.status(f"held-out comparison: training on {len(train):,} URLs"):
        tr_urls = [urls[i] for i in train]
        clf = train_url_classifier(tr_urls, [malicious[i] for i in train])
        te_urls = [urls[i] for i in test]
        pred = [v.prediction for v in clf.classify(te_urls)]
        base = char_svm_baseline(tr_urls, tr_labels)(te_urls)
    mine, other = print_comparison([labels[i] for i in test], pred, base, n_train=len(train))
    return (
        f"\nHeld-out comparison ({len(train):,} train / {len(test):,} test URLs, stratified {share:.0%}):\n\n"
        f"| model | macro-F1 | accuracy |\n|---|---|---|\n"
        f"| this pipeline | {mine.macro_f1:.4f} | {mine.accuracy:.4f} |\n"
        f"| baseline: {BASELINE_NAME} | {other.macro_f1:.4f} | {other.accuracy:.4f} |\n"
    )
