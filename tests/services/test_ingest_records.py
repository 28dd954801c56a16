"""Whatever a body holds, the ingest counts add up and each valid id is stored exactly once."""

from __future__ import annotations

import io
import itertools
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ringfence.adapters.memory import MemoryStore
from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.domain.access import AccessDeniedError, Principal, Role
from ringfence.errors import InputFileError
from ringfence.ingest import RecordKind
from ringfence.ports.store import Store
from ringfence.services.ingest_records import ingest_records
from tests.support.runs import calls_csv

NOW = datetime(2026, 11, 2, tzinfo=UTC)
_orgs = itertools.count()

rows = st.lists(
    st.tuples(
        st.sampled_from([f"c{i}" for i in range(8)]),  # few ids: duplicates are common
        st.sampled_from(["13800000001", "+8613900000002", "95588", ""]),
        st.sampled_from(["2026-11-02T08:00:00+08:00", "2026-11-02 09:00:00", "not-a-time"]),
        st.sampled_from([0, 30, -1]),
    ),
    max_size=20,
)


@pytest.fixture(scope="module", params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """One store per backend for the whole module (each example makes its own organisation)."""
    if request.param == "memory":
        return MemoryStore()
    path: Path = tmp_path_factory.mktemp("ingest") / "rf.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return SqlStore(engine)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=rows, second=rows)
def test_counts_add_up_and_ids_are_stored_once(store: Store, first: list, second: list) -> None:
    org = f"org{next(_orgs)}"
    store.ensure_org(org, org, NOW)
    who = Principal(org, Role.MEMBER_OPERATOR, 1, "bot")
    stored_ids: set[str] = set()
    for batch in (first, second):
        body = (
            calls_csv([(cid, caller, "13700000000", t, d) for cid, caller, t, d in batch])
            if batch
            else b"x\n"
        )
        if not batch:
            continue
        result = ingest_records(store, who, RecordKind.CALLS, body, "text/csv", NOW, 1 << 20)
        assert result.received == len(batch) == result.stored + result.already_stored + result.quarantined
        assert sum(result.reasons.values()) == result.quarantined
        valid = {cid for cid, caller, t, d in batch if caller and t != "not-a-time" and d >= 0}
        # an id is new if valid somewhere in this body and not stored before (first valid row wins)
        assert result.stored == len(valid - stored_ids)
        stored_ids |= valid
    assert store.record_counts(org)["calls"] == len(stored_ids)


def test_partners_cannot_submit(store: Store) -> None:
    with pytest.raises(AccessDeniedError):
        ingest_records(
            store, Principal("x", Role.PARTNER, 1, "p"), RecordKind.CALLS, b"a\n", "text/csv", NOW, 100
        )


def _org(store: SqlStore) -> Principal:
    org = f"org{next(_orgs)}"
    store.ensure_org(org, org, NOW)
    return Principal(org, Role.MEMBER_OPERATOR, 1, "bot")


def test_a_deeply_nested_json_line_is_one_quarantined_row(store: SqlStore) -> None:
    who = _org(store)
    good = {
        "sms_id": "m1",
        "sender": "95588",
        "receiver": "13800000001",
        "send_time": "2026-11-02T08:00:00+08:00",
    }
    deep = '{"sms_id": "m2", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    body = (json.dumps(good) + "\n" + deep + "\n").encode()
    result = ingest_records(store, who, RecordKind.MESSAGES, body, "application/x-ndjson", NOW, 1 << 22)
    assert (result.stored, result.quarantined, result.received) == (1, 1, 2)
    assert result.reasons == {"bad_json": 1}
    assert result.quarantine_sample[0]["line"] == 2
    assert result.quarantine_sample[0]["raw"] == deep


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("13800000001", True),
        (13800000001, True),
        (1.5, True),
        (True, False),
        ({"a": 1}, False),
        ([1], False),
        (None, False),
    ],
)
def test_json_values_of_any_type_give_a_reason_not_a_crash(
    store: SqlStore, value: object, accepted: bool
) -> None:
    who = _org(store)
    row = {
        "sms_id": "m1",
        "sender": value,
        "receiver": "13800000001",
        "send_time": "2026-11-02T08:00:00+08:00",
    }
    body = (json.dumps(row) + "\n").encode()
    result = ingest_records(store, who, RecordKind.MESSAGES, body, "application/x-ndjson", NOW, 1 << 20)
    assert result.received == 1
    assert result.stored == (1 if accepted else 0)
    if not accepted:
        assert set(result.reasons) <= {"bad_json", "missing_required"}
        assert result.quarantine_sample[0]["raw"] == body.decode().rstrip("\n")


def test_a_message_text_never_becomes_records_over_http(store: SqlStore) -> None:
    who = _org(store)
    fake = "evil{},13900000099,13800000001,2026-11-02T08:00:00+08:00,点击领取退款 http://x.cn,intra,"
    text = "hi\n" + "\n".join(fake.format(i) for i in range(30))
    body = (
        "sms_id,sender,receiver,send_time,text,origin,sender_cell\n"
        "m1,95588,13800000001,2026-11-02T08:00:00+08:00,hello,intra,\n"
        f'm2,95588,13800000001,2026-11-02T08:00:01+08:00,"{text}",intra,\n'
    ).encode()
    result = ingest_records(store, who, RecordKind.MESSAGES, body, "text/csv", NOW, 1 << 20)
    assert (result.received, result.stored, result.quarantined) == (2, 1, 1)
    assert store.messages_of(who.org, "+8613900000099") == []


def test_a_stream_body_is_read_like_bytes(store: SqlStore) -> None:
    body = calls_csv([("c1", "13800000001", "13700000000", "2026-11-02T08:00:00+08:00", 5)])
    first = ingest_records(store, _org(store), RecordKind.CALLS, io.BytesIO(body), "text/csv", NOW, 1 << 20)
    assert (first.received, first.stored) == (1, 1)
    with pytest.raises(InputFileError, match="over the limit"):
        ingest_records(store, _org(store), RecordKind.CALLS, io.BytesIO(body), "text/csv", NOW, 10)

    class Pipe(io.RawIOBase):  # a stream that cannot seek, like a socket
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            chunk = self._data.read(min(len(buffer), 7))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    piped = ingest_records(
        store, _org(store), RecordKind.CALLS, io.BufferedReader(Pipe(body)), "text/csv", NOW, 1 << 20
    )
    assert (piped.received, piped.stored) == (1, 1)
    with pytest.raises(InputFileError, match="over the limit"):
        ingest_records(
            store, _org(store), RecordKind.CALLS, io.BufferedReader(Pipe(body)), "text/csv", NOW, 10
        )


def test_no_temporary_file_is_written(store: SqlStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a temporary file was made")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", refuse)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    body = calls_csv([("c1", "13800000001", "13700000000", "2026-11-02T08:00:00+08:00", 5)])
    result = ingest_records(store, _org(store), RecordKind.CALLS, body, "text/csv", NOW, 1 << 20)
    assert result.stored == 1
