"""List entry ids are never given out twice, on SQLite too.

A list entry's id is how a client removes it (``DELETE /v1/lists/{id}``, the console's remove button).
SQLite gives a new row the highest rowid plus one, so after the newest entry was removed the next entry
got its id, and a client still holding the old id would remove the wrong entry. ``AUTOINCREMENT`` makes
SQLite remember the highest id ever used (``sqlite_sequence``); the table is rebuilt with it, rows and
ids kept. PostgreSQL's sequences never hand an id out twice: nothing changes there.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "list_entries", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        del batch  # rebuilt as it is, with AUTOINCREMENT


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "list_entries", recreate="always", table_kwargs={"sqlite_autoincrement": False}
    ) as batch:
        del batch
