from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ringfence.adapters.sql import SqlStore, make_engine, upgrade


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """The same store behaviour, once on each backend."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'rf.db'}")
        upgrade(engine)
    else:
        server = request.getfixturevalue("pg_server")
        template = request.getfixturevalue("pg_template")
        engine = make_engine(server.url_for(server.create(template=template)))
    store = SqlStore(engine)
    yield store
    store.close()
