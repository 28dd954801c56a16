"""The ``sms train`` recipe against the plain baseline on labelled sets, over several seeded splits.

    python -m scripts.eval_sms_train --sets nagato uci dialogue-opening gen5 --seeds 5 \
        --recipes stacked geomean --out /tmp/eval.json

Each split: stratified 80/20 by a seeded hash (``gen5``: whole template families held out, one draw of
families per seed); the baseline (char 1-3-gram TF-IDF + LinearSVC) and every recipe train on the same
train rows and are scored on the same test rows (macro-F1). Sets are read from ``--data`` (the shared
data folder: sms/ and dialogues/); ``gen5``, ``gen5b``, ``gen5c`` and ``gen5d`` are generated (5 classes
each from ``ringfence.simulate``, whole template families held out). Recipes: ``stacked`` (``sms
train``: folds grouped by near-duplicate clusters), ``stacked-rows`` (row-wise folds, the recipe before
them), ``stacked-paired`` (a paired test over the folds instead of the 0.005 margin), and older ones.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ringfence.lexical.evaluation import char_svm_baseline, report
from ringfence.lexical.normalise import normalise
from ringfence.text.model import SmsModel, feature_text, plain_view, train_sms_model

Split = tuple[list[str], list[str], list[str], list[str]]

GEN5_GROUPS = {
    "impersonation": [
        "police_impersonation",
        "customer_service_refund",
        "acquaintance_boss",
        "account_freeze",
    ],
    "money": ["loan_credit", "order_brushing", "investment"],
    "lure": ["prize", "points_redemption", "subsidy_refund", "delivery_claim"],
}

RECIPES: dict[str, dict[str, object]] = {
    "stacked": {},
    "stacked-rows": {"folds_by": "rows", "choice_tolerance": 0.005},  # the recipe before grouped folds
    "stacked-paired": {"choice_rule": "paired"},
    "stacked+count": {"with_count": True},
    "stacked-c1": {"stack_c": 1.0},
    "stacked-fixed": {"choose": False},
    "geomean": {"recipe": "geomean"},
}


def _seeded_split(texts: list[str], labels: list[str], seed: int, share: float = 0.2) -> Split:
    by: dict[str, list[tuple[bytes, int]]] = {}
    for i, (t, y) in enumerate(zip(texts, labels, strict=True)):
        by.setdefault(y, []).append((hashlib.blake2b(f"{seed}\x00{t}\x00{i}".encode()).digest(), i))
    train: list[int] = []
    test: list[int] = []
    for rows in by.values():
        rows.sort()
        n_test = max(1, round(len(rows) * share)) if len(rows) >= 2 else 0
        test += [i for _, i in rows[:n_test]]
        train += [i for _, i in rows[n_test:]]
    return (
        [texts[i] for i in train],
        [labels[i] for i in train],
        [texts[i] for i in test],
        [labels[i] for i in test],
    )


def load_uci(data: Path) -> tuple[list[str], list[str]]:
    with (data / "sms" / "uci_sms_spam_en.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def load_nagato(data: Path) -> tuple[list[str], list[str]]:
    with (data / "sms" / "nagato-sakura-zh-tw" / "nagato_sms.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def _dialogues(data: Path) -> list[dict[str, Any]]:
    with (data / "dialogues" / "teleantifraud_dialogues.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _dialogue_label(d: dict[str, Any]) -> str:
    kind = str(d["fraud_type"])
    return kind if kind.endswith("诈骗") or kind == "身份盗窃" else "正常"


def load_dialogue_opening(data: Path) -> tuple[list[str], list[str]]:
    """The caller's first turn (SMS-length), 8 fraud types + normal."""
    rows = _dialogues(data)
    return [str(d["left"][0]) for d in rows], [_dialogue_label(d) for d in rows]


def load_dialogue_full(data: Path) -> tuple[list[str], list[str]]:
    rows = _dialogues(data)
    texts = []
    for d in rows:
        left, right = list(d["left"]), list(d["right"])
        texts.append(" ".join(f"{a} {b}" for a, b in zip(left, right + [""] * len(left), strict=False)))
    return texts, [_dialogue_label(d) for d in rows]


#: A second blind set (made after ``gen5`` had been looked at): other groups, normal service chat too.
GEN5B_GROUPS = {
    "冒充身份": ["police_impersonation", "acquaintance_boss", "customer_service_refund"],
    "资金诱导": ["investment", "order_brushing", "loan_credit", "points_redemption"],
    "账户理赔": ["account_freeze", "delivery_claim", "subsidy_refund", "prize"],
}


def _hold_out_families(pools: dict[str, list[tuple[str, str]]], rng: random.Random, every: int) -> Split:
    """(train texts, train labels, test texts, test labels): one in ``every`` of each class's template
    families (seeded) held out as the test part, so the test wording is never seen in training."""
    out: Split = ([], [], [], [])
    for label, rows in pools.items():
        fams = sorted({f for _, f in rows})
        held = set(rng.sample(fams, max(1, len(fams) // every)))
        for t, f in rows:
            part = 2 if f in held else 0
            out[part].append(t)
            out[part + 1].append(label)
    return out


def gen5_split(seed: int, per_class: int = 600, second: bool = False) -> Split:
    """5 classes; per class a seeded quarter of the template families (at least one) is the test part."""
    from ringfence.simulate.sms_marketing import synth_service, synth_spam
    from ringfence.simulate.sms_texts import synth_messages

    rng = random.Random(seed)
    pools: dict[str, list[tuple[str, str]]] = {}
    pools["normal"] = [(m.text, m.family) for m in synth_messages(seed * 7 + 1, per_class, "normal")]
    if second:
        pools["normal"] = pools["normal"][: per_class // 2]
        pools["normal"] += [(m.text, m.family) for m in synth_service(seed * 7 + 3, per_class // 2)]
    pools["marketing"] = [(m.text, m.family) for m in synth_spam(seed * 7 + 2, per_class, "marketing")]
    for j, (name, cats) in enumerate((GEN5B_GROUPS if second else GEN5_GROUPS).items()):
        rows = []
        for k, cat in enumerate(cats):
            drawn = synth_messages(seed * 101 + 10 * j + k, per_class // len(cats), cat)
            rows += [(m.text, m.family) for m in drawn]
        pools[name] = rows
    return _hold_out_families(pools, rng, 4)


def _two_scam_classes(
    seed: int,
    names: tuple[str, str, str, str, str],
    counts: tuple[int, int, int, int],
    offsets: tuple[int, int, int, int, int],
    first: set[str],
    per_scam: tuple[int, int],
) -> Split:
    """Five classes, a seeded third of each class's template families held out: normal (``counts``:
    normal and service chat), marketing, illegal adverts, and the scam categories in two classes
    (``first`` / the rest, ``per_scam`` messages per category of each). ``offsets``: the seeds of
    normal, service, marketing, illegal and the first scam category, relative to ``seed``."""
    from ringfence.simulate.sms_marketing import synth_service, synth_spam
    from ringfence.simulate.sms_texts import FRAUD_CATEGORIES, synth_messages

    rng = random.Random(seed)
    normal, marketing, illegal, scam_a, scam_b = names
    n_normal, n_service, n_marketing, n_illegal = counts
    o_normal, o_service, o_marketing, o_illegal, o_scam = offsets
    pools: dict[str, list[tuple[str, str]]] = {
        normal: [(m.text, m.family) for m in synth_messages(seed + o_normal, n_normal, "normal")]
        + [(m.text, m.family) for m in synth_service(seed + o_service, n_service)],
        marketing: [(m.text, m.family) for m in synth_spam(seed + o_marketing, n_marketing, "marketing")],
        illegal: [(m.text, m.family) for m in synth_spam(seed + o_illegal, n_illegal, "illegal")],
        scam_a: [],
        scam_b: [],
    }
    for k, cat in enumerate(FRAUD_CATEGORIES):
        name, n = (scam_a, per_scam[0]) if cat in first else (scam_b, per_scam[1])
        pools[name] += [(m.text, m.family) for m in synth_messages(seed + o_scam + k, n, cat)]
    return _hold_out_families(pools, rng, 3)


def gen5c_split(seed: int) -> Split:
    """The last blind set (made after every decision): 5 imbalanced classes — normal (with service chat)
    1,000, marketing 400, illegal adverts 150, impersonation scams 300, inducement scams 200 — with a
    seeded third of each class's template families held out as the test part."""
    from ringfence.simulate.sms_texts import FRAUD_CATEGORIES

    imp = {"police_impersonation", "customer_service_refund", "acquaintance_boss", "account_freeze"}
    return _two_scam_classes(
        seed,
        ("正常", "营销", "违法广告", "冒充诈骗", "诱导诈骗"),
        (700, 300, 400, 150),
        (0, 1, 2, 3, 10),
        imp,
        (75, 200 // (len(FRAUD_CATEGORIES) - len(imp)) + 1),
    )


def gen5d_split(seed: int) -> Split:
    """A blind set made with grouped folds (run once, after every decision): 5 classes imbalanced the
    other way round — normal 500 + service chat 200, marketing 250, illegal adverts 80 (rare), money
    scams 600 (account freeze, loans, order brushing, investment, points; the largest class) and
    impersonation and lure scams 120 (rare; police, customer service, acquaintances, prizes, subsidies,
    parcels) — other seeds, a seeded third of each class's template families held out as the test part."""
    money = {"account_freeze", "loan_credit", "order_brushing", "investment", "points_redemption"}
    return _two_scam_classes(
        seed,
        ("normal", "marketing", "illegal", "money_scam", "impersonation_lure"),
        (500, 200, 250, 80),
        (5, 6, 7, 8, 30),
        money,
        (120, 20),
    )


LOADERS: dict[str, Callable[[Path], tuple[list[str], list[str]]]] = {
    "uci": load_uci,
    "nagato": load_nagato,
    "dialogue-opening": load_dialogue_opening,
    "dialogue-full": load_dialogue_full,
}


def predict(model: SmsModel, texts: list[str]) -> list[str]:
    norm = [normalise(t) for t in texts]
    proba = model.label_proba([feature_text(t) for t in norm], texts, norm=norm)
    return [model.classes[j] for j in proba.argmax(axis=1)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--sets", nargs="+", default=["nagato", "uci"])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--recipes", nargs="+", default=["stacked"])
    ap.add_argument("--plain", action="store_true", help="also score the plain head alone")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    results: dict[str, dict[str, list[float]]] = {}
    for name in args.sets:
        data = None if name.startswith("gen5") else LOADERS[name](args.data)
        res: dict[str, list[float]] = {}
        for seed in range(args.seeds):
            if name == "gen5d":
                split = gen5d_split(3000 + seed)
            elif name == "gen5c":
                split = gen5c_split(2000 + seed)
            elif name == "gen5b":
                split = gen5_split(1000 + seed, 500, second=True)
            else:
                split = gen5_split(seed) if data is None else _seeded_split(*data, seed)
            tr_x, tr_y, te_x, te_y = split
            t0 = time.perf_counter()
            base = char_svm_baseline(tr_x, tr_y)(te_x)
            res.setdefault("baseline", []).append(report(te_y, base).macro_f1)
            res.setdefault("baseline:s", []).append(time.perf_counter() - t0)
            for r in args.recipes:
                t0 = time.perf_counter()
                model = train_sms_model(tr_x, tr_y, **RECIPES[r])  # type: ignore[arg-type]
                res.setdefault(f"{r}:s", []).append(time.perf_counter() - t0)
                res.setdefault(r, []).append(report(te_y, predict(model, te_x)).macro_f1)
                if args.plain and r == args.recipes[0] and model.plain is not None:
                    view = [plain_view(t) for t in te_x]
                    p = [model.plain.classes[j] for j in model.plain.proba(view).argmax(axis=1)]
                    res.setdefault("plain-head", []).append(report(te_y, p).macro_f1)
            line = " ".join(f"{k}={v[-1]:.4f}" for k, v in res.items() if not k.endswith(":s"))
            print(f"{name} seed {seed} ({len(tr_x)}/{len(te_x)}): {line}", flush=True)
        results[name] = res
        for k, v in res.items():
            if k.endswith(":s"):
                continue
            wins = sum(a >= b - 1e-12 for a, b in zip(v, res["baseline"], strict=True))
            print(
                f"  {name} {k}: mean {statistics.mean(v):.4f} min {min(v):.4f} max {max(v):.4f}"
                + ("" if k == "baseline" else f"  >= baseline in {wins}/{len(v)}")
                + f"  train s {statistics.mean(res.get(k + ':s', [0.0])):.1f}",
                flush=True,
            )
    if args.out:
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
