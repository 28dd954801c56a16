"""Tags on numbers with a lifecycle: evidence from sources of known reliability, a confidence that
decays, delisting, recycling when a number is re-issued, appeals, and per-organisation overrides.

Pure functions over immutable values, time passed in, so every rule can be tested exhaustively.

Confidence is the Wilson lower bound (z = 1.96) of the share of confirming evidence, where each piece
of evidence counts with its source's reliability (a confirmed case 1.0, an operator 0.9, detection
0.8, a tagging company 0.7, a user report 0.4) times ``0.5 ** (age / half_life)``. So one user report
gives little confidence and a confirmed case much; confirmations raise it, disputes lower it, and
evidence nobody renews fades: as weights shrink the bound falls towards 0 even when the share of
confirmations stays the same. Each source counts once per kind and stance, with its newest report: a
source repeating itself renews its evidence, it does not become a second witness. A delisted, recycled
or successfully appealed tag has confidence 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from ringfence.errors import ConflictError

__all__ = [
    "RELIABILITY",
    "Appeal",
    "AppealOutcome",
    "Evidence",
    "Override",
    "SourceKind",
    "StaleTagError",
    "Stance",
    "Tag",
    "TagState",
    "Viewed",
    "add_evidence",
    "appeal",
    "confidence",
    "decide_appeal",
    "delist",
    "effective_view",
    "recycle",
    "wilson_lower_bound",
]

Z = 1.96
HALF_LIFE = timedelta(days=90)


class StaleTagError(ConflictError):
    """The tag changed between reading it and storing a change computed from it."""

    def __init__(self, tag_id: int) -> None:
        super().__init__(f"tag {tag_id} changed meanwhile; read it again and retry")


class SourceKind(StrEnum):
    OPERATOR = "operator"
    TAGGING_COMPANY = "tagging_company"
    USER_REPORT = "user_report"
    DETECTION = "detection"
    CONFIRMED_CASE = "confirmed_case"


RELIABILITY: Mapping[SourceKind, float] = {
    SourceKind.CONFIRMED_CASE: 1.0,
    SourceKind.OPERATOR: 0.9,
    SourceKind.DETECTION: 0.8,
    SourceKind.TAGGING_COMPANY: 0.7,
    SourceKind.USER_REPORT: 0.4,
}


class Stance(StrEnum):
    CONFIRMS = "confirms"
    DISPUTES = "disputes"


class TagState(StrEnum):
    ACTIVE = "active"
    DELISTED = "delisted"  # taken off by its owner or after a successful appeal
    RECYCLED = "recycled"  # the number went to a new holder: the old holder's tags do not follow it


class AppealOutcome(StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"  # the tag stands
    OVERTURNED = "overturned"  # the tag goes


@dataclass(frozen=True, slots=True)
class Evidence:
    source: str  # who: an organisation, a tagging company, a reporter's key
    kind: SourceKind
    stance: Stance
    at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class Appeal:
    filed_at: datetime
    by: str
    grounds: str
    outcome: AppealOutcome = AppealOutcome.PENDING
    decided_at: datetime | None = None
    decided_by: str | None = None


@dataclass(frozen=True, slots=True)
class Tag:
    number: str
    category: str  # e.g. fraud, harassment, telemarketing, impersonation
    owner: str  # the organisation that holds the tag in the global view
    created_at: datetime
    evidence: tuple[Evidence, ...] = ()
    holder: str | None = None  # id_hash of the holder when the tag was made, if known
    state: TagState = TagState.ACTIVE
    changed_at: datetime | None = None
    appeals: tuple[Appeal, ...] = ()
    id: int = 0  # the store's id (0: not stored yet)
    version: int = 0  # bumped by every stored change: a change computed from an old read is refused


@dataclass(frozen=True, slots=True)
class Override:
    """One organisation's own decision on a tag of the global view: hide it, or pin a confidence."""

    org: str
    number: str
    category: str
    hide: bool = False
    pinned: float | None = None
    reason: str = ""


def wilson_lower_bound(positive: float, total: float, z: float = Z) -> float:
    """Lower bound of the Wilson score interval of ``positive / total`` (weights may be fractional);
    0 with no evidence (or so little that it is none: below 1e-9 the formula's terms overflow)."""
    if total < 1e-9:
        return 0.0
    p = min(max(positive / total, 0.0), 1.0)
    z2 = z * z
    centre = p + z2 / (2 * total)
    spread = z * math.sqrt(max(p * (1 - p) / total + z2 / (4 * total * total), 0.0))
    return max(0.0, (centre - spread) / (1 + z2 / total))


def _weight(
    e: Evidence, now: datetime, half_life: timedelta, reliability: Mapping[SourceKind, float]
) -> float:
    age = max((now - e.at) / half_life, 0.0)  # evidence from the future counts as fresh
    return float(reliability[e.kind] * 0.5**age)


def _latest_per_source(evidence: Iterable[Evidence]) -> list[Evidence]:
    """One piece of evidence per source, kind and stance: the newest. A source repeating itself (the
    same reporter twice, an organisation re-sending its confirmation) renews its evidence but is not a
    second witness; distinct sources — different reporters, different organisations — each count."""
    latest: dict[tuple[str, SourceKind, Stance], Evidence] = {}
    for e in evidence:
        key = (e.source, e.kind, e.stance)
        if key not in latest or e.at > latest[key].at:
            latest[key] = e
    return list(latest.values())


def confidence(
    tag: Tag,
    now: datetime,
    half_life: timedelta = HALF_LIFE,
    reliability: Mapping[SourceKind, float] = RELIABILITY,
) -> float:
    if tag.state is not TagState.ACTIVE:
        return 0.0
    if any(a.outcome is AppealOutcome.OVERTURNED for a in tag.appeals):
        return 0.0
    pos = neg = 0.0
    for e in _latest_per_source(tag.evidence):
        w = _weight(e, now, half_life, reliability)
        if e.stance is Stance.CONFIRMS:
            pos += w
        else:
            neg += w
    return wilson_lower_bound(pos, pos + neg)


def add_evidence(tag: Tag, evidence: Evidence) -> Tag:
    return replace(tag, evidence=(*tag.evidence, evidence))


def delist(tag: Tag, at: datetime) -> Tag:
    return replace(tag, state=TagState.DELISTED, changed_at=at)


def appeal(tag: Tag, by: str, grounds: str, at: datetime) -> Tag:
    return replace(tag, appeals=(*tag.appeals, Appeal(at, by, grounds)))


def decide_appeal(tag: Tag, outcome: AppealOutcome, by: str, at: datetime) -> Tag:
    """Decide the pending appeal; an overturned tag is delisted."""
    pending = [i for i, a in enumerate(tag.appeals) if a.outcome is AppealOutcome.PENDING]
    if not pending or outcome is AppealOutcome.PENDING:
        raise ValueError("no pending appeal to decide, or no decision given")
    i = pending[0]
    appeals = list(tag.appeals)
    appeals[i] = replace(appeals[i], outcome=outcome, decided_at=at, decided_by=by)
    out = replace(tag, appeals=tuple(appeals))
    return delist(out, at) if outcome is AppealOutcome.OVERTURNED else out


def recycle(tags: Iterable[Tag], number: str, new_holder: str | None, at: datetime) -> list[Tag]:
    """A subscriber feed gave ``number`` to ``new_holder`` at ``at``: every active tag on the number
    made before then (the old holder's) is recycled. Tags made after the re-issue stay."""
    out = []
    for tag in tags:
        if (
            tag.number == number
            and tag.state is TagState.ACTIVE
            and tag.created_at <= at
            and tag.holder != new_holder
        ):
            tag = replace(tag, state=TagState.RECYCLED, changed_at=at)
        out.append(tag)
    return out


@dataclass(frozen=True, slots=True)
class Viewed:
    tag: Tag
    confidence: float
    overridden: bool = False


def effective_view(
    tags: Iterable[Tag],
    org: str,
    overrides: Iterable[Override],
    now: datetime,
    threshold: float = 0.0,
) -> list[Viewed]:
    """The global view as ``org`` sees it: every active tag with its confidence, minus those ``org``
    hides, with the confidences ``org`` pinned; only tags at or above ``threshold``."""
    mine = {(o.number, o.category): o for o in overrides if o.org == org}
    out = []
    for tag in tags:
        if tag.state is not TagState.ACTIVE:
            continue
        o = mine.get((tag.number, tag.category))
        if o is not None and o.hide:
            continue
        value = o.pinned if o is not None and o.pinned is not None else confidence(tag, now)
        if value >= threshold and value > 0:
            out.append(Viewed(tag, value, o is not None))
    return sorted(out, key=lambda v: (-v.confidence, v.tag.number, v.tag.category))
