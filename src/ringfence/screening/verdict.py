"""What screening answers: an action, the ids of the rules that led to it, and the callee's label."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Action", "Hit", "Verdict", "strongest"]


class Action(StrEnum):
    """Ordered outcomes: a call takes the strongest action any rule asked for."""

    ALLOW = "allow"
    LABEL = "label"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Action.ALLOW: 0, Action.LABEL: 1, Action.BLOCK: 2}


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule that fired: its stable id, what it asks for, the label it would show, and evidence.

    Hits that carry no call-specific evidence are built once per policy and shared, which keeps the
    decision path free of allocations for the common outcomes.
    """

    rule: str
    action: Action
    label: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision for one call. ``reasons`` are stable rule ids in rule order (``;``-joined in files).

    ``snapshot_version`` names the risk snapshot the decision was made with (None: none was available,
    or the pure ``screen`` was called without the service, which sets it).
    """

    action: Action
    reasons: tuple[str, ...] = ()
    label: str | None = None
    hits: tuple[Hit, ...] = ()
    snapshot_version: str | None = None
    display_name: str | None = None  # a trusted enterprise caller on its own trunk: the name to show

    @property
    def reasons_text(self) -> str:
        return ";".join(self.reasons)

    @classmethod
    def of(cls, hits: list[Hit]) -> Verdict:
        """Combine hits: the strongest action wins, and its first hit's label is what the callee sees.

        Allowing hits carry no label except ``unscreened``, so an allowed call shows nothing unless the
        fail-open policy says it went unscreened.
        """
        if not hits:
            return ALLOW
        top = strongest(hits)
        return cls(top.action, tuple(h.rule for h in hits), top.label, tuple(hits))


def strongest(hits: list[Hit]) -> Hit:
    """The first hit with the highest-ranked action (rule order breaks ties)."""
    best = hits[0]
    for hit in hits[1:]:
        if _RANK[hit.action] > _RANK[best.action]:
            best = hit
    return best


ALLOW = Verdict(Action.ALLOW)
