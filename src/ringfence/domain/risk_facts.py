"""What the store knows about numbers that screening acts on, as plain facts.

Live screening (``ringfence.screening.live``) derives each organisation's ``CallerEntry`` for a number
from these facts alone: the number's disposition per organisation, the list entries naming it (every
organisation's: which of them an organisation may see is decided when deriving, from ``sharing``), the
latest detection decision per organisation, how many fraud reports name it, and whether the holder its
card is registered to is restricted for fraud by any member organisation. The store hands them
out for all numbers (the full build at start) or for a few (the numbers a change-feed batch names), so
the incremental refresh and the full rebuild read the very same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ringfence.domain.casework import ListEntry
from ringfence.intel.tags import Override, Tag

__all__ = ["DispositionFact", "HolderFact", "RiskFacts", "VerdictFact"]


@dataclass(frozen=True, slots=True)
class DispositionFact:
    """A number's disposition in one organisation (any state but ``active``: a restored number's
    restore clears the detection verdicts loaded before it)."""

    org: str
    number: str
    state: str
    reason: str = ""
    since: datetime | None = None  # when the state began


@dataclass(frozen=True, slots=True)
class VerdictFact:
    """The latest detection decision on a number in one organisation (highest id: the latest load)."""

    org: str
    number: str
    decision_id: int
    score: float
    verdict: str  # watch | warn | block
    outcome: str  # open | confirmed | dismissed
    rules: tuple[str, ...] = ()
    loaded_at: datetime | None = None  # when its run was stored


@dataclass(frozen=True, slots=True)
class HolderFact:
    """A card registered (in ``card_org``'s subscriber feed) to a holder that ``org`` restricted for
    fraud (涉诈失信): one violation, restricted everywhere the holder's cards appear."""

    number: str
    id_hash: str
    org: str  # the organisation that restricted the holder
    reason: str
    card_org: str  # the organisation whose feed registers the card to the holder


@dataclass(frozen=True, slots=True)
class RiskFacts:
    """Every fact about some numbers (or all of them), across organisations.

    ``orgs`` lists every organisation (a new one gets a view even before anything names its numbers);
    ``reports`` counts fraud reports of ``number`` kind per number, from every organisation; ``holders``
    names the cards whose registered holder is restricted somewhere; ``tags`` are the active tags of the
    global view with their evidence (what their confidence is computed from) and ``tag_overrides``
    every organisation's overrides of its own view.
    """

    orgs: tuple[str, ...] = ()
    dispositions: tuple[DispositionFact, ...] = ()
    entries: tuple[ListEntry, ...] = ()
    verdicts: tuple[VerdictFact, ...] = ()
    reports: dict[str, int] = field(default_factory=dict)
    holders: tuple[HolderFact, ...] = ()
    tags: tuple[Tag, ...] = ()
    tag_overrides: tuple[Override, ...] = ()
