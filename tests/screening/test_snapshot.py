from __future__ import annotations

import threading

from ringfence.screening import RiskSnapshot, SnapshotBuilder, SnapshotHolder


def test_builder_canonicalises_every_presentation_into_one_entry() -> None:
    b = SnapshotBuilder("v1", 100.0)
    b.blacklist("008613812345678", "report")
    b.tag("+86 138-1234-5678", "骚扰电话")
    b.score("13812345678", 0.4)
    b.score("8613812345678", 0.7, "burst")
    b.score("13812345678", 0.5)  # lower scores never replace a higher one
    b.trusted("95588", ["t1", " t2 ", ""])
    b.trusted("+8695588", ["t3"])
    snap = b.build()
    assert set(snap.callers) == {"+8613812345678", "95588"}
    entry = snap.callers["+8613812345678"]
    assert (entry.blacklist, entry.tag, entry.score, entry.evidence) == ("report", "骚扰电话", 0.7, "burst")
    assert snap.callers["95588"].trusted_trunks == frozenset({"t1", "t2", "t3"})
    assert (snap.version, snap.built_at) == ("v1", 100.0)


def test_builder_skips_irregular_numbers_and_clamps_scores() -> None:
    b = SnapshotBuilder()
    b.blacklist("not a number")
    b.protect("12")
    b.score("13812345678", 7.0)
    assert b.skipped == 2
    snap = b.build()
    assert snap.callers["+8613812345678"].score == 1.0
    assert snap.protected == frozenset()


def test_roaming_list_absent_versus_supplied_empty() -> None:
    assert SnapshotBuilder().build().roaming is None
    b = SnapshotBuilder()
    b.supply_roaming_list()
    assert b.build().roaming == frozenset()


def test_built_snapshot_does_not_change_when_the_builder_does() -> None:
    b = SnapshotBuilder()
    b.blacklist("13812345678")
    snap = b.build()
    b.blacklist("13900001111")
    assert len(snap.callers) == 1


def test_staleness() -> None:
    snap = SnapshotBuilder(built_at=1_000.0).build()
    assert not snap.is_stale(1_500.0, 600.0)
    assert snap.is_stale(1_601.0, 600.0)
    assert not snap.is_stale(10**9, None)
    assert not RiskSnapshot.empty().is_stale(10**12, 1.0)  # the cold snapshot never goes stale


def test_holder_swaps_whole_snapshots_under_concurrent_readers() -> None:
    one = SnapshotBuilder("one").build()
    two = SnapshotBuilder("two").build()
    holder = SnapshotHolder(one)
    seen: set[str] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            current = holder.current
            assert current is not None
            seen.add(current.version)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    for i in range(2_000):
        holder.swap(two if i % 2 == 0 else one)
    stop.set()
    for t in readers:
        t.join()
    assert seen <= {"one", "two"}
    assert holder.swap(None) in (one, two)
    assert holder.current is None
