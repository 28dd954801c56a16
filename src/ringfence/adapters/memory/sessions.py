"""Console sessions, as ``SqlSessions`` keeps them: opened at login, ended at logout for good."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from ringfence.adapters.memory.base import MemoryBase, locked, utc

__all__ = ["MemorySessions"]


@dataclass(frozen=True, slots=True)
class _Session:
    org: str
    key_id: int
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None


class MemorySessions(MemoryBase):
    def __init__(self) -> None:
        super().__init__()
        self._sessions: dict[str, _Session] = {}

    @locked
    def open_session(
        self, session_id: str, org: str, key_id: int, created_at: datetime, expires_at: datetime
    ) -> None:
        """Record a new session; sessions that expired before ``created_at`` are dropped on the way."""
        self._require_org(org)
        if session_id in self._sessions:
            raise ValueError("a session with this id exists already")
        now = utc(created_at)
        self._sessions = {k: s for k, s in self._sessions.items() if s.expires_at >= now}
        self._sessions[session_id] = _Session(org, key_id, now, utc(expires_at))

    @locked
    def session_key(self, session_id: str, at: datetime) -> int | None:
        s = self._sessions.get(session_id)
        if s is None or s.ended_at is not None or s.expires_at <= utc(at):
            return None
        return s.key_id

    @locked
    def end_session(self, session_id: str, at: datetime) -> bool:
        s = self._sessions.get(session_id)
        if s is None or s.ended_at is not None:
            return False
        self._sessions[session_id] = replace(s, ended_at=utc(at))
        return True
