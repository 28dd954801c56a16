"""Use cases of tags with a lifecycle: evidence, delisting, appeals, overrides, the views.

The rules are the domain's (``ringfence.intel.tags``); this module checks who may do what, reads the
tag, applies the rule with the platform's time and stores the result (audited by the store). A change
computed from a tag that moved meanwhile is computed again from a fresh read, a few times at most.

Who may do what: adding evidence to an existing tag needs ``edit_lists``; starting a tag puts it in
every organisation's view, so it needs ``share_lists`` too. Only the owner delists its tag or decides
its appeals (``dispose``); any organisation may file an appeal (``triage``), dispute the tag with
evidence, or override it for its own view (``edit_lists``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ringfence.domain.access import AccessDeniedError, NotFoundError, Permission, Principal, require
from ringfence.domain.casework import EntryKind
from ringfence.domain.numbers import NumberKind, classify
from ringfence.errors import ConfigError, ConflictError
from ringfence.intel import tags as rules
from ringfence.intel.tags import (
    AppealOutcome,
    Evidence,
    Override,
    SourceKind,
    StaleTagError,
    Stance,
    Tag,
    TagState,
    Viewed,
)
from ringfence.ports.store import HolderStore, TagStore
from ringfence.services.casework import canonical_value

__all__ = [
    "TagView",
    "add_evidence",
    "clear_override",
    "decide",
    "delist",
    "file_appeal",
    "global_view",
    "one_tag",
    "org_view",
    "overrides",
    "set_override",
]

_TRIES = 3
MAX_CATEGORY = 64


class _Store(TagStore, HolderStore, Protocol):
    pass


@dataclass(frozen=True, slots=True)
class TagView:
    """A tag as one organisation sees it at a time: its confidence in the global view and in the
    organisation's own (an override pins or hides it there)."""

    tag: Tag
    confidence: float
    seen: float | None  # in the viewer's view: None when the viewer hides it
    override: Override | None


def _number(value: str) -> str:
    """Tags name numbers a call can present: the canonical form, or a clear error."""
    number = canonical_value(EntryKind.NUMBER, value)
    if classify(number).kind is NumberKind.IRREGULAR:
        raise ConfigError(f"{value.strip()!r} is not a phone number a call could present")
    return number


def _category(value: str) -> str:
    category = value.strip()
    if not category or len(category) > MAX_CATEGORY:
        raise ConfigError(f"a tag category is 1 to {MAX_CATEGORY} characters")
    return category


def _retry(change: Callable[[], Tag]) -> Tag:
    for attempt in range(_TRIES):
        try:
            return change()
        except StaleTagError:
            if attempt == _TRIES - 1:
                raise
    raise AssertionError("unreachable")


def _get(store: TagStore, tag_id: int) -> Tag:
    tag = store.tag(tag_id)
    if tag is None:
        raise NotFoundError(f"no tag {tag_id}")
    return tag


def add_evidence(
    store: _Store,
    who: Principal,
    number: str,
    category: str,
    kind: SourceKind,
    stance: Stance,
    at: datetime,
    source: str = "",
    note: str = "",
) -> tuple[Tag, bool]:
    """Add evidence to the number's active tag of ``category``, starting the tag (``who.org``'s) when
    there is none; ``(the tag as stored, whether it was started)``. Nothing to dispute is a conflict."""
    require(who, Permission.EDIT_LISTS)
    number, category = _number(number), _category(category)
    evidence = Evidence(source.strip() or who.org, kind, stance, at, note.strip())
    detail = {"kind": kind.value, "stance": stance.value, "source": evidence.source}
    started = False

    def change() -> Tag:
        nonlocal started
        active = store.tags(number, [TagState.ACTIVE], category)
        if active:
            return store.save_tag(
                active[0],
                rules.add_evidence(active[0], evidence),
                who.org,
                "tag.evidence",
                detail,
                who.actor,
                at,
            )
        if stance is Stance.DISPUTES:
            raise ConflictError(f"{number} has no active {category!r} tag to dispute")
        require(who, Permission.SHARE_LISTS)
        fresh = Tag(number, category, who.org, at, holder=store.holder_of(who.org, number))
        started = True
        return store.save_tag(
            None, rules.add_evidence(fresh, evidence), who.org, "tag.create", detail, who.actor, at
        )

    tag = _retry(change)
    return tag, started


def delist(store: TagStore, who: Principal, tag_id: int, reason: str, at: datetime) -> Tag:
    require(who, Permission.EDIT_LISTS)

    def change() -> Tag:
        tag = _get(store, tag_id)
        if tag.owner != who.org:
            raise AccessDeniedError("only the organisation holding a tag delists it; dispute or override it")
        if tag.state is not TagState.ACTIVE:
            raise ConflictError(f"tag {tag_id} is {tag.state.value} already", {"state": tag.state.value})
        return store.save_tag(
            tag, rules.delist(tag, at), who.org, "tag.delist", {"reason": reason.strip()}, who.actor, at
        )

    return _retry(change)


def file_appeal(store: TagStore, who: Principal, tag_id: int, by: str, grounds: str, at: datetime) -> Tag:
    """An appeal on behalf of the holder (``by`` names who appeals), heard by the tag's owner."""
    require(who, Permission.TRIAGE)
    if not grounds.strip():
        raise ConfigError("an appeal needs its grounds")

    def change() -> Tag:
        tag = _get(store, tag_id)
        if tag.state is not TagState.ACTIVE:
            raise ConflictError(f"tag {tag_id} is {tag.state.value}: nothing to appeal")
        if any(a.outcome is AppealOutcome.PENDING for a in tag.appeals):
            raise ConflictError(f"tag {tag_id} has an appeal pending")
        after = rules.appeal(tag, by.strip() or who.actor, grounds.strip(), at)
        return store.save_tag(tag, after, who.org, "tag.appeal", {"by": by.strip()}, who.actor, at)

    return _retry(change)


def decide(
    store: TagStore, who: Principal, tag_id: int, outcome: AppealOutcome, note: str, at: datetime
) -> Tag:
    """Decide the tag's pending appeal: ``upheld`` keeps the tag, ``overturned`` delists it."""
    require(who, Permission.DISPOSE)

    def change() -> Tag:
        tag = _get(store, tag_id)
        if tag.owner != who.org:
            raise AccessDeniedError("only the organisation holding a tag decides its appeals")
        try:
            after = rules.decide_appeal(tag, outcome, who.actor, at)
        except ValueError as exc:
            raise ConflictError(f"tag {tag_id}: {exc}") from exc
        detail = {"outcome": outcome.value, "note": note.strip()}
        return store.save_tag(tag, after, who.org, "tag.decide", detail, who.actor, at)

    return _retry(change)


def set_override(
    store: TagStore,
    who: Principal,
    number: str,
    category: str,
    at: datetime,
    hide: bool = False,
    pinned: float | None = None,
    reason: str = "",
) -> Override:
    """``who.org`` hides the number's tag of ``category`` from its own view, or pins its confidence
    there (``pinned`` 1.0 forces it); exactly one of the two."""
    require(who, Permission.EDIT_LISTS)
    if hide == (pinned is not None):
        raise ConfigError("an override either hides the tag or pins its confidence, not both or neither")
    if pinned is not None and not 0.0 < pinned <= 1.0:
        raise ConfigError("a pinned confidence is in (0, 1]")
    o = Override(who.org, _number(number), _category(category), hide, pinned, reason.strip())
    store.set_tag_override(o, who.actor, at)
    return o


def overrides(store: TagStore, who: Principal) -> list[Override]:
    require(who, Permission.VIEW)
    return store.tag_overrides(who.org)


def clear_override(store: TagStore, who: Principal, number: str, category: str, at: datetime) -> None:
    require(who, Permission.EDIT_LISTS)
    n, c = _number(number), _category(category)
    if not store.clear_tag_override(who.org, n, c, who.actor, at):
        raise NotFoundError(f"no override of {n} {c!r} in {who.org}")


def _views(store: TagStore, who: Principal, tags: list[Tag], now: datetime) -> list[TagView]:
    mine = {(o.number, o.category): o for o in store.tag_overrides(who.org)}
    seen = {v.tag.id: v for v in rules.effective_view(tags, who.org, mine.values(), now)}
    out = []
    for tag in tags:
        v: Viewed | None = seen.get(tag.id)
        out.append(
            TagView(
                tag,
                rules.confidence(tag, now),
                None if v is None else v.confidence,
                mine.get((tag.number, tag.category)),
            )
        )
    return out


def org_view(
    store: TagStore,
    who: Principal,
    now: datetime,
    number: str | None = None,
    min_confidence: float = 0.0,
    limit: int = 100,
    offset: int = 0,
) -> list[TagView]:
    """The active tags as ``who.org`` sees them now (its overrides applied, hidden ones left out),
    at or above ``min_confidence`` there, highest first."""
    require(who, Permission.VIEW)
    n = None if number is None else _number(number)
    views = _views(store, who, store.tags(n, [TagState.ACTIVE]), now)
    kept = [v for v in views if v.seen is not None and v.seen >= min_confidence]
    kept.sort(key=lambda v: (-(v.seen or 0.0), v.tag.number, v.tag.category, v.tag.id))
    return kept[offset : offset + limit]


def global_view(
    store: TagStore,
    who: Principal,
    now: datetime,
    number: str | None = None,
    states: list[TagState] | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[TagView]:
    """Every organisation's tags (active ones unless ``states`` says otherwise), newest first, with
    the confidence of the global view and of the viewer's own."""
    require(who, Permission.VIEW)
    n = None if number is None else _number(number)
    tags = store.tags(n, states or [TagState.ACTIVE], limit=limit, offset=offset)
    return _views(store, who, tags, now)


def one_tag(store: TagStore, who: Principal, tag_id: int, now: datetime) -> TagView:
    require(who, Permission.VIEW)
    return _views(store, who, [_get(store, tag_id)], now)[0]
