"""Reading tags back from their three tables (the one mapping every SQL reader of tags uses)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, select

from ringfence.adapters.sql import schema as t
from ringfence.intel.tags import Appeal, AppealOutcome, Evidence, Override, SourceKind, Stance, Tag, TagState

__all__ = ["load_tags", "override_of", "overrides_query"]

_CHUNK = 500  # ids per IN list


def load_tags(conn: Connection, query: Select[Any], appeals: bool = True) -> list[Tag]:
    """The tags ``query`` selects (rows of ``tags``, in its order) with their evidence and appeals."""
    rows = list(conn.execute(query))
    ids = [int(r.id) for r in rows]
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    filed: dict[int, list[Appeal]] = defaultdict(list)
    e, a = t.tag_evidence.c, t.tag_appeals.c
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        for x in conn.execute(select(t.tag_evidence).where(e.tag_id.in_(chunk)).order_by(e.id)):
            evidence[x.tag_id].append(Evidence(x.source, SourceKind(x.kind), Stance(x.stance), x.at, x.note))
        if appeals:
            q = select(t.tag_appeals).where(a.tag_id.in_(chunk)).order_by(a.tag_id, a.ordinal)
            for x in conn.execute(q):
                filed[x.tag_id].append(
                    Appeal(x.filed_at, x.by, x.grounds, AppealOutcome(x.outcome), x.decided_at, x.decided_by)
                )
    return [
        Tag(
            number=r.number,
            category=r.category,
            owner=r.org_id,
            created_at=r.created_at,
            evidence=tuple(evidence.get(r.id, ())),
            holder=r.holder,
            state=TagState(r.state),
            changed_at=r.changed_at,
            appeals=tuple(filed.get(r.id, ())),
            id=int(r.id),
            version=int(r.version),
        )
        for r in rows
    ]


def override_of(r: Any) -> Override:
    return Override(
        r.org_id, r.number, r.category, bool(r.hide), None if r.pinned is None else float(r.pinned), r.reason
    )


def overrides_query(numbers: Sequence[str] | None) -> Select[Any]:
    c = t.tag_overrides.c
    q = select(t.tag_overrides).order_by(c.org_id, c.number, c.category)
    return q if numbers is None else q.where(c.number.in_(list(numbers)))
