"""Screening policy as data: what each rule does, the label text, thresholds and the failure mode.

Operators tune screening by editing a policy file (JSON), not code, and every verdict can be traced
to the policy version that produced it. The defaults follow national practice: calls from the
international gateway presenting domestic numbers are intercepted, genuine international calls are
shown as 境外来电, irregular numbers are intercepted at the gateway and labelled inside the country.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from ringfence.errors import ConfigError
from ringfence.screening.verdict import Action

__all__ = ["FailMode", "Outcome", "Policy"]


class FailMode(StrEnum):
    """What happens when a configured snapshot is missing or stale."""

    OPEN = "open"  # allow, labelled ``unscreened``: a broken refresh must not cut a country's calls
    CLOSED = "closed"  # block: for deployments where an unscreened call is worse than no call


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a rule does when it fires, and the label text the callee sees."""

    action: Action
    label: str | None = None


def _o(action: Action, label: str | None) -> Outcome:
    return Outcome(action, label)


_BLOCK, _LABEL, _ALLOW = Action.BLOCK, Action.LABEL, Action.ALLOW


@dataclass(frozen=True, slots=True)
class Policy:
    """Every knob of screening. Field names are the keys of a policy file."""

    version: str = "builtin-1"
    # numbering-plan rules (always on, even with no snapshot)
    spoofed_official: Outcome = field(default_factory=lambda: _o(_BLOCK, "疑似改号"))
    spoofed_domestic: Outcome = field(default_factory=lambda: _o(_BLOCK, "疑似改号"))
    irregular_international: Outcome = field(default_factory=lambda: _o(_BLOCK, "号码不规范"))
    irregular_domestic: Outcome = field(default_factory=lambda: _o(_LABEL, "号码不规范"))
    international: Outcome = field(default_factory=lambda: _o(_LABEL, "境外来电"))
    unattested_official: Outcome = field(default_factory=lambda: _o(_LABEL, "疑似改号"))
    wangiri: Outcome = field(default_factory=lambda: _o(_LABEL, "响一声"))
    wangiri_window_s: float = 600.0
    wangiri_callees: int = 20
    roaming_exemption: bool = True
    # snapshot rules
    inbound_only: Outcome = field(default_factory=lambda: _o(_BLOCK, "疑似改号"))
    trusted_wrong_trunk: Outcome = field(default_factory=lambda: _o(_BLOCK, "疑似改号"))
    blacklisted: Outcome = field(default_factory=lambda: _o(_BLOCK, "疑似诈骗"))
    # another organisation's shared blacklist (一处违规、处处受限): each member decides what it means
    shared_blacklisted: Outcome = field(default_factory=lambda: _o(_BLOCK, "疑似诈骗"))
    # the organisation's own disposition: restricted/suspended block, labelled labels; this is the text
    disposed_label: str = "疑似诈骗"
    tagged: Outcome = field(default_factory=lambda: _o(_LABEL, None))  # label: the tag's own text
    # a tag of the global view counts once its confidence in the organisation's view reaches this
    # (one operator's report gives about 0.19, one confirmed case about 0.21, a user report 0.09)
    tag_min_confidence: float = 0.15
    # a card registered to a holder some member restricted for fraud (涉诈失信): labelled by default,
    # since the card itself may not be the one used; a member may block instead
    restricted_holder: Outcome = field(default_factory=lambda: _o(_LABEL, "涉诈失信"))
    do_not_call: Outcome = field(default_factory=lambda: _o(_BLOCK, "营销电话"))
    high_risk_label: str = "疑似诈骗"
    score_label: float = 0.5
    score_block: float = 0.9
    # protected callees (the elderly): the same scores, stricter thresholds
    protected_score_label: float = 0.3
    protected_score_block: float = 0.7
    # snapshot availability
    fail_mode: FailMode = FailMode.OPEN
    unscreened_label: str = "unscreened"
    max_snapshot_age_s: float | None = 86_400.0

    def __post_init__(self) -> None:
        for name in (
            "score_label",
            "score_block",
            "protected_score_label",
            "protected_score_block",
            "tag_min_confidence",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"policy {name} must be in [0, 1], got {value}")
        if self.score_label > self.score_block:
            raise ConfigError("policy score_label must not exceed score_block")
        if self.protected_score_label > self.protected_score_block:
            raise ConfigError("policy protected_score_label must not exceed protected_score_block")
        if self.wangiri_callees < 1 or self.wangiri_window_s <= 0:
            raise ConfigError("policy wangiri_callees must be >= 1 and wangiri_window_s > 0")
        if self.max_snapshot_age_s is not None and self.max_snapshot_age_s <= 0:
            raise ConfigError("policy max_snapshot_age_s must be positive (or null for no limit)")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Policy:
        """A policy from a parsed file: unknown keys and bad values are a ``ConfigError``.

        An outcome is written ``"block"`` or ``{"action": "label", "label": "疑似诈骗"}``; omitted keys
        keep their defaults, so a policy file only states what it changes.
        """
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ConfigError(f"unknown policy key(s): {', '.join(unknown)}")
        base = cls()
        changes: dict[str, Any] = {}
        for key, value in data.items():
            current = getattr(base, key)
            try:
                if isinstance(current, Outcome):
                    changes[key] = _outcome(value, current)
                elif key == "fail_mode":
                    changes[key] = FailMode(str(value))
                elif key == "max_snapshot_age_s":
                    changes[key] = None if value is None else float(value)
                elif isinstance(current, bool):
                    if not isinstance(value, bool):
                        raise TypeError("expected true or false")
                    changes[key] = value
                elif isinstance(current, int):
                    changes[key] = int(value)
                elif isinstance(current, float):
                    changes[key] = float(value)
                else:
                    changes[key] = str(value)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"policy {key}: invalid value {value!r} ({exc})") from exc
        return replace(base, **changes)


def _outcome(value: Any, default: Outcome) -> Outcome:
    if isinstance(value, str):
        return Outcome(Action(value), default.label)
    if isinstance(value, Mapping):
        extra = set(value) - {"action", "label"}
        if extra:
            raise ValueError(f"unknown outcome key(s) {sorted(extra)}")
        action = Action(value.get("action", default.action))
        label = value.get("label", default.label)
        return Outcome(action, None if label is None else str(label))
    raise TypeError("expected an action string or {action, label}")
