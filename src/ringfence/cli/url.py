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
) -> None:
    """Train the URL model on labelled URLs: every label other than the benign one(s) counts as malicious."""
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
    with console.status(f"training on {df.height:,} URLs"):
        clf = train_url_classifier(df[url_col].to_list(), malicious)
    card = (
        "# URL model (trained with `ringfence url train`)\n\n"
        f"- data: `{data.name}`, {df.height:,} unique URLs, {sum(malicious):,} malicious\n"
        f"- benign labels: {sorted(benign)}\n"
    )
    clf.save(out, card=card)
    console.print(f"URL model written to {out}")
