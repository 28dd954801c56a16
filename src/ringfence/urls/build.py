"""Rebuild and evaluate the default URL model from the public URL sets: ``python -m ringfence.urls.build``.

Sources (``<data>/urls``): ISCX-URL-2016 (benign vs phishing/malware/spam), PhishTank verified-online
snapshots (phish only) and the 2021 web-page phishing set (url + status; only the URL is used). Each source
is de-duplicated by URL first (ISCX malware repeats a few thousand URLs), then split 80/20 by a hash of the
URL, so the evaluation never sees a training URL. The evaluation model is trained on the 80 %, the shipped
model on everything with the same recipe.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ringfence.urls.model import BENIGN_LABELS, UrlClassifier, train_url_classifier

__all__ = ["Labelled", "evaluate", "load_sources", "main"]


@dataclass
class Labelled:
    source: str
    url: str
    malicious: bool

    @property
    def test(self) -> bool:
        return hashlib.blake2b(self.url.encode(), digest_size=4).digest()[0] < 51  # ~20 %


def load_sources(data_dir: Path) -> list[Labelled]:
    import polars as pl

    rows: list[Labelled] = []

    def add(source: str, df: pl.DataFrame, url_col: str, label_of: object) -> None:
        seen: set[str] = set()
        for url, label in zip(
            df[url_col].to_list(), label_of if isinstance(label_of, list) else [], strict=False
        ):
            if not url or url in seen:
                continue
            seen.add(url)
            rows.append(Labelled(source, str(url), bool(label)))

    urls = data_dir / "urls"
    iscx = pl.read_csv(urls / "iscx_url_2016.csv", infer_schema=False)
    add("iscx", iscx, "url", [lab.lower() not in BENIGN_LABELS for lab in iscx["label"].to_list()])
    pt = pl.read_csv(urls / "phishtank_verified_online.csv", infer_schema=False, columns=["url"])
    add("phishtank", pt, "url", [True] * pt.height)
    wp = pl.read_csv(urls / "web_page_phishing_2021.csv", infer_schema=False, columns=["url", "status"])
    add("web2021", wp, "url", [s.lower() not in BENIGN_LABELS for s in wp["status"].to_list()])
    return rows


def evaluate(clf: UrlClassifier, rows: list[Labelled]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for source in sorted({r.source for r in rows}):
        sel = [r for r in rows if r.source == source]
        verdicts = clf.classify([r.url for r in sel])
        y = np.array([r.malicious for r in sel])
        p = np.array([v.is_malicious for v in verdicts])
        tp = float((p & y).sum())
        out[source] = {
            "n": float(len(sel)),
            "accuracy": float((p == y).mean()),
            "recall": tp / max(float(y.sum()), 1.0),
            "precision": tp / max(float(p.sum()), 1.0),
            "false_positive_rate": float((p & ~y).sum()) / max(float((~y).sum()), 1.0),
        }
    return out


def _weights(rows: list[Labelled]) -> np.ndarray:
    """Each source weighs the same in training, whatever its size."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.source] = counts.get(r.source, 0) + 1
    return np.array([len(rows) / (len(counts) * counts[r.source]) for r in rows], dtype=np.float64)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data-dir", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--out", type=Path, default=None, help="write the model trained on all rows here")
    ap.add_argument("--c", type=float, default=5.0)
    args = ap.parse_args(argv)
    rows = load_sources(args.data_dir)
    train = [r for r in rows if not r.test]
    test = [r for r in rows if r.test]
    clf = train_url_classifier(
        [r.url for r in train], [r.malicious for r in train], c=args.c, sample_weight=_weights(train)
    )
    report = {"held_out": evaluate(clf, test), "train_rows": len(train), "test_rows": len(test)}
    print(json.dumps(report, indent=2))
    if args.out is not None:
        full = train_url_classifier(
            [r.url for r in rows], [r.malicious for r in rows], c=args.c, sample_weight=_weights(rows)
        )
        full.save(args.out, meta={"held_out_evaluation": report, "trained_rows": len(rows)}, card="")
        (args.out / "evaluation.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
