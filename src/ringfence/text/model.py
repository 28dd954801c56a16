"""SMS classifiers: the default fraud model shipped in the package, and models trained on a user's labels.

A model directory holds ``labels.npz``/``labels.json`` (a linear model over hashed character n-grams of
the normalised text, classes taken from the training data), optionally ``category.npz``/``.json`` (the
default model's scam-category head, used when the label head is binary), ``tfidf.*``, ``plain.*`` and
``stacker.json`` (a stacked model) and a ``MODEL_CARD.md``. A model trained with ``sms train``
(``train_sms_model``) is stacked: the TF-IDF head and the plain baseline itself, weighed by a stacker
chosen by cross-validation over their out-of-fold scores (``choose_stacker``), on folds that keep
near-duplicate clusters whole (``text/folds.py``).

Which label means "not fraud" is read from the data (a label such as ``normal``, ``ham``, ``legit``,
``正常`` or ``0``, or given explicitly). Labels of the spam taxonomy that are not fraud either (marketing /
advertising, illegal adverts, OTP codes; see ``NOT_FRAUD_LABELS``) are not counted as fraud; every other
label is a kind of fraud. The score is the probability of fraud.

The shipped model predicts the taxonomy ``normal / marketing / fraud / illegal`` (``TAXONOMY``): a TF-IDF
head and a plain head (the baseline's own recipe over the normalised text) weighed, together with the
screener's pattern and link evidence, by a stacker fitted on out-of-fold scores (``fit_stacked``;
``plain.*`` and ``stacker.json`` in the model directory); sender checks add their log-odds (``screen.py``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ringfence.errors import ModelError
from ringfence.lexical.hashing import HashSpec
from ringfence.lexical.linear import (
    LinearHashModel,
    VocabTfidfModel,
    decisions,
    fit_linear,
    fit_tfidf_linear,
    fit_vocab_tfidf_svm,
    is_vocab_model,
)
from ringfence.lexical.normalise import normalise
from ringfence.text.folds import grouped_folds

__all__ = [
    "FRAUD",
    "ILLEGAL",
    "MARKETING",
    "MARKETING_LABELS",
    "NORMAL",
    "NORMAL_LABELS",
    "NOT_FRAUD_LABELS",
    "PLAIN_SPEC",
    "STACK_C",
    "STACK_FOLDS",
    "TAXONOMY",
    "TFIDF_C",
    "SmsModel",
    "Stacker",
    "default_sms_model",
    "feature_text",
    "fit_stacked",
    "guess_normal_label",
    "head_scores",
    "load_sms_model",
    "plain_view",
    "raw_view",
    "stratified_folds",
    "train_sms_model",
]

#: Label values read as "not fraud" (case-insensitive) when the caller does not name one.
NORMAL_LABELS = ("normal", "ham", "legit", "legitimate", "benign", "non-fraud", "nonfraud", "not_fraud",
                 "negative", "0", "false", "正常", "正常短信", "非诈骗", "普通")  # fmt: skip
#: The shipped model's classes: what an operator's SMS stream is made of. Only ``fraud`` is fraud.
NORMAL, MARKETING, FRAUD, ILLEGAL = "normal", "marketing", "fraud", "illegal"
TAXONOMY = (NORMAL, MARKETING, FRAUD, ILLEGAL)
#: Labels (besides the normal one) that are spam or service traffic but not fraud against the recipient.
NOT_FRAUD_LABELS = ("marketing", "advertise", "advertising", "advertise sms", "ad", "ads", "promotion",
                    "promo", "营销", "广告", "推广", "营销短信", "广告短信", "illegal", "违法", "非法",
                    "违法广告", "otp", "captcha", "captcha sms", "verification", "验证码",
                    "normal sms")  # fmt: skip
#: Inverse regularisation of the stacker (its inputs are standardised; chosen by cross-validation over
#: the out-of-fold scores of the training rows, see scripts/build_sms_model.py).
STACK_C = 0.1
#: Folds of the out-of-fold head scores a trained model's stacker learns from.
STACK_FOLDS = 5
#: Inverse regularisation of the TF-IDF head (its rows are L2-normalised: a weaker penalty than counts).
TFIDF_C = 10.0
#: The not-fraud labels that mean a promotion (for the marketing-called-fraud figure).
MARKETING_LABELS = ("marketing", "advertise", "advertising", "advertise sms", "ad", "ads", "promotion",
                    "promo", "营销", "广告", "推广", "营销短信", "广告短信")  # fmt: skip
DEFAULT_SPEC = HashSpec(ngram_min=1, ngram_max=3, bits=18, max_len=256)
#: The plain head: the baseline's features (char 1-3-gram TF-IDF + linear SVM, C=1, no weights) over the
#: normalised text, digits and links kept. 2^19 buckets: the baseline's vocabulary has ~140k n-grams.
PLAIN_SPEC = HashSpec(ngram_min=1, ngram_max=3, bits=19, max_len=256)
#: The plain head of a model trained with ``sms train`` is the baseline itself (``VocabTfidfModel``:
#: scikit-learn's vectoriser and vocabulary over the raw text, ``plain_view``), so the stack starts from
#: exactly the baseline's decisions: a hashed copy over the normalised text trailed the baseline by
#: 0.002-0.01 macro-F1, and one over the raw text still disagreed with it on 1-2 % of rows (collisions).
PlainHead = LinearHashModel | VocabTfidfModel
_WHITE_RUN = re.compile(r"\s\s+")

# Links are scored by the URL classifier; inside the text model they are one placeholder character, so
# that the model learns "a link here" rather than memorising domains. Digits fold to 0 for the same reason.
URL_RE = re.compile(
    r"(?:https?://|www\.)[!-~]+|(?<![a-z0-9@.-])(?:[a-z0-9-]+\.)+[a-z]{2,12}(?::\d{2,5})?(?:/[!-~]*)?"
    r"|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{2,5})?(?:/[!-~]*)?"
)
_LINK = "\ue000"
_DIGITS = str.maketrans("0123456789", "0000000000")
# Masked digits (138****1234, 1xx-xxxx, 尾号***) read as digits: senders and data sets mask numbers.
_MASK_RE = re.compile(r"(?<=\d)(?:\*|x){2,}|(?:\*|x){2,}(?=\d)|(?<=尾号)(?:\*|x)+")


def feature_text(normalised: str, has_links: bool | None = None) -> str:
    """What the n-gram model reads, from an already normalised text.

    ``has_links=False`` (the caller already looked for links) skips the link search."""
    if has_links is None:
        has_links = "." in normalised
    if has_links:
        normalised = URL_RE.sub(_LINK, normalised)
    if "*" in normalised or "xx" in normalised:
        normalised = _MASK_RE.sub("0", normalised)
    return normalised.translate(_DIGITS)


def raw_view(text: str) -> str:
    """The second view a two-view model reads: the text before normalisation (lower-cased, links and
    digits folded as in ``feature_text``). Scripts, spacing and emoji that normalisation erases are
    themselves evidence (a Traditional-character promotion, a spaced-out scam); the two views together
    beat either alone and the plain character-n-gram baseline (see docs/text.md)."""
    return feature_text(text.lower())


def plain_view(text: str) -> str:
    """What a raw-text plain head reads: the text as the baseline's vectoriser sees it."""
    return _WHITE_RUN.sub(" ", text.lower())


def guess_normal_label(labels: Sequence[str]) -> str | None:
    present = {str(x).strip().lower(): str(x) for x in labels}
    for name in NORMAL_LABELS:
        if name in present:
            return present[name]
    return None


FloatArray = npt.NDArray[np.float32]


def _log_proba(z: FloatArray) -> FloatArray:
    """Log-probabilities from a head's decision values (one column: a binary head's logit)."""
    if z.shape[1] == 1:
        col = z[:, 0].astype(np.float64)
        pair = np.stack([-np.logaddexp(0.0, col), -np.logaddexp(0.0, -col)], axis=1)
        return pair.astype(np.float32)
    shifted = z - z.max(axis=1, keepdims=True)
    out: FloatArray = (shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))).astype(np.float32)
    return out


def head_scores(
    count: LinearHashModel | None,
    tfidf: LinearHashModel,
    plain: PlainHead,
    feats: Sequence[str],
    norm: Sequence[str],
    raw: Sequence[str] | None = None,
    *,
    length: bool = False,
) -> FloatArray:
    """What the stacker reads of each message: the log-probabilities of the count head (if any) and the
    TF-IDF head, the plain head's SVM margins and (``length``) the log length. Count and TF-IDF heads read
    one hashing of ``feats``; ``raw`` is the second view of a two-view count head."""
    parts: list[FloatArray] = []
    if count is not None:
        if count.spec == tfidf.spec:
            c_dec, tf = decisions([count, tfidf], feats)
        else:
            c_dec, tf = count.decision(feats), tfidf.decision(feats)
        if raw is not None:
            c_dec = ((c_dec + count.decision([raw_view(t) for t in raw])) * 0.5).astype(np.float32)
        parts.append(_log_proba(c_dec))
    else:
        tf = tfidf.decision(feats)
    parts += [_log_proba(tf), plain.decision(norm)]
    if length:
        parts.append(np.log1p(np.fromiter(map(len, norm), dtype=np.float32, count=len(norm)))[:, None])
    out: FloatArray = np.hstack(parts).astype(np.float32)
    return out


@dataclass
class Stacker:
    """Multinomial logistic regression over the heads' scores (``head_scores``) and, for the shipped
    model, the screener's evidence (pattern library, marketing signals, links): fitted on out-of-fold
    scores of the training rows, so its weights say how far each head is to be trusted on wording it has
    not seen, and since each head is one of its inputs it can at worst learn to follow the best one."""

    classes: list[str]
    features: list[str]
    mean: FloatArray
    scale: FloatArray
    coef: FloatArray  # (n_features, n_out); one column for two classes
    bias: FloatArray  # (n_out,)

    @property
    def n_evidence(self) -> int:
        return sum(1 for f in self.features if f.startswith("evidence:"))

    def proba(self, x: FloatArray) -> FloatArray:
        # Summed by einsum's own loop, not a BLAS product: a BLAS kernel may round a row differently
        # in a batch than alone (seen on one CPU: 2e-11), and a message screened alone must get the
        # verdict it gets in a batch, to the last bit.
        z = np.einsum("ij,jk->ik", (x - self.mean) / self.scale, self.coef) + self.bias
        return np.exp(_log_proba(z.astype(np.float32))).astype(np.float32)

    def save(self, path: Path) -> None:
        path.write_text(
            json.dumps(
                {
                    "classes": self.classes,
                    "features": self.features,
                    "mean": self.mean.tolist(),
                    "scale": self.scale.tolist(),
                    "coef": self.coef.tolist(),
                    "bias": self.bias.tolist(),
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )

    @classmethod
    def load(cls, path: Path) -> Stacker:
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            stacker = cls(
                classes=[str(c) for c in d["classes"]],
                features=[str(f) for f in d["features"]],
                mean=np.asarray(d["mean"], np.float32),
                scale=np.asarray(d["scale"], np.float32),
                coef=np.asarray(d["coef"], np.float32).reshape(len(d["features"]), -1),
                bias=np.asarray(d["bias"], np.float32),
            )
        except (OSError, KeyError, ValueError, TypeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path}: not a ringfence stacker ({exc})") from exc
        if stacker.mean.shape[0] != len(stacker.features) or stacker.coef.shape[1] != stacker.bias.shape[0]:
            raise ModelError(f"{path}: stacker shapes do not match")
        return stacker


def fit_stacker(
    x: FloatArray,
    labels: Sequence[str],
    features: Sequence[str],
    *,
    c: float = 1.0,
    sample_weight: npt.NDArray[np.float64] | None = None,
    balanced: bool = True,
) -> Stacker:
    """Class-balanced (unless not ``balanced``; and ``sample_weight``-weighted) logistic regression on
    standardised stack inputs."""
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0).astype(np.float32)
    scale = (x.std(axis=0) + 1e-6).astype(np.float32)
    clf = LogisticRegression(C=c, class_weight="balanced" if balanced else None, max_iter=1000, tol=1e-6)
    clf.fit((x - mean) / scale, np.asarray(labels), sample_weight=sample_weight)
    return Stacker(
        classes=[str(k) for k in clf.classes_],
        features=list(features),
        mean=mean,
        scale=scale,
        coef=np.ascontiguousarray(clf.coef_.T.astype(np.float32)),
        bias=clf.intercept_.astype(np.float32),
    )


#: The stackers ``choose_stacker`` picks among, in order of preference: (what it reads, class-balanced,
#: C). ``as-is`` is the plain head's own decision (its margins times one fitted temperature): the
#: baseline's decision, which carries best to wording unseen in training. Row-wise folds of data made of
#: templates cannot see such wording (every stacker scores ~0.99 there, and on held-out template
#: families a stacker with equal weights on both heads lost 0.05 macro-F1 to the baseline, one refitted
#: over the plain head's margins alone up to 0.10), so a stacker over every head must measurably win.
#: Balanced weights save rare classes that the heads give away.
STACKER_CHOICES: tuple[tuple[str, bool, float], ...] = (
    ("as-is", False, 1.0),
    ("all", False, STACK_C),
    ("all", True, STACK_C),
    ("all", False, 1.0),
    ("all", True, 1.0),
)
#: How much better (cross-validated macro-F1) a later choice must be to be preferred. 0.005 with row-wise
#: folds (a smaller margin there chose stacks that lost on held-out families); with folds grouped by
#: near-duplicate clusters 0.002 lost no split against 0.005 on any evaluated set and won two more.
STACKER_TOLERANCE = 0.002


def _plain_as_is(x: FloatArray, labels: Sequence[str], features: Sequence[str]) -> Stacker:
    """The plain head's decision as a stacker: its margins times the temperature with the least log-loss."""
    cols = [i for i, f in enumerate(features) if f.startswith("plain:")]
    classes = sorted(set(labels))
    y = np.searchsorted(np.asarray(classes), np.asarray(labels))
    margins = x[:, cols].astype(np.float64)
    best_t, best_loss = 1.0, np.inf
    for t in (0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0):
        logp = _log_proba((margins * t).astype(np.float32)).astype(np.float64)
        loss = float(-logp[np.arange(len(y)), y].mean())
        if loss < best_loss - 1e-12:
            best_t, best_loss = t, loss
    coef = np.zeros((len(features), len(cols)), np.float32)
    coef[cols, np.arange(len(cols))] = best_t
    mean = np.zeros(len(features), np.float32)
    scale = np.ones(len(features), np.float32)
    return Stacker(classes, list(features), mean, scale, coef, np.zeros(len(cols), np.float32))


def _fit_choice(
    x: FloatArray, labels: Sequence[str], features: Sequence[str], choice: tuple[str, bool, float]
) -> Stacker:
    reads, balanced, c = choice
    if reads == "as-is":
        return _plain_as_is(x, labels, features)
    return fit_stacker(x, labels, features, c=c, balanced=balanced)


def _choice_name(choice: tuple[str, bool, float]) -> str:
    reads, balanced, c = choice
    if reads == "as-is":
        return "plain head as it is"
    weights = "balanced" if balanced else "unweighted"
    return f"all heads, {weights}, C={c:g}"


def choose_stacker(
    x: FloatArray,
    labels: Sequence[str],
    features: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 0,
    choices: Sequence[tuple[str, bool, float]] = STACKER_CHOICES,
    tolerance: float = STACKER_TOLERANCE,
    fold_of: npt.NDArray[np.int64] | None = None,
    rule: str = "margin",
) -> tuple[Stacker, dict[str, float]]:
    """The stacker of ``choices`` (what it reads, class-balanced?, C) with the best macro-F1
    in a cross-validation over the stack inputs ``x`` (the heads' out-of-fold scores; folds by
    ``stratified_folds``, or ``fold_of``: the folds the out-of-fold scores were made with). An earlier
    choice is kept unless a later one beats it: by more than ``tolerance`` (``rule="margin"``), or
    (``rule="paired"``) with a paired one-sided t-test over the folds' macro-F1 at 5 % (every fold
    better when the differences do not vary). Returns it fitted on all rows, with each choice's
    cross-validated macro-F1."""
    if rule not in ("margin", "paired"):
        raise ModelError(f"unknown stacker choice rule {rule!r} (margin or paired)")
    labels = [str(y) for y in labels]
    classes = sorted(set(labels))
    fold = (
        stratified_folds([str(i) for i in range(len(labels))], labels, folds, seed)
        if fold_of is None
        else np.asarray(fold_of)
    )
    y = np.asarray(labels)
    scores: dict[str, float] = {}
    best = choices[0]
    best_f1 = -1.0
    best_folds = np.full(folds, np.nan)
    for choice in choices:
        pred = y.copy()
        done = np.zeros(len(labels), bool)
        per_fold = np.full(folds, np.nan)
        for k in range(folds):
            test, train = fold == k, fold != k
            if not test.any() or len(set(y[train].tolist())) < len(classes):
                continue
            st = _fit_choice(x[train], y[train].tolist(), features, choice)
            pred[test] = np.asarray(st.classes)[st.proba(x[test]).argmax(axis=1)]
            per_fold[k] = _macro_f1(y[test], pred[test], classes)
            done |= test
        f1 = _macro_f1(y[done], pred[done], classes) if done.any() else 0.0
        scores[_choice_name(choice)] = f1
        if best_f1 < 0:
            better = True
        elif rule == "margin":
            better = f1 > best_f1 + tolerance
        else:
            better = _paired_better(per_fold - best_folds)
        if better:
            best, best_f1, best_folds = choice, f1, per_fold
    scores[f"chosen: {_choice_name(best)}"] = best_f1
    return _fit_choice(x, labels, features, best), scores


def _paired_better(diff: npt.NDArray[np.float64]) -> bool:
    """One-sided paired t-test (5 %) that the differences of per-fold macro-F1 are above 0."""
    from scipy.stats import t

    d = diff[~np.isnan(diff)]
    if len(d) < 2 or d.mean() <= 0:
        return False
    sd = float(d.std(ddof=1))
    if sd < 1e-12:
        return bool((d > 0).all())
    return float(d.mean() / (sd / np.sqrt(len(d)))) >= float(t.ppf(0.95, len(d) - 1))


def _macro_f1(y: npt.NDArray[np.str_], p: npt.NDArray[np.str_], classes: Sequence[str]) -> float:
    f1 = []
    for c in classes:
        tp = float(((y == c) & (p == c)).sum())
        denom = float((y == c).sum() + (p == c).sum())
        if (y == c).any():
            f1.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(f1)) if f1 else 0.0


def _fold(group: str, folds: int) -> int:
    return int.from_bytes(hashlib.blake2b(group.encode(), digest_size=4).digest(), "little") % folds


#: The heads a stack reads: count (or none), TF-IDF, plain.
_Heads = tuple[LinearHashModel | None, LinearHashModel, PlainHead]


@dataclass
class StackedHeads:
    count: LinearHashModel | None
    tfidf: LinearHashModel
    plain: PlainHead
    stacker: Stacker
    #: The stack inputs the stacker was fitted on (out-of-fold head scores, then the evidence).
    inputs: FloatArray | None = None


def _fit_heads(
    feats: Sequence[str],
    norm: Sequence[str],
    labels: Sequence[str],
    raw: Sequence[str] | None,
    spec: HashSpec,
    c: float,
    sample_weight: npt.NDArray[np.float64] | None,
    with_count: bool,
    plain_raw: bool = False,
) -> _Heads:
    count = None
    if with_count:
        second = [raw_view(t) for t in raw] if raw is not None else None
        count = fit_linear(feats, labels, spec, c=c, sample_weight=sample_weight, second_view=second)
    tfidf = fit_tfidf_linear(feats, labels, spec, c=TFIDF_C)
    plain: PlainHead = (
        fit_vocab_tfidf_svm(norm, labels)
        if plain_raw
        else fit_tfidf_linear(norm, labels, PLAIN_SPEC, c=1.0, svm=True)
    )
    return count, tfidf, plain


def fit_stacked(
    feats: Sequence[str],
    norm: Sequence[str],
    labels: Sequence[str],
    *,
    raw: Sequence[str] | None = None,
    spec: HashSpec = DEFAULT_SPEC,
    c: float = 20.0,
    sample_weight: npt.NDArray[np.float64] | None = None,
    groups: Sequence[str] | None = None,
    folds: int = 5,
    evidence: FloatArray | None = None,
    evidence_names: Sequence[str] = (),
    stack_weight: npt.NDArray[np.float64] | None = None,
    stack_c: float = STACK_C,
    with_count: bool = True,
    length: bool = False,
    fold_of: npt.NDArray[np.int64] | None = None,
    plain_raw: bool = False,
    stack_balanced: bool = True,
) -> StackedHeads:
    """The heads fitted on all rows and a stacker fitted on their out-of-fold scores.

    Rows are split into ``folds`` by a hash of their ``groups`` (default: each row its own group; the
    shipped model passes the template family, so a synthetic row is scored by heads that never saw its
    family, as unseen wording will be). ``evidence`` (rows x ``evidence_names``) joins the heads' scores
    as stack inputs; ``stack_weight`` weighs rows in the stacker (``sample_weight`` in the count head);
    ``stack_balanced=False`` fits the stacker without class balancing (the weights alone).
    ``with_count=False`` leaves the count head out (the TF-IDF and plain heads only).

    ``fold_of`` gives each row's fold instead (0 .. ``folds`` - 1, or -1: never scored out of fold, e.g.
    the one row of a class). Then rows without an out-of-fold score are scored by the heads fitted on all
    rows rather than left out, so the stacker sees every class however small the data.

    ``plain_raw``: ``norm`` holds ``plain_view`` renderings, and the plain head is the baseline itself
    (``fit_vocab_tfidf_svm``), as ``sms train`` fits it."""
    labels = [str(y) for y in labels]
    n = len(labels)
    if fold_of is not None:
        fold = np.asarray(fold_of)
    else:
        keys = list(groups) if groups is not None else [f"row{i}" for i in range(n)]
        fold = np.array([_fold(k, folds) for k in keys])
    oof: FloatArray | None = None

    def score(heads: _Heads, rows: list[int]) -> None:
        """The heads' scores of ``rows`` into ``oof``."""
        nonlocal oof
        part = head_scores(
            *heads,
            [feats[i] for i in rows],
            [norm[i] for i in rows],
            None if raw is None else [raw[i] for i in rows],
            length=length,
        )
        if oof is None:
            oof = np.full((n, part.shape[1]), np.nan, np.float32)
        oof[rows] = part

    for k in range(folds):
        test: list[int] = np.flatnonzero(fold == k).tolist()
        train: list[int] = np.flatnonzero(fold != k).tolist()
        if not test or len({labels[i] for i in train}) < len(set(labels)):
            continue
        heads = _fit_heads(
            [feats[i] for i in train],
            [norm[i] for i in train],
            [labels[i] for i in train],
            None if raw is None else [raw[i] for i in train],
            spec,
            c,
            None if sample_weight is None else sample_weight[train],
            with_count,
            plain_raw,
        )
        score(heads, test)
    if oof is None and fold_of is None:
        raise ModelError("stacking needs every class in the training part of some fold")
    count, tfidf, plain = _fit_heads(feats, norm, labels, raw, spec, c, sample_weight, with_count, plain_raw)
    if fold_of is not None:
        missing: list[int] = (
            list(range(n)) if oof is None else np.flatnonzero(np.isnan(oof).any(axis=1)).tolist()
        )
        if missing:
            score((count, tfidf, plain), missing)
    assert oof is not None
    names = [] if count is None else [f"count:{y}" for y in _head_cols(count)]
    names += [f"tfidf:{y}" for y in _head_cols(tfidf)]
    names += [f"plain:{y}" for y in plain.classes[-plain.weights.shape[1] :]]
    names += ["log_length"] if length else []
    x = oof
    if evidence is not None:
        x = np.hstack([oof, evidence.astype(np.float32)])
        names += [f"evidence:{e}" for e in evidence_names]
    done = ~np.isnan(x).any(axis=1)
    stacker = fit_stacker(
        x[done],
        [labels[i] for i in np.flatnonzero(done).tolist()],
        names,
        c=stack_c,
        sample_weight=None if stack_weight is None else stack_weight[done],
        balanced=stack_balanced,
    )
    return StackedHeads(count, tfidf, plain, stacker, x)


def _head_cols(head: LinearHashModel) -> list[str]:
    return head.classes if not head.binary else [f"not {head.classes[1]}", head.classes[1]]


@dataclass
class SmsModel:
    labels: LinearHashModel
    normal_label: str | None
    category: LinearHashModel | None = None
    threshold: float = 0.5
    card: str = ""
    #: The shipped model combines its score with the pattern library and sender/link checks; a model
    #: trained on a user's labels predicts from its own labels only (patterns still explain).
    combine_rules: bool = False
    meta: dict[str, object] = field(default_factory=dict)
    #: The label head reads the normalised and the raw text (two views, see ``raw_view``).
    two_view: bool = False
    #: A second label head over TF-IDF of the same n-grams (``fit_tfidf_linear``), same classes. The label
    #: probabilities are the normalised geometric mean of both heads': a stack of two views of the
    #: evidence that each fail differently (counts fit the generators' wording, IDF carries to other
    #: sources), and, reading the same normalised text, one no evasion trick can tell apart.
    tfidf: LinearHashModel | None = None
    #: The plain head (``PLAIN_SPEC``: the baseline's TF-IDF + linear SVM over the normalised text) and the
    #: stacker that weighs all heads (``Stacker``); when present, they replace the geometric mean. A stack
    #: without a count head keeps the plain head as ``labels`` too (``plain is labels``, saved once).
    plain: PlainHead | None = None
    stacker: Stacker | None = None
    #: The plain head reads ``plain_view`` of the raw text (models trained with ``sms train``), not the
    #: normalised text (the shipped model, whose heads all read the normalised text).
    plain_raw: bool = False

    @property
    def classes(self) -> list[str]:
        return self.labels.classes

    @property
    def fraud_classes(self) -> list[str]:
        """The classes that mean fraud: all but the normal label and the not-fraud spam labels."""
        skip = {x.lower() for x in NOT_FRAUD_LABELS}
        return [c for c in self.classes if c != self.normal_label and c.strip().lower() not in skip]

    def predict_proba(
        self, normalised: Sequence[str], raw: Sequence[str] | None = None
    ) -> npt.NDArray[np.float32]:
        """Label probabilities from normalised texts (and the raw texts, for a two-view model)."""
        return self.label_proba([feature_text(t) for t in normalised], raw, norm=normalised)

    def head_inputs(
        self, feats: Sequence[str], raw: Sequence[str] | None, norm: Sequence[str] | None
    ) -> npt.NDArray[np.float32]:
        """The heads' scores a stacked model's stacker reads (before the screener's evidence): the
        costly part, computed once per message even when the stacker is read twice."""
        if self.stacker is None or self.plain is None or self.tfidf is None:
            raise ModelError("only a stacked SMS model has head inputs")
        if norm is None:
            raise ModelError("a stacked SMS model needs the normalised texts too")
        if (self.two_view or self.plain_raw) and raw is None:
            raise ModelError("this SMS model reads the raw texts too")
        if self.plain_raw:
            assert raw is not None
            norm = [plain_view(t) for t in raw]
        names = self.stacker.features
        count = self.labels if any(f.startswith("count:") for f in names) else None
        return head_scores(
            count,
            self.tfidf,
            self.plain,
            feats,
            norm,
            raw if self.two_view and count is not None else None,
            length="log_length" in names,
        )

    def stacked_proba(
        self, heads: npt.NDArray[np.float32], evidence: npt.NDArray[np.float32] | None
    ) -> npt.NDArray[np.float32]:
        """Label probabilities of a stacked model from ``head_inputs`` and the screener's evidence."""
        if self.stacker is None:
            raise ModelError("only a stacked SMS model has a stacker")
        x = heads
        if self.stacker.n_evidence:
            if evidence is None or evidence.shape != (len(heads), self.stacker.n_evidence):
                raise ModelError("this SMS model's stacker reads the screener's evidence: screen with it")
            x = np.hstack([heads, evidence.astype(np.float32)])
        return self.stacker.proba(x)

    def label_proba(
        self,
        feats: Sequence[str],
        raw: Sequence[str] | None,
        *,
        norm: Sequence[str] | None = None,
        evidence: npt.NDArray[np.float32] | None = None,
    ) -> npt.NDArray[np.float32]:
        """Label probabilities from ``feature_text`` renderings (+ raw texts for a two-view model; + the
        normalised texts and, when its stacker reads them, the screener's evidence for a stacked one)."""
        if self.stacker is not None and self.plain is not None and self.tfidf is not None:
            return self.stacked_proba(self.head_inputs(feats, raw, norm), evidence)
        if self.two_view:
            if raw is None:
                raise ModelError("a two-view SMS model needs the raw texts too")
            proba = self.labels.proba(feats, second=[raw_view(t) for t in raw])
        else:
            proba = self.labels.proba(feats)
        if self.tfidf is None:
            return proba
        other = self.tfidf.proba(feats)
        log_mean = 0.5 * (np.log(np.maximum(proba, 1e-9)) + np.log(np.maximum(other, 1e-9)))
        both = np.exp(log_mean - log_mean.max(axis=1, keepdims=True))
        out: npt.NDArray[np.float32] = (both / both.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.labels.save(
            directory / "labels",
            {
                "normal_label": self.normal_label,
                "threshold": self.threshold,
                "combine_rules": self.combine_rules,
                "two_view": self.two_view,
                "labels_is_plain": self.plain is not None and self.plain is self.labels,
                "labels_is_tfidf": self.tfidf is not None and self.tfidf is self.labels,
                "plain_raw": self.plain_raw,
                **self.meta,
            },
        )
        if self.category is not None:
            self.category.save(directory / "category")
        if self.tfidf is not None and self.tfidf is not self.labels:
            self.tfidf.save(directory / "tfidf")
        if self.plain is not None and self.plain is not self.labels:
            self.plain.save(directory / "plain")
        if self.stacker is not None:
            self.stacker.save(directory / "stacker.json")
        (directory / "MODEL_CARD.md").write_text(self.card, encoding="utf-8")


def load_sms_model(directory: Path) -> SmsModel:
    if not (directory / "labels.npz").is_file():
        raise ModelError(f"{directory}: not an SMS model directory (no labels.npz)")
    try:
        header = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{directory}: unreadable labels.json ({exc})") from exc
    labels = LinearHashModel.load(directory / "labels")
    category = (
        LinearHashModel.load(directory / "category") if (directory / "category.npz").is_file() else None
    )
    tfidf = LinearHashModel.load(directory / "tfidf") if (directory / "tfidf.npz").is_file() else None
    if header.get("labels_is_tfidf"):
        tfidf = labels  # a trained stack: its label head is the TF-IDF head (saved once)
    if tfidf is not None and tfidf.classes != labels.classes:
        raise ModelError(f"{directory}: the TF-IDF head's classes differ from the label head's")
    plain: PlainHead | None = None
    if (directory / "plain.npz").is_file():
        plain = (
            VocabTfidfModel.load(directory / "plain")
            if is_vocab_model(directory / "plain")
            else LinearHashModel.load(directory / "plain")
        )
    if header.get("labels_is_plain"):
        plain = labels  # a stack without a count head: its label head is the plain head
    stacker = Stacker.load(directory / "stacker.json") if (directory / "stacker.json").is_file() else None
    for head in (plain, stacker):
        if head is not None and head.classes != labels.classes:
            raise ModelError(f"{directory}: the stacked heads' classes differ from the label head's")
    card = (
        (directory / "MODEL_CARD.md").read_text(encoding="utf-8")
        if (directory / "MODEL_CARD.md").is_file()
        else ""
    )
    normal = header.get("normal_label")
    return SmsModel(
        labels=labels,
        normal_label=None if normal is None else str(normal),
        category=category,
        threshold=float(header.get("threshold", 0.5)),
        card=card,
        combine_rules=bool(header.get("combine_rules", False)),
        two_view=bool(header.get("two_view", False)),
        tfidf=tfidf,
        plain=plain,
        stacker=stacker,
        plain_raw=bool(header.get("plain_raw", False)),
    )


_DEFAULT: SmsModel | None = None


def default_sms_model() -> SmsModel:
    """The model shipped in the package (loaded once per process)."""
    global _DEFAULT  # noqa: PLW0603  (a lazily loaded, read-only process-wide model)
    if _DEFAULT is None:
        root = resources.files("ringfence.text").joinpath("models/default")
        with resources.as_file(root) as path:
            _DEFAULT = load_sms_model(Path(path))
    return _DEFAULT


def stratified_folds(
    keys: Sequence[str], labels: Sequence[str], folds: int, seed: int = 0
) -> npt.NDArray[np.int64]:
    """Each row's fold for ``fit_stacked(fold_of=...)``: inside each label, rows ordered by a seeded hash
    of their key and dealt round-robin from a label-dependent start, so every fold holds a share of every
    label with at least ``folds`` rows and the training part of every fold holds every label with two
    rows or more. The one row of a single-row label gets -1 (always trained on, never held out)."""
    by_label: dict[str, list[tuple[bytes, int]]] = {}
    for i, (k, y) in enumerate(zip(keys, labels, strict=True)):
        h = hashlib.blake2b(f"{seed}\x00{k}\x00{i}".encode(), digest_size=8).digest()
        by_label.setdefault(str(y), []).append((h, i))
    out = np.full(len(labels), -1, np.int64)
    start = 0
    for y in sorted(by_label):
        rows = sorted(by_label[y])
        if len(rows) >= 2:
            for j, (_, i) in enumerate(rows):
                out[i] = (start + j) % folds
            start += len(rows)
    return out


def train_sms_model(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    normal_label: str | None = None,
    spec: HashSpec = DEFAULT_SPEC,
    c: float = 20.0,
    sample_weight: npt.NDArray[np.float64] | None = None,
    recipe: str = "stacked",
    with_count: bool = False,
    two_view: bool = True,
    folds: int = STACK_FOLDS,
    stack_c: float = STACK_C,
    seed: int = 0,
    choose: bool = True,
    folds_by: str = "clusters",
    choice_rule: str = "margin",
    choice_tolerance: float = STACKER_TOLERANCE,
) -> SmsModel:
    """A model over the labels found in the data.

    ``recipe="stacked"`` (the default, ``sms train``): the TF-IDF head and the plain head (the baseline's
    recipe over the normalised text; ``with_count`` adds the two-view count head) weighed by a
    class-balanced logistic stacker fitted on their out-of-fold scores (``fit_stacked``), chosen by a
    cross-validation over the same folds (``choose_stacker``). The folds (seeded by ``seed``) keep
    near-duplicate clusters whole (``folds_by="clusters"``, ``grouped_folds``) or deal rows
    (``folds_by="rows"``, ``stratified_folds``, the recipe before grouped folds). No screener evidence:
    a trained model predicts from its own labels. ``recipe="geomean"`` is the previous recipe, kept so
    that its models can be rebuilt: a count head (``two_view``: normalised and raw text) and the TF-IDF
    head, geometric mean."""
    labels = [str(x) for x in labels]
    if normal_label is None:
        normal_label = guess_normal_label(labels)
    elif normal_label not in set(labels):
        raise ModelError(f"normal label {normal_label!r} does not occur in the training labels")
    if len(set(labels)) < 2:
        raise ModelError(f"need at least two classes to train, got {sorted(set(labels))}")
    norm = [normalise(t) for t in texts]
    feats = [feature_text(t) for t in norm]
    if recipe == "geomean":
        second = [raw_view(t) for t in texts] if two_view else None
        model = fit_linear(feats, labels, spec, c=c, sample_weight=sample_weight, second_view=second)
        tfidf = fit_tfidf_linear(feats, labels, spec, c=TFIDF_C)
        return SmsModel(labels=model, normal_label=normal_label, two_view=two_view, tfidf=tfidf)
    if recipe != "stacked":
        raise ModelError(f"unknown SMS training recipe {recipe!r} (stacked or geomean)")
    k = max(2, min(folds, len(labels) // 2))
    if folds_by == "clusters":
        fold_of = grouped_folds(texts, labels, k, seed)
    elif folds_by == "rows":
        fold_of = stratified_folds(norm, labels, k, seed)
    else:
        raise ModelError(f"unknown SMS training folds {folds_by!r} (clusters or rows)")
    heads = fit_stacked(
        feats,
        [plain_view(t) for t in texts],
        labels,
        raw=list(texts) if with_count and two_view else None,
        spec=spec,
        c=c,
        sample_weight=sample_weight,
        folds=k,
        stack_c=stack_c,
        with_count=with_count,
        fold_of=fold_of,
        plain_raw=True,
    )
    stacker, choice = heads.stacker, dict[str, float]()
    if choose and heads.inputs is not None:
        stacker, choice = choose_stacker(
            heads.inputs,
            labels,
            heads.stacker.features,
            folds=k,
            seed=seed,
            fold_of=fold_of,
            rule=choice_rule,
            tolerance=choice_tolerance,
        )
    return SmsModel(
        labels=heads.count if heads.count is not None else heads.tfidf,
        normal_label=normal_label,
        two_view=heads.count is not None and two_view,
        tfidf=heads.tfidf,
        plain=heads.plain,
        stacker=stacker,
        plain_raw=True,
        meta={
            "recipe": "stacked",
            "folds": k,
            "folds_by": folds_by,
            "seed": seed,
            "stacker_cv_macro_f1": choice,
        },
    )
