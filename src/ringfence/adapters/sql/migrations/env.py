"""Alembic environment: the engine comes from ``migrate.py`` (never from an ini file)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from ringfence.adapters.sql.schema import metadata

engine = context.config.attributes["engine"]
assert isinstance(engine, Engine)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
    )
    with context.begin_transaction():
        context.run_migrations()
