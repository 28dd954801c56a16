"""Console sessions: opened at login, ended at logout, looked up on every console request.

Kept in the store rather than in process memory so that every worker of a deployment agrees: a
session ended on one worker is refused by all of them, even if its cookie is replayed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import SqlBase

__all__ = ["SqlSessions"]


class SqlSessions(SqlBase):
    def open_session(
        self, session_id: str, org: str, key_id: int, created_at: datetime, expires_at: datetime
    ) -> None:
        """Record a new session; sessions that expired before ``created_at`` are dropped on the way."""
        c = t.console_sessions.c
        with self.engine.begin() as conn:
            conn.execute(delete(t.console_sessions).where(c.expires_at < created_at))
            conn.execute(
                insert(t.console_sessions).values(
                    id=session_id, org_id=org, key_id=key_id, created_at=created_at, expires_at=expires_at
                )
            )

    def session_key(self, session_id: str, at: datetime) -> int | None:
        """The key id of a session that is open at ``at`` (not ended, not expired), else ``None``."""
        c = t.console_sessions.c
        q = select(c.key_id).where(c.id == session_id, c.ended_at.is_(None), c.expires_at > at)
        with self.engine.connect() as conn:
            key_id = conn.execute(q).scalar()
        return None if key_id is None else int(key_id)

    def end_session(self, session_id: str, at: datetime) -> bool:
        """End a session for good; ``False`` when it was not open."""
        c = t.console_sessions.c
        with self.engine.begin() as conn:
            result = conn.execute(
                update(t.console_sessions).where(c.id == session_id, c.ended_at.is_(None)).values(ended_at=at)
            )
            return bool(result.rowcount)
