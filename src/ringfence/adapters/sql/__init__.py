"""SQL storage (SQLite by default, PostgreSQL by URL) behind the store ports."""

from ringfence.adapters.sql.engine import make_engine, normalise_url
from ringfence.adapters.sql.migrate import downgrade, upgrade
from ringfence.adapters.sql.store import SqlStore

__all__ = ["SqlStore", "downgrade", "make_engine", "normalise_url", "upgrade"]
