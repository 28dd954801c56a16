"""Score the shipped SMS screener on the held-out probe of mainland-Chinese SMS (``data/sms_probe.csv``).

    python -m scripts.probe_sms --split dev                     # screener, errors by family
    python -m scripts.probe_sms --split dev --show-errors       # ... and the misread dev texts
    python -m scripts.probe_sms --split test --baseline /work/shared/data   # + the plain baseline
    python -m scripts.probe_sms --split test --batch 3                      # one batch of rows only

The probe was written by hand for this purpose, not by the generators the model is trained on, in the
styles an operator's stream carries (see docs/text.md, *Held-out probe*): ``text,label,family,split``,
labels in ``normal / marketing / fraud / illegal``, ``family`` the typology a text stands for, ``split``
``dev`` (errors may be read and acted on) or ``test`` (figures reported only; ``--show-errors`` refuses it).
The split was assigned by ``assign_splits`` before any text was scored.

Printed per split: the confusion matrix, fraud recall / precision / F1 (fraud against the rest), the share
of marketing called fraud, and the errors per family; with ``--baseline DATA_DIR`` the same figures of the
plain baseline (char 1-3-gram TF-IDF + LinearSVC) fitted on the rows the shipped model is trained on
(``scripts.build_sms_model.load_corpus`` with the shipped sizes; about a minute).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ringfence.lexical.evaluation import fraud_figures

PROBE = Path(__file__).parent / "data" / "sms_probe.csv"
LABELS = ("normal", "marketing", "fraud", "illegal")
SPLIT_SEED = 20261204
#: Rows were written in two batches, each split on its own (first row, seed): the second batch (loan-broker
#: ads, operators' offers, investment scams dressed as ads: the failures issue #15 names) was added after the
#: first batch had been scored, because the first did not contain enough of them.
#: The third (205 rows: investment scams as real spam words them, licensed lenders', operators' and
#: brokerages' ads beside them) was written in stop 35 by a helper who had read none of the pattern library,
#: the generators or the earlier probe, and was scored before anything was changed for it. The fourth (208
#: rows in the mix of a bulk-SMS stream: mostly marketing, fraud across typologies, police warnings that
#: quote scam wording) came from another such helper later in stop 35, after the model of that stop was
#: built; it was scored before the patterns its dev half led to. The fifth (205 rows, a third helper, end
#: of stop 35) was scored on the shipped stop-35 model, its dev half read in that stop. The sixth (212 rows,
#: a fourth helper, stop 36) was added after stop 36's model was built and scored on it before anything
#: was changed for it. The seventh (224 rows, a fifth helper, stop 37, weighted to investment and loan-fee
#: scams and the ads they imitate) was scored on stop 36's model before anything was changed for it.
#: The eighth (230 rows, stop 39: real-traffic noise) and the ninth (230 rows, stop 40: short bulk spam,
#: alarming promotions beside the fraud that copies them) each came from a helper who read nothing of the
#: project, and were committed and scored before anything was changed for them. So was the tenth (230
#: rows, stop 41: scams around public services and everyday platforms beside their genuine twins), and the
#: eleventh (243 rows, stop 42: genuine points, membership, loan and government notices beside the fakes
#: that copy them, with evasive spellings).
BATCHES = (
    (0, SPLIT_SEED),
    (445, SPLIT_SEED + 1),
    (495, SPLIT_SEED + 2),
    (700, SPLIT_SEED + 3),
    (908, SPLIT_SEED + 4),
    (1113, SPLIT_SEED + 5),
    (1325, SPLIT_SEED + 6),
    (1549, SPLIT_SEED + 7),
    (1779, SPLIT_SEED + 8),
    (2009, SPLIT_SEED + 9),
    (2239, SPLIT_SEED + 10),
)
#: The corpus sizes the shipped model is built with (docs/text.md, "Rebuild the shipped models").
SHIPPED_SIZES = {"n_synth": 30000, "n_spam": 16000, "n_calls": 5000, "n_mainland": 4000}


@dataclass(frozen=True)
class ProbeRow:
    text: str
    label: str
    family: str
    split: str


def assign_splits(families: Sequence[str], seed: int = SPLIT_SEED) -> list[str]:
    """``dev``/``test`` per row, stratified by family: each family's rows are shuffled by one seeded
    generator (families in sorted order) and the first half (rounded down) goes to ``test``."""
    rng = random.Random(seed)
    out = [""] * len(families)
    for fam in sorted(set(families)):
        idx = [i for i, f in enumerate(families) if f == fam]
        rng.shuffle(idx)
        for k, i in enumerate(idx):
            out[i] = "test" if k < len(idx) // 2 else "dev"
    return out


def probe_splits(families: Sequence[str]) -> list[str]:
    """The split column of the probe: ``assign_splits`` over each batch of rows (``BATCHES``)."""
    out: list[str] = []
    bounds = [*BATCHES, (len(families), 0)]
    for (start, seed), (end, _) in itertools.pairwise(bounds):
        out += assign_splits(families[start:end], seed)
    return out


def batch_of(index: int) -> int:
    """The batch (1, 2, 3...) row ``index`` of the probe was written in."""
    return sum(start <= index for start, _ in BATCHES)


def load_probe(path: Path = PROBE) -> list[ProbeRow]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [ProbeRow(r["text"], r["label"], r["family"], r["split"]) for r in csv.DictReader(fh)]
    bad = {r.label for r in rows} - set(LABELS)
    if bad:
        raise ValueError(f"unknown labels in {path}: {sorted(bad)}")
    return rows


@dataclass(frozen=True)
class Figures:
    n: int
    confusion: dict[str, Counter[str]]  # true label -> predicted label counts
    fraud_recall: float
    fraud_precision: float
    fraud_f1: float
    marketing_called_fraud: float
    errors_by_family: dict[str, tuple[int, int, Counter[str]]]  # family -> (wrong, n, predicted)


def figures(rows: Sequence[ProbeRow], pred: Sequence[str]) -> Figures:
    conf: dict[str, Counter[str]] = {y: Counter() for y in LABELS}
    fams: dict[str, tuple[int, int, Counter[str]]] = {}
    for r, p in zip(rows, pred, strict=True):
        conf[r.label][p] += 1
        wrong, n, preds = fams.get(r.family, (0, 0, Counter()))
        if p != r.label:
            preds[p] += 1
        fams[r.family] = (wrong + (p != r.label), n + 1, preds)
    f = fraud_figures([r.label for r in rows], pred)
    return Figures(
        n=len(rows),
        confusion=conf,
        fraud_recall=f.recall,
        fraud_precision=f.precision,
        fraud_f1=f.f1,
        marketing_called_fraud=f.marketing_called_fraud or 0.0,
        errors_by_family=fams,
    )


def render(name: str, f: Figures) -> str:
    lines = [f"== {name} ({f.n} texts)", "true \\ predicted " + " ".join(f"{c:>9}" for c in LABELS)]
    for y in LABELS:
        lines.append(f"{y:>17} " + " ".join(f"{f.confusion[y][c]:>9}" for c in LABELS))
    lines.append(
        f"fraud recall {f.fraud_recall:.3f}  precision {f.fraud_precision:.3f}  F1 {f.fraud_f1:.3f}  "
        f"marketing called fraud {f.marketing_called_fraud:.3f}"
    )
    lines.append("errors by family (wrong/n: predicted as):")
    for fam, (wrong, n, preds) in sorted(f.errors_by_family.items()):
        if wrong:
            got = ", ".join(f"{p} {c}" for p, c in preds.most_common())
            lines.append(f"  {fam:<20} {wrong}/{n}: {got}")
    return "\n".join(lines)


def screener_predict(model_dir: Path | None = None) -> Callable[[Sequence[str]], list[str]]:
    from ringfence.text.model import load_sms_model
    from ringfence.text.screen import SmsScreener

    screener = SmsScreener(load_sms_model(model_dir) if model_dir is not None else None)
    return lambda texts: [v.prediction for v in screener.screen(list(texts))]


def baseline_predict(data_dir: Path) -> Callable[[Sequence[str]], list[str]]:
    """The plain baseline fitted on the shipped model's training rows."""
    from ringfence.lexical.evaluation import char_svm_baseline
    from scripts.build_sms_model import load_corpus

    rows = load_corpus(data_dir, **SHIPPED_SIZES)
    return char_svm_baseline([r.text for r in rows], [r.label for r in rows])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m scripts.probe_sms", description=__doc__.split("\n")[0])
    ap.add_argument("--probe", type=Path, default=PROBE)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--model", type=Path, default=None, help="a model directory instead of the shipped one")
    ap.add_argument(
        "--batch", type=int, default=None, help=f"score only the rows of batch N (1-{len(BATCHES)})"
    )
    ap.add_argument("--limit", type=int, default=None, help="score only the first N rows of the split")
    ap.add_argument("--baseline", type=Path, default=None, metavar="DATA_DIR", help="also the plain baseline")
    ap.add_argument("--show-errors", action="store_true", help="print the misread texts (dev only)")
    args = ap.parse_args(argv)
    if args.show_errors and args.split != "dev":
        ap.error("--show-errors reads the dev split only: the test split is reported, never tuned on")
    rows = [
        r
        for i, r in enumerate(load_probe(args.probe))
        if args.split in ("all", r.split) and args.batch in (None, batch_of(i))
    ]
    rows = rows[: args.limit] if args.limit is not None else rows
    texts = [r.text for r in rows]
    pred = screener_predict(args.model)(texts)
    name = args.split if args.batch is None else f"{args.split}, batch {args.batch}"
    print(render(f"screener, {name}", figures(rows, pred)))
    if args.show_errors:
        for r, p in zip(rows, pred, strict=True):
            if p != r.label:
                print(f"  [{r.family}] {r.label} -> {p}: {r.text}")
    if args.baseline is not None:
        print(render(f"baseline, {name}", figures(rows, baseline_predict(args.baseline)(texts))))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
