"""Tags with a lifecycle in memory, as ``SqlTags`` keeps them: whole immutable tags by id, each change
refused when the tag moved since it was read, one active tag per number and category."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from ringfence.adapters.memory.base import MemoryBase, Rows, locked, micros, utc
from ringfence.domain.changes import ChangeKind, feeds
from ringfence.intel.tags import Appeal, Override, StaleTagError, Tag, TagState

__all__ = ["MemoryTags"]


def _utc_or_none(at: datetime | None) -> datetime | None:
    return None if at is None else utc(at)


def _stored(tag: Tag, tag_id: int, version: int) -> Tag:
    """The tag as the database would hand it back: UTC times, its id and version."""
    return replace(
        tag,
        id=tag_id,
        version=version,
        created_at=utc(tag.created_at),
        changed_at=_utc_or_none(tag.changed_at),
        evidence=tuple(replace(e, at=utc(e.at)) for e in tag.evidence),
        appeals=tuple(
            replace(a, filed_at=utc(a.filed_at), decided_at=_utc_or_none(a.decided_at)) for a in tag.appeals
        ),
    )


class MemoryTags(MemoryBase):
    def __init__(self) -> None:
        super().__init__()
        self._tags: Rows[Tag] = Rows()
        self._overrides: dict[tuple[str, str, str], Override] = {}

    @locked
    def save_tag(
        self,
        before: Tag | None,
        after: Tag,
        org: str,
        action: str,
        detail: dict[str, Any],
        actor: str,
        at: datetime,
    ) -> Tag:
        self._require_org(org)
        self._require_org(after.owner)
        if before is None:
            if after.state is TagState.ACTIVE and any(
                x.state is TagState.ACTIVE and (x.number, x.category) == (after.number, after.category)
                for x in self._tags
            ):
                raise StaleTagError(0)
            tag_id, version = self._tags.next_id(), 1
        else:
            if before.id != after.id or after.evidence[: len(before.evidence)] != before.evidence:
                raise ValueError("a tag change must keep the tag and its evidence")
            current = self._tags.get(before.id)
            if current is None or current.version != before.version:
                raise StaleTagError(before.id)
            tag_id, version = before.id, before.version + 1
            # what SQL keeps of a change: the stored identity, the new evidence and appeals, the state
            after = replace(
                current,
                state=after.state,
                changed_at=after.changed_at,
                evidence=(*current.evidence, *after.evidence[len(before.evidence) :]),
                appeals=self._appeals(current.appeals, before.appeals, after.appeals),
            )
        stored = _stored(after, tag_id, version)
        detail = {"id": tag_id, "category": after.category, "owner": after.owner} | detail
        self._audit(org, actor, action, f"tag:{after.number}", detail, at)
        if after.owner != org:
            self._audit(after.owner, actor, action, f"tag:{after.number}", detail, at)
        if before is None:
            self._tags.add(tag_id, stored)
        else:
            self._tags.put(tag_id, stored)
        if feeds("number", after.number):
            self._record_change(org, after.number, ChangeKind.TAG.value, at)
        return stored

    @staticmethod
    def _appeals(
        current: tuple[Appeal, ...], before: tuple[Appeal, ...], after: tuple[Appeal, ...]
    ) -> tuple[Appeal, ...]:
        out = list(current)
        for i, appeal in enumerate(after):
            if i >= len(before):
                out.append(appeal)
            elif appeal != before[i]:
                out[i] = replace(
                    out[i], outcome=appeal.outcome, decided_at=appeal.decided_at, decided_by=appeal.decided_by
                )
        return tuple(out)

    @locked
    def tag(self, tag_id: int) -> Tag | None:
        return self._tags.get(tag_id)

    @locked
    def tags(
        self,
        number: str | None = None,
        states: Sequence[TagState] | None = None,
        category: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Tag]:
        found = [
            x
            for x in self._tags
            if (number is None or x.number == number)
            and (states is None or x.state in states)
            and (category is None or x.category == category)
        ]
        found.sort(key=lambda x: (micros(x.created_at), x.id), reverse=True)
        return found[offset:] if limit is None else found[offset : offset + limit]

    @locked
    def set_tag_override(self, override: Override, actor: str, at: datetime) -> None:
        o = override
        self._require_org(o.org)
        detail = {"category": o.category, "hide": o.hide, "pinned": o.pinned, "reason": o.reason}
        self._audit(o.org, actor, "tag.override", f"tag:{o.number}", detail, at)
        self._overrides[(o.org, o.number, o.category)] = o
        if feeds("number", o.number):
            self._record_change(o.org, o.number, ChangeKind.TAG.value, at)

    @locked
    def clear_tag_override(self, org: str, number: str, category: str, actor: str, at: datetime) -> bool:
        if self._overrides.pop((org, number, category), None) is None:
            return False
        self._audit(org, actor, "tag.override.clear", f"tag:{number}", {"category": category}, at)
        if feeds("number", number):
            self._record_change(org, number, ChangeKind.TAG.value, at)
        return True

    @locked
    def tag_overrides(self, org: str | None = None, number: str | None = None) -> list[Override]:
        return [
            o
            for key, o in sorted(self._overrides.items())
            if (org is None or o.org == org) and (number is None or o.number == number)
        ]

    def _tag_facts(self, wanted: set[str] | None) -> tuple[tuple[Tag, ...], tuple[Override, ...]]:
        """Active tags (without their appeals, as SQL reads them for screening) and overrides."""
        tags = tuple(
            replace(x, appeals=())
            for x in self._tags
            if x.state is TagState.ACTIVE and (wanted is None or x.number in wanted)
        )
        overrides = tuple(
            o for _k, o in sorted(self._overrides.items()) if wanted is None or o.number in wanted
        )
        return tags, overrides
