"""Screen SMS: model score, pattern library, sender checks and link verdicts combined into one verdict.

With the shipped model the final log-odds are the model's plus the pattern weights (capped), the sender
findings and the verdict on the links, so that an editable rule or a phishing link moves the verdict and
every verdict carries its reasons. A model trained on a user's labels predicts from its labels alone
(that is what its training measured); the patterns, sender checks and links still explain it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ringfence.lexical.batching import gc_paused
from ringfence.lexical.normalise import normalise
from ringfence.text.model import URL_RE, SmsModel, default_sms_model, feature_text
from ringfence.text.patterns import BENIGN, GENERIC, PatternHit, PatternLibrary, default_library
from ringfence.text.senders import check_sender
from ringfence.urls.model import UrlClassifier, UrlVerdict, default_url_classifier

__all__ = ["SmsScreener", "SmsVerdict"]

_PATTERN_CAP = (-4.0, 6.0)
_MALICIOUS_LINK = 2.0
_OFFICIAL_LINK = -1.0
_CATEGORY_VOTE = 1.0


@dataclass(frozen=True, slots=True)
class SmsVerdict:
    prediction: str
    score: float
    category: str
    is_fraud: bool | None
    reasons: tuple[str, ...]
    urls: tuple[UrlVerdict, ...]


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p.astype(np.float64), 1e-6, 1 - 1e-6)
    return np.asarray(np.log(p / (1 - p)))


class SmsScreener:
    def __init__(
        self,
        model: SmsModel | None = None,
        patterns: PatternLibrary | None = None,
        urls: UrlClassifier | None = None,
    ) -> None:
        self.model = model or default_sms_model()
        self.patterns = patterns or default_library()
        self._urls = urls

    @property
    def urls(self) -> UrlClassifier:
        if self._urls is None:
            self._urls = default_url_classifier()
        return self._urls

    def screen(
        self,
        texts: Sequence[str | None],
        senders: Sequence[str | None] | None = None,
        origins: Sequence[str | None] | None = None,
    ) -> list[SmsVerdict]:
        """One verdict per text, in input order. ``None`` texts are screened as empty."""
        if not texts:
            return []
        with gc_paused():
            return self._screen(texts, senders, origins)

    def _screen(
        self,
        texts: Sequence[str | None],
        senders: Sequence[str | None] | None,
        origins: Sequence[str | None] | None,
    ) -> list[SmsVerdict]:
        n = len(texts)
        norm = [normalise(t or "") for t in texts]
        model = self.model
        links = [URL_RE.findall(t) if "." in t else [] for t in norm]  # every link has a dot
        proba = model.labels.proba([feature_text(t, bool(ls)) for t, ls in zip(norm, links, strict=True)])
        classes = model.classes
        normal = model.normal_label
        hits = [self.patterns.match(t) for t in norm]
        flat = [u for ls in links for u in ls]
        url_verdicts = iter(self.urls.classify(flat) if flat else [])
        per_msg_urls = [tuple(next(url_verdicts) for _ in ls) for ls in links]
        findings = [
            check_sender(senders[i] if senders else None, norm[i], origins[i] if origins else None)
            for i in range(n)
        ]

        if model.combine_rules and normal is not None and len(classes) == 2:
            fraud_idx = 1 - classes.index(normal)
            z = _logit(proba[:, fraud_idx])
            for i in range(n):
                pat = sum(h.weight for h in hits[i])
                z[i] += min(max(pat, _PATTERN_CAP[0]), _PATTERN_CAP[1])
                z[i] += sum(f.weight for f in findings[i])
                if any(v.is_malicious for v in per_msg_urls[i]):
                    z[i] += _MALICIOUS_LINK
                elif per_msg_urls[i] and all(
                    any(r.startswith("official domain") for r in v.reasons) for v in per_msg_urls[i]
                ):
                    z[i] += _OFFICIAL_LINK
            score = 1.0 / (1.0 + np.exp(-z))
            is_fraud = score >= model.threshold
            predictions = [classes[fraud_idx] if f else normal for f in is_fraud]
            categories = self._categories(norm, hits, is_fraud.tolist(), normal)
            fraud_flags: list[bool | None] = [bool(f) for f in is_fraud]
        else:
            best = proba.argmax(axis=1)
            predictions = [classes[j] for j in best]
            if normal is not None:
                score = 1.0 - proba[:, classes.index(normal)]
                fraud_flags = [p != normal for p in predictions]
            else:
                score = proba.max(axis=1)
                fraud_flags = [None] * n
            categories = list(predictions)

        out = []
        for i in range(n):
            ranked = sorted(hits[i], key=lambda h: -h.weight) if len(hits[i]) > 1 else hits[i]
            reasons = [f"{h.id}: {h.note} ('{h.matched}')" for h in ranked]
            reasons += [f"{f.id}: {f.note}" for f in findings[i]]
            for v in per_msg_urls[i]:
                if v.is_malicious:
                    reasons.append(f"link {v.url} malicious ({v.score:.2f}): " + "; ".join(v.reasons[:3]))
            out.append(
                SmsVerdict(
                    predictions[i] or "",
                    float(score[i]),
                    categories[i] or "",
                    fraud_flags[i],
                    tuple(reasons),
                    per_msg_urls[i],
                )
            )
        return out

    def _categories(
        self, norm: list[str], hits: list[list[PatternHit]], is_fraud: list[bool], normal: str
    ) -> list[str]:
        head = self.model.category
        cats: list[str] = [normal] * len(norm)
        idx = [i for i, f in enumerate(is_fraud) if f]
        if not idx:
            return cats
        if head is None:
            for i in idx:
                cats[i] = "fraud"
            return cats
        proba = head.proba([feature_text(norm[i]) for i in idx])
        names = head.classes
        log_proba = np.log(np.clip(proba.astype(np.float64), 1e-9, 1.0))
        for row, i in enumerate(idx):
            # Pattern hits are evidence in log-odds, so they add to the head's log-probabilities: a scam
            # script's own wording outweighs a head that has only seen other scripts of the category.
            votes = log_proba[row].copy()
            for h in hits[i]:
                if h.category in (GENERIC, BENIGN) or h.category not in names:
                    continue
                votes[names.index(h.category)] += _CATEGORY_VOTE * h.weight
            cats[i] = names[int(votes.argmax())]
        return cats
