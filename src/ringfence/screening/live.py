"""Live screening state: each organisation's callers, derived from the store's facts and kept current
number by number.

The store's facts (``ringfence.domain.risk_facts``) are loaded once in full; after that, every batch of
the change feed names the numbers it touched, the store hands back every fact about just those numbers,
and only their entries are derived again, in every organisation's view (a shared blacklist entry of one
organisation changes what all the others see). ``derive`` is the one definition of what a set of facts
means for an organisation, used by the full build and the incremental update alike, which is what
makes "incremental equals full rebuild" a property one can test.

What an organisation sees of a number (``derive``):

* its own disposition with a screening effect: ``disposition`` (restricted, suspended, ... bar the
  number, labelled labels it) — dispositions are never seen by other organisations;
* its own blacklist: ``blacklist``; another organisation's **shared** blacklist: ``shared_blacklist``
  (what it means is the viewer's policy, ``shared_blacklisted``); private entries of others: nothing;
* tags, its own first, else the newest shared one: ``tag``; with no such list tag, the tag of the
  global view (``ringfence.intel.tags``) with the highest confidence in its view (its overrides hide
  or pin tags) at the time of deriving: ``tag`` (the category) with ``tag_confidence``, which its
  policy compares with its threshold; with no tag at all, a number reported ``report_threshold``
  times or more (by anyone) gets ``report_label`` as its tag;
* its own latest detection decision, when it is ``warn`` or ``block``, not dismissed by an analyst
  and not loaded before the number was given service back (restored after a passed verification, or
  an appeal overturned): ``score`` and the rules as ``evidence`` — the holder proved who they are, so
  the detection that led to the disposal no longer bars them; a later run flagging it again does;
* a card registered (in any member's subscriber feed) to a holder any member restricted for fraud:
  ``restricted_holder`` (涉诈失信, flagged wherever the holder's cards appear; the viewer's policy
  says whether that labels or blocks);
* a whitelist entry it can see (own or shared) silences everything that does not come from its own
  deliberate act: shared blacklists, others' holder restrictions, tags, reports and scores (its own
  blacklist, restriction and disposition stand).

A tag's confidence decays with time, so the numbers with tags are derived again now and then
(``redecay``) even when nothing about them changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType

from ringfence.domain.access import Sharing
from ringfence.domain.casework import ListEntry, ListName, trunks_of
from ringfence.domain.decisions import Outcome, Verdict
from ringfence.domain.disposition import Effect, State, screening_effect
from ringfence.domain.risk_facts import DispositionFact, HolderFact, RiskFacts, VerdictFact
from ringfence.intel.tags import Override, Tag, effective_view
from ringfence.screening.snapshot import CallerEntry, canonical

__all__ = ["REPORT_LABEL", "REPORT_THRESHOLD", "LiveRisk", "NumberFacts", "derive", "on_do_not_call"]

REPORT_THRESHOLD = 3
REPORT_LABEL = "诈骗举报"
_SCORED = frozenset({Verdict.WARN.value, Verdict.BLOCK.value})
_CLEARED = frozenset({State.RESTORED.value, State.OVERTURNED.value})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(slots=True)
class NumberFacts:
    """Every fact about one number (all its stored spellings), across organisations."""

    dispositions: list[DispositionFact] = field(default_factory=list)
    entries: list[ListEntry] = field(default_factory=list)
    verdicts: list[VerdictFact] = field(default_factory=list)
    reports: dict[str, int] = field(default_factory=dict)  # stored spelling -> reports
    holders: list[HolderFact] = field(default_factory=list)  # restrictions of the card's holder
    tags: list[Tag] = field(default_factory=list)  # active tags of the global view
    overrides: list[Override] = field(default_factory=list)  # organisations' overrides of them

    def drop(self, raw: str) -> None:
        """Forget the facts stored under the spelling ``raw`` (they are about to be re-read)."""
        self.dispositions = [d for d in self.dispositions if d.number != raw]
        self.entries = [e for e in self.entries if e.value != raw]
        self.verdicts = [v for v in self.verdicts if v.number != raw]
        self.reports.pop(raw, None)
        self.holders = [h for h in self.holders if h.number != raw]
        self.tags = [t for t in self.tags if t.number != raw]
        self.overrides = [o for o in self.overrides if o.number != raw]

    def empty(self) -> bool:
        return not (
            self.dispositions
            or self.entries
            or self.verdicts
            or self.reports
            or self.holders
            or self.tags
            or self.overrides
        )


def derive(
    org: str | None,
    facts: NumberFacts,
    report_threshold: int = REPORT_THRESHOLD,
    report_label: str = REPORT_LABEL,
    now: datetime | None = None,
) -> CallerEntry | None:
    """What ``org`` screens a number with, given every fact about it (None: nothing applies).

    ``org`` None is the view of a caller with no organisation: shared entries only. ``now`` is the time
    tags' confidences are computed at (the epoch when not given: no decay).
    """
    disposition: str | None = None
    block = False
    cleared_at: datetime | None = None  # service given back (restored, overturned) at this time
    for d in facts.dispositions:
        if d.org == org:
            effect = screening_effect(State(d.state))
            if effect is not Effect.NONE:
                disposition, block = d.state, effect is Effect.BLOCK
            elif d.state in _CLEARED:
                cleared_at = d.since
    own_black: ListEntry | None = None
    shared_black: ListEntry | None = None
    own_tag: ListEntry | None = None
    shared_tag: ListEntry | None = None
    whitelisted = False
    trusted: frozenset[str] | None = None  # registries: own and shared entries alike
    display_name: str | None = None  # the newest trusted entry's name, its own before others'
    own_name = False
    inbound_only = marketing = False
    entries = facts.entries if len(facts.entries) < 2 else sorted(facts.entries, key=lambda x: x.id)
    for e in entries:  # the newest entry of a kind wins
        mine = e.org == org
        if not mine and e.sharing != Sharing.SHARED.value:
            continue
        if e.list_name == ListName.WHITELIST.value:
            whitelisted = True
        elif e.list_name == ListName.BLACKLIST.value:
            if mine:
                own_black = e
            else:
                shared_black = e
        elif e.list_name == ListName.TAG.value and e.label:
            if mine:
                own_tag = e
            else:
                shared_tag = e
        elif e.list_name == ListName.TRUSTED.value:
            trusted = (trusted or frozenset()) | trunks_of(e.label)
            if e.display_name and (mine or not own_name):
                display_name, own_name = e.display_name, mine
        elif e.list_name == ListName.INBOUND_ONLY.value:
            inbound_only = True
        elif e.list_name == ListName.MARKETING.value:
            marketing = True
    tagging = own_tag or shared_tag
    tag = tagging.label if tagging is not None else None
    tag_confidence: float | None = None
    if tag is None and facts.tags:
        viewed = effective_view(facts.tags, org or "", facts.overrides, now or _EPOCH)
        if viewed:
            tag, tag_confidence = viewed[0].tag.category, viewed[0].confidence
    if tag is None and sum(facts.reports.values()) >= report_threshold:
        tag = report_label
    score: float | None = None
    evidence = ""
    mine_v = [v for v in facts.verdicts if v.org == org]
    if mine_v:
        v = max(mine_v, key=lambda x: x.decision_id)
        superseded = cleared_at is not None and (v.loaded_at is None or v.loaded_at <= cleared_at)
        if v.verdict in _SCORED and v.outcome != Outcome.DISMISSED.value and not superseded:
            score, evidence = min(max(v.score, 0.0), 1.0), ";".join(v.rules)
    restricted = _restricted_holder(org, facts.holders, whitelisted)
    if whitelisted:
        tag, tag_confidence, score, evidence, shared_black = None, None, None, "", None
    registered = trusted is not None or inbound_only or marketing
    if (
        disposition is None
        and own_black is None
        and shared_black is None
        and tag is None
        and score is None
        and restricted is None
        and not registered
    ):
        return None
    return CallerEntry(
        blacklist=(own_black.reason or "blacklisted") if own_black else None,
        tag=tag,
        score=score,
        evidence=evidence,
        disposition=disposition,
        disposed_block=block,
        trusted_trunks=trusted,
        inbound_only=inbound_only,
        marketing=marketing,
        shared_blacklist=None
        if shared_black is None
        else f"{shared_black.reason or 'blacklisted'} (shared by {shared_black.org})",
        restricted_holder=restricted,
        display_name=display_name,
        tag_confidence=tag_confidence,
    )


def on_do_not_call(org: str | None, facts: NumberFacts) -> bool:
    """Whether ``org`` sees the number on a do-not-call register (its own, or a shared one)."""
    return any(
        e.list_name == ListName.DO_NOT_CALL.value and (e.org == org or e.sharing == Sharing.SHARED.value)
        for e in facts.entries
    )


def _restricted_holder(org: str | None, holders: list[HolderFact], whitelisted: bool) -> str | None:
    """Why the card's holder is restricted, as ``org`` sees it: every member's restriction counts
    (restricted everywhere), its own first; a whitelist entry ``org`` can see silences the others'
    (as it silences shared blacklists), never its own."""
    if not holders:
        return None
    ordered = sorted(holders, key=lambda h: (h.org != org, h.org, h.reason))
    if whitelisted:
        ordered = [h for h in ordered if h.org == org]
    if not ordered:
        return None
    h = ordered[0]
    return f"holder restricted for fraud by {h.org}: {h.reason or 'restricted'}"


class LiveRisk:
    """The facts by number and each organisation's derived callers, updated in place.

    Writers (``load``, ``update``, ``view`` of a new organisation) serialise on a lock; readers take a
    view's mapping without one: each entry is replaced whole, in one dict assignment.
    """

    def __init__(
        self,
        report_threshold: int = REPORT_THRESHOLD,
        report_label: str = REPORT_LABEL,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.report_threshold = report_threshold
        self.report_label = report_label
        self.clock = clock  # the time tags' confidences are derived at
        self._now = clock()
        self._lock = threading.Lock()
        self._facts: dict[str, NumberFacts] = {}  # canonical number -> facts
        # one view per organisation; the view of no organisation (shared lists only) when first asked for
        self._views: dict[str | None, dict[str, CallerEntry]] = {}
        # callees each organisation sees on a do-not-call register (updated in place, like the views)
        self._dnc: dict[str | None, set[str]] = {}

    # building -------------------------------------------------------------------------------------
    def load(self, facts: RiskFacts) -> None:
        """Replace everything with ``facts`` (the full build)."""
        with self._lock:
            self._now = self.clock()
            self._facts = {}
            self._add(facts)
            self._views = {org: {} for org in facts.orgs}
            self._dnc = {org: set() for org in facts.orgs}
            for key in self._facts:
                self._derive_all(key)

    def update(self, numbers: Iterable[str], facts: RiskFacts) -> int:
        """Every fact about ``numbers`` (stored spellings) is now ``facts``: re-derive just them in every
        view. Returns how many canonical numbers were re-derived."""
        with self._lock:
            self._now = self.clock()
            for org in facts.orgs:
                if org not in self._views:
                    self._views[org] = self._build_view(org)
                    self._dnc[org] = self._build_dnc(org)
            touched: set[str] = set()
            for raw in set(numbers):
                key = canonical(raw)
                if key is None:
                    continue
                touched.add(key)
                known = self._facts.get(key)
                if known is not None:
                    known.drop(raw)
            touched |= self._add(facts)
            for key in touched:
                known = self._facts.get(key)
                if known is not None and known.empty():
                    del self._facts[key]
                self._derive_all(key)
            return len(touched)

    def _add(self, facts: RiskFacts) -> set[str]:
        keys: set[str] = set()

        def of(raw: str) -> NumberFacts | None:
            key = canonical(raw)
            if key is None:
                return None
            keys.add(key)
            return self._facts.setdefault(key, NumberFacts())

        for d in facts.dispositions:
            if (f := of(d.number)) is not None:
                f.dispositions.append(d)
        for e in facts.entries:
            if (f := of(e.value)) is not None:
                f.entries.append(e)
        for v in facts.verdicts:
            if (f := of(v.number)) is not None:
                f.verdicts.append(v)
        for raw, n in facts.reports.items():
            if (f := of(raw)) is not None:
                f.reports[raw] = n
        for h in facts.holders:
            if (f := of(h.number)) is not None:
                f.holders.append(h)
        for t in facts.tags:
            if (f := of(t.number)) is not None:
                f.tags.append(t)
        for o in facts.tag_overrides:
            if (f := of(o.number)) is not None:
                f.overrides.append(o)
        return keys

    def redecay(self) -> int:
        """Derive every number with tags again at the clock's time (their confidence decayed since);
        how many views' entries changed."""
        with self._lock:
            self._now = self.clock()
            changed = 0
            for key, facts in list(self._facts.items()):
                if facts.tags:
                    before = [view.get(key) for view in self._views.values()]
                    self._derive_all(key)
                    after = [view.get(key) for view in self._views.values()]
                    changed += sum(b != a for b, a in zip(before, after, strict=True))
            return changed

    def _concerned(self, facts: NumberFacts) -> set[str | None] | None:
        """The views a number's facts can show in (None: every view): only the organisations the
        facts belong to, unless something about it is shared (a shared entry, enough reports)."""
        if sum(facts.reports.values()) >= self.report_threshold or facts.holders or facts.tags:
            return None  # tags are the global view: every organisation sees them
        orgs: set[str | None] = set()
        for e in facts.entries:
            if e.sharing == Sharing.SHARED.value:
                return None
            orgs.add(e.org)
        orgs.update(o.org for o in facts.overrides)
        orgs.update(d.org for d in facts.dispositions)
        orgs.update(v.org for v in facts.verdicts)
        return orgs

    def _derive_all(self, key: str) -> None:
        facts = self._facts.get(key)
        concerned = None if facts is None else self._concerned(facts)
        for org, view in self._views.items():
            entry = None
            dnc = False
            if facts is not None and (concerned is None or org in concerned):
                entry = derive(org, facts, self.report_threshold, self.report_label, self._now)
                dnc = on_do_not_call(org, facts)
            if entry is None:
                view.pop(key, None)
            else:
                view[key] = entry
            callees = self._dnc.setdefault(org, set())
            if dnc:
                callees.add(key)
            else:
                callees.discard(key)

    def _build_view(self, org: str | None) -> dict[str, CallerEntry]:
        view: dict[str, CallerEntry] = {}
        for key, facts in self._facts.items():
            entry = derive(org, facts, self.report_threshold, self.report_label, self._now)
            if entry is not None:
                view[key] = entry
        return view

    def _build_dnc(self, org: str | None) -> set[str]:
        return {key for key, facts in self._facts.items() if on_do_not_call(org, facts)}

    # reading --------------------------------------------------------------------------------------
    def callers(self, org: str | None) -> Mapping[str, CallerEntry]:
        """``org``'s callers as a read-only live mapping (a view is built on first use of an
        organisation the last load or update did not know)."""
        view = self._views.get(org)
        if view is None:
            with self._lock:
                view = self._views.get(org)
                if view is None:
                    view = self._views[org] = self._build_view(org)
                    self._dnc[org] = self._build_dnc(org)
        return MappingProxyType(view)

    def do_not_call(self, org: str | None) -> AbstractSet[str]:
        """The callees ``org`` sees on a do-not-call register, live (screening only asks membership)."""
        self.callers(org)  # builds the organisation's view and register on first use
        return _ReadOnlySet(self._dnc.setdefault(org, set()))

    def orgs(self) -> list[str | None]:
        return list(self._views)


class _ReadOnlySet(AbstractSet[str]):
    """A live, read-only view of a set the refresher updates in place."""

    __slots__ = ("_items",)

    def __init__(self, items: set[str]) -> None:
        self._items = items

    def __contains__(self, item: object) -> bool:
        return item in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)
