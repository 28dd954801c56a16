"""Tags with a lifecycle on SQL: the domain computes each change (``ringfence.intel.tags``), this
module stores the difference between the tag as read and as changed.

A change is refused when the tag's ``version`` moved since it was read (an ``UPDATE … WHERE version``
that touched no row), and a second active tag of a number and category by the partial unique index:
both surface as ``StaleTagError`` and the service reads again. Every write appends its audit entries
and the number's risk change in the same transaction, so screening hears of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import new_id
from ringfence.adapters.sql.changes import SqlRiskChanges
from ringfence.adapters.sql.tag_rows import load_tags, override_of, overrides_query
from ringfence.domain.changes import ChangeKind, feeds
from ringfence.intel.tags import Appeal, Override, StaleTagError, Tag, TagState

__all__ = ["SqlTags"]


def tag_target(tag: Tag) -> str:
    """How the audit log names a tag (its number, so a number's audit trail finds it)."""
    return f"tag:{tag.number}"


class SqlTags(SqlRiskChanges):
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
        c = t.tags.c
        old_appeals: tuple[Appeal, ...] = ()
        old_evidence = 0
        try:
            with self.engine.begin() as conn:
                if before is None:
                    tag_id = new_id(
                        conn.execute(
                            insert(t.tags).values(
                                org_id=after.owner,
                                number=after.number,
                                category=after.category,
                                holder=after.holder,
                                state=after.state.value,
                                created_by=actor,
                                created_at=after.created_at,
                                changed_at=after.changed_at,
                                version=1,
                            )
                        )
                    )
                else:
                    if before.id != after.id or after.evidence[: len(before.evidence)] != before.evidence:
                        raise ValueError("a tag change must keep the tag and its evidence")
                    tag_id = before.id
                    moved = conn.execute(
                        update(t.tags)
                        .where(c.id == tag_id, c.version == before.version)
                        .values(state=after.state.value, changed_at=after.changed_at, version=c.version + 1)
                    )
                    if moved.rowcount != 1:
                        raise StaleTagError(tag_id)
                    old_evidence, old_appeals = len(before.evidence), before.appeals
                self._write_parts(conn, tag_id, after, org, actor, old_evidence, old_appeals)
                stored = load_tags(conn, select(t.tags).where(c.id == tag_id))[0]
                detail = {"id": tag_id, "category": after.category, "owner": after.owner} | detail
                self._audit(conn, org, actor, action, tag_target(after), detail, at)
                if after.owner != org:
                    self._audit(conn, after.owner, actor, action, tag_target(after), detail, at)
                if feeds("number", after.number):
                    self._record_change(conn, org, after.number, ChangeKind.TAG.value, at)
                return stored
        except IntegrityError as exc:
            text = str(exc.orig)
            if "uq_tags_active_number_category" in text or "UNIQUE constraint failed: tags." in text:
                # another active tag of the number and category came first
                raise StaleTagError(0 if before is None else before.id) from exc
            raise

    @staticmethod
    def _write_parts(
        conn: Connection,
        tag_id: int,
        after: Tag,
        org: str,
        actor: str,
        old_evidence: int,
        old_appeals: Sequence[Appeal],
    ) -> None:
        new = after.evidence[old_evidence:]
        if new:
            conn.execute(
                insert(t.tag_evidence),
                [
                    {
                        "tag_id": tag_id,
                        "org_id": org,
                        "source": e.source,
                        "kind": e.kind.value,
                        "stance": e.stance.value,
                        "at": e.at,
                        "note": e.note,
                        "added_by": actor,
                    }
                    for e in new
                ],
            )
        a = t.tag_appeals.c
        for i, appeal in enumerate(after.appeals):
            values = {
                "outcome": appeal.outcome.value,
                "decided_at": appeal.decided_at,
                "decided_by": appeal.decided_by,
            }
            if i >= len(old_appeals):
                conn.execute(
                    insert(t.tag_appeals).values(
                        tag_id=tag_id,
                        ordinal=i,
                        org_id=org,
                        by=appeal.by,
                        grounds=appeal.grounds,
                        filed_at=appeal.filed_at,
                        **values,
                    )
                )
            elif appeal != old_appeals[i]:
                conn.execute(update(t.tag_appeals).where(a.tag_id == tag_id, a.ordinal == i).values(**values))

    def tag(self, tag_id: int) -> Tag | None:
        with self.engine.connect() as conn:
            found = load_tags(conn, select(t.tags).where(t.tags.c.id == tag_id))
        return found[0] if found else None

    def tags(
        self,
        number: str | None = None,
        states: Sequence[TagState] | None = None,
        category: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Tag]:
        c = t.tags.c
        q = select(t.tags).order_by(c.created_at.desc(), c.id.desc()).offset(offset)
        if number is not None:
            q = q.where(c.number == number)
        if states is not None:
            q = q.where(c.state.in_([s.value for s in states]))
        if category is not None:
            q = q.where(c.category == category)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return load_tags(conn, q)

    def set_tag_override(self, override: Override, actor: str, at: datetime) -> None:
        c = t.tag_overrides.c
        o = override
        key = (c.org_id == o.org, c.number == o.number, c.category == o.category)
        with self.engine.begin() as conn:
            conn.execute(delete(t.tag_overrides).where(*key))
            conn.execute(
                insert(t.tag_overrides).values(
                    org_id=o.org,
                    number=o.number,
                    category=o.category,
                    hide=o.hide,
                    pinned=o.pinned,
                    reason=o.reason,
                    set_by=actor,
                    set_at=at,
                )
            )
            detail = {"category": o.category, "hide": o.hide, "pinned": o.pinned, "reason": o.reason}
            self._audit(conn, o.org, actor, "tag.override", f"tag:{o.number}", detail, at)
            if feeds("number", o.number):
                self._record_change(conn, o.org, o.number, ChangeKind.TAG.value, at)

    def clear_tag_override(self, org: str, number: str, category: str, actor: str, at: datetime) -> bool:
        c = t.tag_overrides.c
        with self.engine.begin() as conn:
            gone = conn.execute(
                delete(t.tag_overrides).where(c.org_id == org, c.number == number, c.category == category)
            )
            if gone.rowcount != 1:
                return False
            self._audit(conn, org, actor, "tag.override.clear", f"tag:{number}", {"category": category}, at)
            if feeds("number", number):
                self._record_change(conn, org, number, ChangeKind.TAG.value, at)
            return True

    def tag_overrides(self, org: str | None = None, number: str | None = None) -> list[Override]:
        q = overrides_query(None if number is None else [number])
        if org is not None:
            q = q.where(t.tag_overrides.c.org_id == org)
        with self.engine.connect() as conn:
            return [override_of(r) for r in conn.execute(q)]
