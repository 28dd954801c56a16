"""Complaints, deduplicated per organisation by reporter, number and category."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import distinct, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import SqlBase, new_id
from ringfence.domain.complaints import Complaint, NewComplaint

__all__ = ["SqlComplaints"]


def _complaint(r: Any) -> Complaint:
    return Complaint(
        r.id,
        r.org_id,
        r.number,
        r.channel,
        r.category,
        r.reported_at,
        r.received_at,
        r.reporter_hash,
        r.reporter_masked,
        r.url,
        r.sms_text,
        r.note,
        r.case_id,
        r.score,
        r.fast_pathed_at,
    )


class SqlComplaints(SqlBase):
    def add_complaint(
        self, c: NewComplaint, case_id: int | None, score: float, actor: str, at: datetime
    ) -> tuple[int, bool]:
        existing = self.complaint_by_key(c.org, c.key)
        if existing is not None:
            return existing.id, False
        try:
            with self.engine.begin() as conn:
                complaint_id = new_id(
                    conn.execute(
                        insert(t.complaints).values(
                            org_id=c.org,
                            number=c.number,
                            channel=c.channel.value,
                            category=c.category.value,
                            reported_at=c.reported_at,
                            received_at=at,
                            reporter_hash=c.reporter_hash,
                            reporter_masked=c.reporter_masked,
                            url=c.url,
                            sms_text=c.sms_text,
                            note=c.note,
                            dedupe_key=c.key,
                            case_id=case_id,
                            score=score,
                        )
                    )
                )
                detail = {
                    "complaint": complaint_id,
                    "category": c.category.value,
                    "channel": c.channel.value,
                    "case": case_id,
                    "score": score,
                }
                self._audit(conn, c.org, actor, "complaint.receive", c.number, detail, at)
                return complaint_id, True
        except IntegrityError:  # the same complaint, stored by a concurrent request
            again = self.complaint_by_key(c.org, c.key)
            if again is None:
                raise
            return again.id, False

    def complaint_by_key(self, org: str, key: str) -> Complaint | None:
        c = t.complaints.c
        with self.engine.connect() as conn:
            row = conn.execute(select(t.complaints).where(c.org_id == org, c.dedupe_key == key)).first()
        return None if row is None else _complaint(row)

    def complaint(self, org: str, complaint_id: int) -> Complaint | None:
        c = t.complaints.c
        with self.engine.connect() as conn:
            row = conn.execute(select(t.complaints).where(c.org_id == org, c.id == complaint_id)).first()
        return None if row is None else _complaint(row)

    def complaints(
        self, org: str, number: str | None = None, case_id: int | None = None, limit: int = 500
    ) -> list[Complaint]:
        c = t.complaints.c
        q = select(t.complaints).where(c.org_id == org)
        if number:
            q = q.where(c.number == number)
        if case_id is not None:
            q = q.where(c.case_id == case_id)
        with self.engine.connect() as conn:
            return [_complaint(r) for r in conn.execute(q.order_by(c.id.desc()).limit(limit))]

    def complaint_signals(self, number: str) -> tuple[int, int]:
        c = t.complaints.c
        q = select(func.count(distinct(c.reporter_hash)), func.count(distinct(c.org_id))).where(
            c.number == number
        )
        with self.engine.connect() as conn:
            reporters, orgs = conn.execute(q).one()
        return int(reporters), int(orgs)

    def mark_fast_pathed(self, org: str, number: str, actor: str, at: datetime) -> int:
        c = t.complaints.c
        with self.engine.begin() as conn:
            done = conn.execute(
                update(t.complaints)
                .where(c.org_id == org, c.number == number, c.fast_pathed_at.is_(None))
                .values(fast_pathed_at=at)
            )
            count = int(done.rowcount or 0)
            if count:
                self._audit(conn, org, actor, "complaint.fast_path", number, {"complaints": count}, at)
            return count
