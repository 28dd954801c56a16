"""Screen SMS: model score, pattern library, sender checks and link verdicts combined into one verdict.

With the shipped model the final fraud log-odds are the model's plus the pattern weights (capped), the
sender findings and the verdict on the links, so that an editable rule or a phishing link moves the verdict
and every verdict carries its reasons. The shipped model predicts ``normal / marketing / fraud / illegal``:
marketing signals (signatures, opt-outs, prices, store events, regulated disclaimers) count *against* fraud
unless a strong scam pattern (weight >= 2.5: safe account, remote screen, refund or points lures...) or a
look-alike link also holds; a link shortener alone is weak evidence when the text reads as marketing
(brands use shorteners too). A message that is not fraud gets the likeliest of the other classes, with
the illegal-advert patterns voting for ``illegal`` and marketing patterns for ``marketing``.

A model trained on a user's labels predicts from its labels alone (that is what its training
measured); the patterns, sender checks and links still explain it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ringfence.errors import ModelError
from ringfence.lexical.batching import gc_paused
from ringfence.lexical.normalise import normalise
from ringfence.text.model import (
    FRAUD,
    ILLEGAL,
    MARKETING,
    URL_RE,
    SmsModel,
    default_sms_model,
    feature_text,
)
from ringfence.text.patterns import (
    BENIGN,
    GENERIC,
    ILLEGAL_CAT,
    MARKETING_CAT,
    PatternHit,
    PatternLibrary,
    default_library,
)
from ringfence.text.quotation import is_warning
from ringfence.text.senders import SenderFinding, check_sender
from ringfence.urls.model import UrlClassifier, UrlVerdict, default_url_classifier

__all__ = ["EVIDENCE", "SmsScreener", "SmsVerdict"]

_PATTERN_CAP = (-4.0, 6.0)
_MALICIOUS_LINK = 2.0
_OFFICIAL_LINK = -1.0
_CATEGORY_VOTE = 1.0
_MARKETING_CAP = -3.0
_QUOTED_NOTE = "scam wording set aside: an anti-fraud warning quoting the scams it names"
_STRONG = 2.5  # a scam pattern this heavy overrides the marketing evidence
_SHORTENER_IN_MARKETING = 0.5
_NOT_FRAUD_SIGNALS = (BENIGN, MARKETING_CAT, ILLEGAL_CAT)
#: The screener's evidence per message, as a stacked model's stacker reads it (``SmsScreener.evidence``):
#: the pattern log-odds the rules would add (scam + benign, marketing unless a strong scam signal holds,
#: capped), the marketing and illegal pattern weights, whether a strong scam signal holds, the links, and
#: the share of Latin letters among the letters (English and Chinese traffic get intercepts of their own, so
#: that one language's training rows do not move the other's threshold).
EVIDENCE = (
    "patterns",
    "marketing",
    "illegal",
    "strong",
    "lookalike_link",
    "shortener_link",
    "official_link",
    "latin",
)
_LATIN = re.compile(r"[a-z]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _lookalike(v: UrlVerdict) -> bool:
    """A malicious link that is more than a shortener (brand look-alike, risky TLD, IP host...). A link on
    a protected brand's own domain never is, whatever the lexical model says of its short path: brands'
    own short links (``3.cn/…``, ``dpurl.cn/…``, ``i.meituan.com/…``) are what their promotions carry."""
    return (
        v.is_malicious
        and not _on_brand_domain(v)
        and any(not r.startswith(("link shortener", "lexical model")) for r in v.reasons)
    )


def _on_brand_domain(v: UrlVerdict) -> bool:
    return any(r.startswith("official domain") for r in v.reasons)


def _suspect(v: UrlVerdict) -> bool:
    """Malicious by the URL model, unless it is only the lexical model's view of a brand's own domain (a
    brand's own shortener, ``tb.cn``, still hides where it leads: it stays suspect)."""
    if not v.is_malicious:
        return False
    return not _on_brand_domain(v) or any(r.startswith("link shortener") for r in v.reasons)


def _override_note(hits: list[PatternHit], urls: tuple[UrlVerdict, ...]) -> str:
    """Why the marketing signals listed among the reasons did not count against fraud."""
    why = [h.id for h in hits if h.weight >= _STRONG and h.category not in (*_NOT_FRAUD_SIGNALS, GENERIC)]
    why += [f"look-alike link {v.url}" for v in urls if _lookalike(v)]
    return "marketing signals set aside: a fraud pattern also holds (" + ", ".join(why) + ")"


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


def screen_evidence(
    texts: Sequence[str | None],
    patterns: PatternLibrary | None = None,
    urls: UrlClassifier | None = None,
) -> np.ndarray:
    """The ``EVIDENCE`` matrix of the texts (what a stacked model's stacker reads beside its heads), as
    the screener computes it: the stacker is fitted on exactly what screening will see."""
    norm = [normalise(t or "") for t in texts]
    _, hits, per_msg_urls = _read(norm, patterns or default_library(), urls or default_url_classifier())
    return _evidence(hits, per_msg_urls, norm)[0]


def _read(
    norm: Sequence[str], patterns: PatternLibrary, urls: UrlClassifier
) -> tuple[list[list[str]], list[list[PatternHit]], list[tuple[UrlVerdict, ...]]]:
    """What screening reads off normalised texts: their links, the pattern hits and each link's
    verdict (one URL-model call for all links)."""
    links = [URL_RE.findall(t) if "." in t else [] for t in norm]  # every link has a dot
    hits = patterns.match_messages(norm)
    flat = [u for ls in links for u in ls]
    url_verdicts = iter(urls.classify(flat) if flat else [])
    return links, hits, [tuple(next(url_verdicts) for _ in ls) for ls in links]


def _latin_share(text: str) -> float:
    """Latin letters / (Latin letters + Han characters) of a normalised text; 0 without either."""
    latin = len(_LATIN.findall(text))
    if not latin:
        return 0.0
    return latin / (latin + len(_HAN.findall(text)))


def _evidence(
    hits: list[list[PatternHit]], urls: list[tuple[UrlVerdict, ...]], norm: Sequence[str]
) -> tuple[np.ndarray, list[str]]:
    """The ``EVIDENCE`` row of every message, and for each message whose marketing signals were set
    aside the reason why (the explanation must show both sides). One pass over a message's hits sums
    each kind of signal (in the hits' order, so the sums are those of one sum per kind), and a message
    with neither hit nor link, most of them, takes the row every such message has."""
    rows: list[tuple[float, ...]] = []
    overrides: list[str] = []
    plain_marketing = max(0.0, _MARKETING_CAP)
    plain = min(max(plain_marketing, _PATTERN_CAP[0]), _PATTERN_CAP[1])
    for msg_hits, msg_urls, text in zip(hits, urls, norm, strict=True):
        if not msg_hits and not msg_urls:
            overrides.append("")
            rows.append((plain, plain_marketing, 0.0, 0.0, 0.0, 0.0, 0.0, _latin_share(text)))
            continue
        lookalike = any(_lookalike(v) for v in msg_urls)
        scam = heaviest = 0.0  # heaviest: the heaviest scam pattern but the generic ones (0 if none)
        signals = dict.fromkeys(_NOT_FRAUD_SIGNALS, 0.0)  # the weights of the other kinds, summed
        for h in msg_hits:
            if h.category in signals:
                signals[h.category] += h.weight
            else:
                scam += h.weight
                if h.category != GENERIC and h.weight > heaviest:
                    heaviest = h.weight
        benign, marketing_sum, illegal = signals[BENIGN], signals[MARKETING_CAT], signals[ILLEGAL_CAT]
        # A genuine notice's wording ("如非本人操作", "谨防诈骗") never comes with a look-alike link: with
        # one it is the disguise of a phishing text, not evidence against it.
        if lookalike:
            benign = 0.0
        quoted = scam > 0 and is_warning(text, msg_hits, [_on_brand_domain(v) for v in msg_urls])
        if quoted:  # an anti-fraud warning: its scam wording quotes the scams it names
            scam, heaviest = 0.0, 0.0
        marketing = max(marketing_sum, _MARKETING_CAP)
        # Benign wording that outweighs the scam pattern (an anti-fraud warning naming the 'safe account'
        # it warns of) makes it a quotation, not a strong signal: in training such texts are normal, and
        # a stacker that saw them as "strong" learnt that strong means normal.
        strong = lookalike or (heaviest >= _STRONG and heaviest + benign > 0)
        evidence = scam + benign + (0.0 if strong else marketing)
        overrides.append(
            _QUOTED_NOTE if quoted else _override_note(msg_hits, msg_urls) if strong and marketing < 0 else ""
        )
        shortener = not lookalike and any(_suspect(v) for v in msg_urls)
        official = not lookalike and not shortener and bool(msg_urls) and all(map(_on_brand_domain, msg_urls))
        rows.append(
            (
                min(max(evidence, _PATTERN_CAP[0]), _PATTERN_CAP[1]),
                marketing,
                illegal,
                float(strong),
                float(lookalike),
                float(shortener),
                float(official),
                _latin_share(text),
            )
        )
    out = np.array(rows, dtype=np.float32).reshape(len(rows), len(EVIDENCE))
    return out, overrides


def _stacker_columns(model: SmsModel) -> list[int] | None:
    """The ``EVIDENCE`` columns the model's stacker was fitted on, by name (None: all, in order), so that
    a stacker fitted before a column was added reads the columns it knows."""
    stacker = model.stacker
    names = (
        [f.removeprefix("evidence:") for f in stacker.features if f.startswith("evidence:")]
        if stacker
        else []
    )
    if not names or names == list(EVIDENCE):
        return None
    unknown = set(names) - set(EVIDENCE)
    if unknown:
        raise ModelError(
            f"the SMS model's stacker reads evidence this screener does not make: {sorted(unknown)}"
        )
    return [EVIDENCE.index(n) for n in names]


class SmsScreener:
    def __init__(
        self,
        model: SmsModel | None = None,
        patterns: PatternLibrary | None = None,
        urls: UrlClassifier | None = None,
    ) -> None:
        self.model = model or default_sms_model()
        self._evidence_columns = _stacker_columns(self.model)
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
        links, hits, per_msg_urls = _read(norm, self.patterns, self.urls)
        feats = [feature_text(t, bool(ls)) for t, ls in zip(norm, links, strict=True)]
        evidence, overrides = _evidence(hits, per_msg_urls, norm)
        raw = [t or "" for t in texts] if model.two_view or model.plain_raw else None
        if model.stacker is not None and model.plain is not None and model.tfidf is not None:
            heads = model.head_inputs(feats, raw, norm)
            proba = model.stacked_proba(heads, self._stacker_evidence(evidence))
            if model.stacker.n_evidence:
                proba = self._no_marketing_rescue(proba, heads, evidence)
        else:
            proba = model.label_proba(feats, raw, norm=norm, evidence=evidence)
        classes = model.classes
        normal = model.normal_label
        findings = [
            check_sender(senders[i] if senders else None, norm[i], origins[i] if origins else None)
            for i in range(n)
        ]

        if model.combine_rules and normal is not None and FRAUD in classes:
            if model.stacker is not None and model.stacker.n_evidence:
                score, predictions = self._stacked(proba, findings)
            else:
                score, predictions = self._combined(proba, evidence, findings)
            is_fraud = score >= model.threshold
            categories = self._categories(norm, hits, is_fraud.tolist(), predictions)
            fraud_flags: list[bool | None] = [bool(f) for f in is_fraud]
        else:
            best = proba.argmax(axis=1)
            predictions = [classes[j] for j in best]
            if normal is not None:
                fraud_cols = [classes.index(c) for c in model.fraud_classes]
                score = proba[:, fraud_cols].sum(axis=1)
                fraud_names = set(model.fraud_classes)
                fraud_flags = [p in fraud_names for p in predictions]
            else:
                score = proba.max(axis=1)
                fraud_flags = [None] * n
            categories = list(predictions)
            overrides = [""] * n

        out = []
        for i in range(n):
            ranked = sorted(hits[i], key=lambda h: -h.weight) if len(hits[i]) > 1 else hits[i]
            reasons = [f"{h.id}: {h.note} ('{h.matched}')" for h in ranked]
            reasons += [f"{f.id}: {f.note}" for f in findings[i]]
            if overrides[i]:
                reasons.append(overrides[i])
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

    def _stacker_evidence(self, evidence: np.ndarray) -> np.ndarray:
        cols = self._evidence_columns
        return evidence if cols is None else evidence[:, cols]

    def _no_marketing_rescue(self, proba: np.ndarray, heads: np.ndarray, evidence: np.ndarray) -> np.ndarray:
        """Marketing signals never save a scam: where a strong scam pattern or a look-alike link holds,
        the stacker's probabilities are taken with the marketing weight at 0 if that raises the fraud
        probability (a phishing text dressed as a promotion keeps its signature, prices and opt-out).
        Only the stacker is read again: the heads' scores do not depend on the evidence."""
        strong = evidence[:, EVIDENCE.index("strong")] > 0
        mkt = EVIDENCE.index("marketing")
        idx = np.flatnonzero(strong & (evidence[:, mkt] < 0))
        if not len(idx) or FRAUD not in self.model.classes:
            return proba
        sub = evidence[idx].copy()
        sub[:, mkt] = 0.0
        again = self.model.stacked_proba(heads[idx], self._stacker_evidence(sub))
        f = self.model.classes.index(FRAUD)
        better = again[:, f] > proba[idx, f]
        proba = proba.copy()
        proba[idx[better]] = again[better]
        return proba

    def _stacked(
        self, proba: np.ndarray, findings: list[list[SenderFinding]]
    ) -> tuple[np.ndarray, list[str]]:
        """Fraud probability and prediction of a stacked model, whose stacker already weighed the patterns
        and links: sender findings (never in its training rows) add their log-odds to its fraud odds."""
        classes = self.model.classes
        fraud_idx = classes.index(FRAUD)
        z = _logit(proba[:, fraud_idx]) + np.array([sum(f.weight for f in fs) for fs in findings])
        others = [j for j in range(len(classes)) if j != fraud_idx]
        best = proba[:, others].argmax(axis=1)
        score = 1.0 / (1.0 + np.exp(-z))
        final = [
            FRAUD if s >= self.model.threshold else classes[others[int(b)]]
            for s, b in zip(score, best, strict=True)
        ]
        return score, final

    def _combined(
        self, proba: np.ndarray, evidence: np.ndarray, findings: list[list[SenderFinding]]
    ) -> tuple[np.ndarray, list[str]]:
        """Fraud probability after evidence (hand-set rules over the model's probabilities) and the
        prediction of every message."""
        classes = self.model.classes
        fraud_idx = classes.index(FRAUD)
        z = _logit(proba[:, fraud_idx])
        others = [j for j in range(len(classes)) if j != fraud_idx]
        log_other = np.log(np.clip(proba[:, others].astype(np.float64), 1e-9, 1.0))
        mkt = others.index(classes.index(MARKETING)) if MARKETING in classes else None
        ill = others.index(classes.index(ILLEGAL)) if ILLEGAL in classes else None
        predictions: list[str] = []
        for i in range(len(z)):
            patterns, marketing, illegal, _, lookalike, shortener, official = evidence[i].tolist()
            z[i] += patterns
            z[i] += sum(f.weight for f in findings[i])
            if lookalike:
                z[i] += _MALICIOUS_LINK
            elif shortener:
                z[i] += _SHORTENER_IN_MARKETING if marketing < 0 else _MALICIOUS_LINK
            elif official:
                z[i] += _OFFICIAL_LINK
            votes = log_other[i].copy()
            if mkt is not None:
                votes[mkt] -= _CATEGORY_VOTE * marketing
            if ill is not None:
                votes[ill] += _CATEGORY_VOTE * illegal
            predictions.append(classes[others[int(votes.argmax())]])
        score = 1.0 / (1.0 + np.exp(-z))
        final = [FRAUD if s >= self.model.threshold else p for s, p in zip(score, predictions, strict=True)]
        return score, final

    def _categories(
        self, norm: list[str], hits: list[list[PatternHit]], is_fraud: list[bool], predictions: list[str]
    ) -> list[str]:
        """Scam category of fraud messages (category head + pattern votes); the prediction otherwise."""
        head = self.model.category
        cats: list[str] = list(predictions)
        idx = [i for i, f in enumerate(is_fraud) if f]
        if not idx:
            return cats
        if head is None:
            for i in idx:
                cats[i] = FRAUD
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
