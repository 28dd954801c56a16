"""The published, memory-mapped snapshot screens exactly as the in-memory one it was written from."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.adapters.snapshot_mmap import MappedSnapshotReader, key_of, open_mapped, write_mapped
from ringfence.errors import InputFileError
from ringfence.screening import CallerEntry, CallSetup, Origin, RiskSnapshot, SnapshotBuilder, screen
from tests.screening.test_screen import snapshot_with_lists

CALLERS = [
    "+8617012340001",
    "13611112222",
    "13522223333",
    "13533334444",
    "13544445555",
    "95588",
    "12345",
    "13655556666",
    "13800000000",
    "+442079460000",
    "10086",
    "+8613900000002",
]
CALLEES = ["13900000001", "13900000002", "13912345678", "+8613900000001"]


def _same_verdicts(a: RiskSnapshot, b: RiskSnapshot) -> None:
    for caller in CALLERS:
        for callee in CALLEES:
            for origin in Origin:
                for trunk in (None, "icbc-1", "other"):
                    call = CallSetup(caller, callee, origin, trunk=trunk)
                    assert screen(call, a) == screen(call, b), (caller, callee, origin, trunk)


def test_a_mapped_snapshot_screens_as_the_one_written(tmp_path: Path) -> None:
    built = snapshot_with_lists()
    write_mapped(built, tmp_path / "risk.rfsnap")
    mapped = open_mapped(tmp_path / "risk.rfsnap")
    assert (mapped.version, mapped.built_at, mapped.size) == (built.version, built.built_at, built.size)
    assert dict(mapped.callers.items()) == dict(built.callers)
    assert set(mapped.protected) == set(built.protected)
    assert mapped.roaming is None
    _same_verdicts(built, mapped)


_NUMBERS = st.one_of(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.from_regex(r"\+86 ?1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(CALLERS + CALLEES),
)
_TEXT = st.text(min_size=0, max_size=12)


@settings(max_examples=60)
@given(
    ops=st.lists(
        st.tuples(
            st.sampled_from(
                ["blacklist", "tag", "score", "trusted", "inbound", "marketing", "dnc", "protect", "roam"]
            ),
            _NUMBERS,
            _TEXT,
            st.floats(0, 1),
        ),
        max_size=30,
    )
)
def test_any_snapshot_round_trips(ops: list[tuple[str, str, str, float]]) -> None:
    import tempfile

    b = SnapshotBuilder("v-prop", built_at=5.0)
    for op, number, text, score in ops:
        if op == "blacklist":
            b.blacklist(number, text)
        elif op == "tag":
            b.tag(number, text or "x")
        elif op == "score":
            b.score(number, score, text)
        elif op == "trusted":
            b.trusted(number, [text, "t1"])
        elif op == "inbound":
            b.inbound_only(number)
        elif op == "marketing":
            b.marketing(number)
        elif op == "dnc":
            b.do_not_call(number)
        elif op == "protect":
            b.protect(number)
        else:
            b.roaming(number)
    built = b.build()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.rfsnap"
        write_mapped(built, path)
        mapped = open_mapped(path)
        assert dict(mapped.callers.items()) == dict(built.callers)
        for name in ("protected", "do_not_call"):
            assert set(getattr(mapped, name)) == set(getattr(built, name))
        assert (mapped.roaming is None) == (built.roaming is None)
        if built.roaming is not None and mapped.roaming is not None:
            assert set(mapped.roaming) == set(built.roaming)
        for number in {n for _, n, _, _ in ops}:
            assert (number in mapped.callers) == (number in built.callers)
        _same_verdicts(built, mapped)


def test_keys_keep_plus_and_bare_numbers_apart() -> None:
    assert key_of("+8613800000000") != key_of("8613800000000")
    assert key_of("+12") == 112
    assert key_of("12") == 212
    assert key_of("abc") is None
    assert key_of("+" + "9" * 18) is None
    assert key_of("１２３") is None


def test_a_truncated_or_foreign_file_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "s.rfsnap"
    write_mapped(snapshot_with_lists(), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputFileError, match="not a ringfence snapshot"):
        open_mapped(path)
    path.write_bytes(b"PK\x03\x04 a zip file")
    with pytest.raises(InputFileError):
        open_mapped(path)
    with pytest.raises(InputFileError, match="cannot map"):
        open_mapped(tmp_path / "absent.rfsnap")


def test_the_reader_swaps_on_a_new_file_and_never_checks_per_call(tmp_path: Path) -> None:
    path = tmp_path / "s.rfsnap"
    now = [0.0]
    reader = MappedSnapshotReader(path, check_s=1.0, clock=lambda: now[0])
    assert reader.current() is None
    assert reader.error
    write_mapped(SnapshotBuilder("v1", 1.0).build(), path)
    assert reader.current() is None  # not checked again within check_s
    now[0] = 1.0
    first = reader.current()
    assert first is not None
    assert first.version == "v1"
    b = SnapshotBuilder("v2", 2.0)
    b.blacklist("13800000000", "suspended")
    write_mapped(b.build(), path)
    os.utime(path, ns=(10**18, 10**18))  # a new mtime even on a coarse clock
    assert reader.current() is first
    now[0] = 2.5
    second = reader.current()
    assert second is not None
    assert second.version == "v2"
    assert reader.swaps == 2
    assert screen(CallSetup("13800000000", "13912345678"), second).action.value == "block"
    assert first.version == "v1"  # the old mapping is still readable by whoever holds it
    path.write_bytes(b"garbage")
    now[0] = 4.0
    assert reader.current() is None
    assert "not a ringfence snapshot" in (reader.error or "")


_OPT_TEXT = st.one_of(st.none(), st.text(max_size=8))


@settings(max_examples=60)
@given(
    entries=st.dictionaries(
        st.from_regex(r"\+861[3-9][0-9]{9}", fullmatch=True),
        st.builds(
            CallerEntry,
            blacklist=_OPT_TEXT,
            tag=_OPT_TEXT,
            score=st.one_of(st.none(), st.floats(0, 1)),
            trusted_trunks=st.one_of(st.none(), st.frozensets(st.text(min_size=1, max_size=5))),
            inbound_only=st.booleans(),
            marketing=st.booleans(),
            evidence=st.text(max_size=8),
            disposition=_OPT_TEXT,
            disposed_block=st.booleans(),
            shared_blacklist=_OPT_TEXT,
            tag_confidence=st.one_of(st.none(), st.floats(0, 1)),
        ),
        max_size=20,
    )
)
def test_every_caller_field_round_trips(entries: dict[str, CallerEntry]) -> None:
    import tempfile
    from types import MappingProxyType

    built = RiskSnapshot(version="all-fields", callers=MappingProxyType(entries))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.rfsnap"
        write_mapped(built, path)
        assert dict(open_mapped(path).callers.items()) == entries
