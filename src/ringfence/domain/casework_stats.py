"""Complaint and case figures per day or month, and the precision of detection measured against the
outcomes of verification cases. Pure: rows, first detections and the time zone are arguments.

*Confirmed-fraud precision of detections*: among numbers the organisation's detection flagged and a
closed case labelled, the share labelled ``fraud`` (a member organisation confirmed it) rather than
``not_fraud``. Unlike alert outcomes (an analyst's click), these labels come from outside the
detecting organisation, which is what makes them worth reporting next to the analysts' precision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from ringfence.domain.cases import CaseLabel, Dispatch
from ringfence.domain.casework import Case
from ringfence.domain.complaints import Complaint
from ringfence.domain.reports import Granularity, Precision, period_key

__all__ = ["CaseworkRow", "casework_table", "detection_precision"]


@dataclass(frozen=True, slots=True)
class CaseworkRow:
    period: str
    complaints: int = 0
    fast_pathed: int = 0  # complaints whose number the fast path disposed of
    cases_opened: int = 0
    cases_closed: int = 0
    dispatched: int = 0
    answered_confirmed: int = 0
    answered_not_fraud: int = 0
    answered_unknown: int = 0
    labelled_fraud: int = 0
    labelled_not_fraud: int = 0
    detected_confirmed: int = 0  # fraud labels on numbers detection had flagged before
    detected_refuted: int = 0  # not_fraud labels on such numbers

    @property
    def precision(self) -> float | None:
        judged = self.detected_confirmed + self.detected_refuted
        return self.detected_confirmed / judged if judged else None


_ANSWERS = {
    "confirmed_fraud": "answered_confirmed",
    "not_fraud": "answered_not_fraud",
    "unknown": "answered_unknown",
}


def casework_table(
    complaints: Iterable[Complaint],
    cases: Iterable[Case],
    dispatches: Iterable[Dispatch],
    labels: Iterable[CaseLabel],
    first_detected: Mapping[str, datetime],
    zone: tzinfo,
    granularity: Granularity,
    within: tuple[datetime, datetime] | None = None,
) -> list[CaseworkRow]:
    """One row per day (or month) with any activity, oldest first; ``within``: only ``[start, end)``."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def count(at: datetime | None, name: str) -> None:
        if at is None or (within is not None and not within[0] <= at < within[1]):
            return
        counts[period_key(at, zone, granularity)][name] += 1

    for c in complaints:
        count(c.received_at, "complaints")
        count(c.fast_pathed_at, "fast_pathed")
    for case in cases:
        count(case.opened_at, "cases_opened")
        count(case.closed_at, "cases_closed")
    for d in dispatches:
        count(d.sent_at, "dispatched")
        if d.answer in _ANSWERS:
            count(d.answered_at, _ANSWERS[d.answer])
    for label in labels:
        count(label.at, f"labelled_{label.label}")
        detected = first_detected.get(label.number)
        if detected is not None and detected <= label.at:
            count(label.at, "detected_confirmed" if label.label == "fraud" else "detected_refuted")
    fields = [f for f in CaseworkRow.__slots__ if f != "period"]
    return [CaseworkRow(key, **{f: counts[key][f] for f in fields}) for key in sorted(counts)]


def detection_precision(labels: Iterable[CaseLabel], first_detected: Mapping[str, datetime]) -> Precision:
    """Over every labelled number detection flagged first: fraud labels vs not_fraud labels."""
    confirmed = refuted = 0
    for label in labels:
        detected = first_detected.get(label.number)
        if detected is None or detected > label.at:
            continue
        if label.label == "fraud":
            confirmed += 1
        elif label.label == "not_fraud":
            refuted += 1
    return Precision(confirmed, refuted)
