"""Complaints from the public (12321-style): what one says, when two are the same, how urgent a
number's complaints are, and when they are enough to restrict the number at once.

Pure: reporters arrive already keyed-hashed (the service hashes them with the deployment's secret), the
signals about a number (distinct reporters, distinct organisations, the detection verdict and score)
are arguments, and so is time.

The triage score is a sum of bounded parts, each shown with its reason, so an analyst reading the
queue sees *why* a number is on top:

* ``reporters``: up to 0.45, saturating in the number of distinct reporters (``0.45·(1 − 0.6ⁿ)``): the
  third reporter adds less than the second, the hundredth almost nothing, but each one adds something.
* ``organisations``: up to 0.15 for complaints received through more than one organisation (independent
  channels are harder to orchestrate than one campaign of fake complaints).
* ``verdict``: detection already convicted the number (block 0.2, warn 0.12, watch 0.05).
* ``model``: the detection score of the number's strongest alert, times 0.2.

The total is in [0, 1] and never decreases when a reporter, an organisation, a stronger verdict or a
higher model score is added (the property tests hold it to that).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ringfence.errors import ConfigError

__all__ = [
    "Category",
    "Channel",
    "Complaint",
    "FastPathRule",
    "NewComplaint",
    "ScorePart",
    "Signals",
    "Triage",
    "dedupe_key",
    "fast_path_reason",
    "triage",
]


class Category(StrEnum):
    """The scam the complainant describes (the 12321 centre's categories, simplified)."""

    IMPERSONATION_POLICE = "impersonation_police"  # 冒充公检法
    IMPERSONATION_SERVICE = "impersonation_service"  # 冒充客服 (refunds, logistics)
    LOAN = "loan"  # 贷款
    INVESTMENT = "investment"  # 投资理财, 杀猪盘
    PART_TIME_JOB = "part_time_job"  # 刷单
    SHOPPING = "shopping"
    ROMANCE = "romance"
    HARASSMENT = "harassment"  # 骚扰 (not fraud, counted apart)
    OTHER = "other"


class Channel(StrEnum):
    CALL = "call"
    SMS = "sms"
    URL = "url"


@dataclass(frozen=True, slots=True)
class NewComplaint:
    """A complaint as the service hands it to the store (reporter already hashed and masked)."""

    org: str
    number: str
    channel: Channel
    category: Category
    reported_at: datetime
    reporter_hash: str
    reporter_masked: str
    url: str = ""
    sms_text: str = ""
    note: str = ""

    @property
    def key(self) -> str:
        return dedupe_key(self.reporter_hash, self.number, self.category)


@dataclass(frozen=True, slots=True)
class Complaint:
    id: int
    org: str
    number: str
    channel: str
    category: str
    reported_at: datetime
    received_at: datetime
    reporter_hash: str
    reporter_masked: str
    url: str
    sms_text: str
    note: str
    case_id: int | None
    score: float  # the triage score at intake
    fast_pathed_at: datetime | None = None


def dedupe_key(reporter_hash: str, number: str, category: str) -> str:
    """One complaint per reporter, number and category: the same person telling the same story twice
    (a resubmitted form, a retry) is one complaint. A different category is a different complaint."""
    raw = f"{reporter_hash}\x1f{number}\x1f{category}".encode()
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True, slots=True)
class Signals:
    """What is known about a number when its complaints are triaged."""

    reporters: int = 0  # distinct reporters, every organisation
    orgs: int = 0  # distinct organisations the complaints came through
    verdict: str | None = None  # the organisation's strongest detection verdict (block, warn, watch)
    model_score: float | None = None  # that alert's detection score, in [0, 1]


@dataclass(frozen=True, slots=True)
class ScorePart:
    name: str
    points: float
    why: str


@dataclass(frozen=True, slots=True)
class Triage:
    score: float
    parts: tuple[ScorePart, ...] = field(default_factory=tuple)

    def as_list(self) -> list[dict[str, object]]:
        return [{"name": p.name, "points": p.points, "why": p.why} for p in self.parts]


_VERDICT_POINTS = {"block": 0.2, "warn": 0.12, "watch": 0.05}


def triage(s: Signals) -> Triage:
    """The triage score of a number's complaints and its parts (see the module docstring)."""
    if s.reporters < 0 or s.orgs < 0:
        raise ConfigError("counts cannot be negative")
    reporters = 0.45 * (1 - 0.6**s.reporters)
    orgs = 0.15 * (1 - 0.5 ** max(0, s.orgs - 1))
    verdict = _VERDICT_POINTS.get(s.verdict or "", 0.0)
    model = 0.2 * min(1.0, max(0.0, s.model_score or 0.0))
    parts = (
        ScorePart("reporters", round(reporters, 4), f"{s.reporters} distinct reporter(s)"),
        ScorePart("organisations", round(orgs, 4), f"received through {s.orgs} organisation(s)"),
        ScorePart("verdict", verdict, f"detection verdict {s.verdict}" if s.verdict else "no detection"),
        ScorePart(
            "model",
            round(model, 4),
            f"detection score {s.model_score:.2f}" if s.model_score is not None else "no score",
        ),
    )
    return Triage(round(min(1.0, reporters + orgs + verdict + model), 4), parts)


@dataclass(frozen=True, slots=True)
class FastPathRule:
    """When complaints alone restrict a number pending review (settings ``complaint_fast_path_*``).

    ``min_reporters`` distinct reporters *and* a detection verdict in ``verdicts``: complaints
    corroborated by detection. ``min_reporters = 0`` switches the fast path off.
    """

    min_reporters: int = 3
    verdicts: frozenset[str] = frozenset({"block", "warn"})
    action: str = "restrict"

    def __post_init__(self) -> None:
        if self.min_reporters < 0:
            raise ConfigError("complaint fast path: min_reporters cannot be negative")
        if self.action not in ("restrict", "suspend", "label"):
            raise ConfigError("complaint fast path: action is restrict, suspend or label")

    @property
    def enabled(self) -> bool:
        return self.min_reporters > 0


def fast_path_reason(rule: FastPathRule, s: Signals) -> str | None:
    """Why the fast path applies to a number with signals ``s`` (``None``: it does not)."""
    if not rule.enabled or s.reporters < rule.min_reporters:
        return None
    if s.verdict is None or s.verdict not in rule.verdicts:
        return None
    return (
        f"complaint fast path: {s.reporters} distinct reporters and detection verdict {s.verdict}; "
        f"{rule.action} pending review"
    )
