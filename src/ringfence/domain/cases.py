"""Case management: statuses, comments, evidence, and verification cases dispatched to member
organisations (police, banks, other operators) with their structured answers.

Pure rules; the store keeps the rows (``Case`` is in ``domain.casework``). A case collects what is known
about a number (complaints, alerts, records), analysts comment and move it through its statuses, and a
verification question can be sent to other organisations. Their answers aggregate into the case's
outcome (``aggregate``); once there is one the case closes and the outcome becomes a label of the
number that model training and precision figures read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ringfence.errors import ConfigError

__all__ = [
    "Answer",
    "CaseLabel",
    "CaseStatus",
    "Comment",
    "Dispatch",
    "EvidenceItem",
    "EvidenceKind",
    "aggregate",
    "label_of",
    "parse_answer",
    "parse_status",
]


class CaseStatus(StrEnum):
    OPEN = "open"
    INVESTIGATING = "investigating"
    WAITING = "waiting"  # on a member organisation's answer, or on the complainant
    CLOSED = "closed"


class Answer(StrEnum):
    CONFIRMED_FRAUD = "confirmed_fraud"
    NOT_FRAUD = "not_fraud"
    UNKNOWN = "unknown"


class EvidenceKind(StrEnum):
    ALERT = "alert"  # a detection decision of the organisation
    RECORD = "record"  # a call or SMS record id the organisation stored
    NUMBER = "number"  # a related number
    COMPLAINT = "complaint"


def parse_status(value: str) -> CaseStatus:
    try:
        return CaseStatus(value)
    except ValueError as exc:
        raise ConfigError(f"unknown case status {value!r}; one of {', '.join(CaseStatus)}") from exc


def parse_answer(value: str) -> Answer:
    try:
        return Answer(value)
    except ValueError as exc:
        raise ConfigError(f"unknown answer {value!r}; one of {', '.join(Answer)}") from exc


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    org: str
    case_id: int
    author: str
    body: str
    at: datetime


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    id: int
    org: str
    case_id: int
    kind: str
    ref: str
    added_by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Dispatch:
    """A verification question about a case's number, sent to another organisation."""

    id: int
    case_id: int
    from_org: str
    to_org: str
    number: str
    question: str
    deadline: datetime
    sent_by: str
    sent_at: datetime
    answer: str | None = None
    note: str = ""
    answered_by: str | None = None
    answered_at: datetime | None = None
    escalated_at: datetime | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None

    def overdue(self, now: datetime) -> bool:
        return not self.answered and now > self.deadline

    @property
    def window(self) -> timedelta:
        return self.deadline - self.sent_at


@dataclass(frozen=True, slots=True)
class CaseLabel:
    """A number's label from a closed case: what model training and precision figures read."""

    id: int
    org: str
    number: str
    label: str  # "fraud" or "not_fraud"
    case_id: int
    at: datetime


def label_of(outcome: Answer) -> str | None:
    """The label a case's outcome gives its number (an unknown outcome gives none)."""
    return {Answer.CONFIRMED_FRAUD: "fraud", Answer.NOT_FRAUD: "not_fraud"}.get(outcome)


def aggregate(dispatches: Iterable[Dispatch], authoritative: frozenset[str]) -> Answer | None:
    """The outcome of a case's dispatches, or ``None`` while it is still open.

    * A ``confirmed_fraud`` from an authoritative organisation (police, a bank: settings
      ``case_authoritative_orgs``) decides at once: they see the victim's side.
    * Otherwise the case waits until every dispatch is answered; then the majority of the decided
      answers (confirmed vs not fraud) wins, and a tie or only ``unknown`` answers give ``unknown``.
    """
    items = list(dispatches)
    if not items:
        return None
    for d in items:
        if d.answer == Answer.CONFIRMED_FRAUD and d.to_org in authoritative:
            return Answer.CONFIRMED_FRAUD
    if not all(d.answered for d in items):
        return None
    confirmed = sum(d.answer == Answer.CONFIRMED_FRAUD for d in items)
    denied = sum(d.answer == Answer.NOT_FRAUD for d in items)
    if confirmed > denied:
        return Answer.CONFIRMED_FRAUD
    if denied > confirmed:
        return Answer.NOT_FRAUD
    return Answer.UNKNOWN
