"""Complaints, deduplicated per organisation by reporter, number and category."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ringfence.adapters.memory.base import MemoryBase, Rows, locked, utc
from ringfence.domain.complaints import Complaint, NewComplaint

__all__ = ["MemoryComplaints"]


class MemoryComplaints(MemoryBase):
    def __init__(self) -> None:
        super().__init__()
        self._complaints: Rows[Complaint] = Rows()
        self._complaint_keys: dict[tuple[str, str], int] = {}  # (org, dedupe key) -> id, unique

    @locked
    def add_complaint(
        self, c: NewComplaint, case_id: int | None, score: float, actor: str, at: datetime
    ) -> tuple[int, bool]:
        same = (c.org, c.key)
        if same in self._complaint_keys:
            return self._complaint_keys[same], False
        self._require_org(c.org)
        complaint_id = self._complaints.next_id()
        stored = Complaint(
            complaint_id,
            c.org,
            c.number,
            c.channel.value,
            c.category.value,
            utc(c.reported_at),
            utc(at),
            c.reporter_hash,
            c.reporter_masked,
            c.url,
            c.sms_text,
            c.note,
            case_id,
            score,
        )
        detail = {
            "complaint": complaint_id,
            "category": c.category.value,
            "channel": c.channel.value,
            "case": case_id,
            "score": score,
        }
        self._audit(c.org, actor, "complaint.receive", c.number, detail, at)
        self._complaint_keys[same] = complaint_id
        return self._complaints.add(complaint_id, stored), True

    @locked
    def complaint_by_key(self, org: str, key: str) -> Complaint | None:
        found = self._complaint_keys.get((org, key))
        return None if found is None else self._complaints.get(found)

    @locked
    def complaint(self, org: str, complaint_id: int) -> Complaint | None:
        found = self._complaints.get(complaint_id)
        return found if found is not None and found.org == org else None

    @locked
    def complaints(
        self, org: str, number: str | None = None, case_id: int | None = None, limit: int = 500
    ) -> list[Complaint]:
        found = [
            c
            for c in self._complaints
            if c.org == org
            and (not number or c.number == number)
            and (case_id is None or c.case_id == case_id)
        ]
        return found[::-1][:limit]

    @locked
    def complaint_signals(self, number: str) -> tuple[int, int]:
        about = [c for c in self._complaints if c.number == number]
        return len({c.reporter_hash for c in about}), len({c.org for c in about})

    @locked
    def mark_fast_pathed(self, org: str, number: str, actor: str, at: datetime) -> int:
        due = [
            c for c in self._complaints if c.org == org and c.number == number and c.fast_pathed_at is None
        ]
        if due:
            self._audit(org, actor, "complaint.fast_path", number, {"complaints": len(due)}, at)
        for c in due:
            self._complaints.put(c.id, replace(c, fast_pathed_at=utc(at)))
        return len(due)
