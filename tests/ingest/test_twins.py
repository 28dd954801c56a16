"""One call, two switch records (``ingest.twins``): the second read is set aside, whatever the batches."""

from __future__ import annotations

import itertools
import pickle
from datetime import UTC, datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.detect.columnar import _LateSplit
from ringfence.ingest import RecordKind
from ringfence.ingest.contract import CONTRACTS
from ringfence.ingest.twins import TwinRecords
from ringfence.ingest.validate import canonical_schema

LATENESS = 60
SCHEMA = canonical_schema(CONTRACTS[RecordKind.CALLS])
T0 = 1_790_000_000

#: (caller, callee, second after T0, duration, call_type)
Row = tuple[str, str, int, int, str | None]


def _frame(rows: list[Row], start: int = 0) -> pl.DataFrame:
    return (
        pl.DataFrame(
            {
                "call_id": [f"c{start + i}" for i in range(len(rows))],
                "caller": [r[0] for r in rows],
                "callee": [r[1] for r in rows],
                "start_time": [datetime.fromtimestamp(T0 + r[2], UTC) for r in rows],
                "duration_s": [r[3] for r in rows],
                "call_type": [r[4] for r in rows],
            }
        )
        .with_columns(pl.lit(None, pl.String).alias(c) for c in SCHEMA if c not in _FIELDS)
        .select(list(SCHEMA))
        .cast(SCHEMA)
    )  # type: ignore[arg-type]


_FIELDS = ("call_id", "caller", "callee", "start_time", "duration_s", "call_type")


def _expected(rows: list[Row]) -> tuple[list[int], list[int], list[int]]:
    """The rule, record by record: late when older than the latest before it minus the lateness;
    else a twin when an earlier on-time record of the other side (``moc``: also no type) has the
    same caller, callee, second and duration; else kept."""
    kept, late, twins = [], [], []
    latest: int | None = None
    sides: set[tuple[str, str, int, int, bool]] = set()
    for i, (a, b, t, d, kind) in enumerate(rows):
        if latest is not None and t < latest - LATENESS:
            late.append(i)
        elif kind == "fwd":
            kept.append(i)
        else:
            mtc = kind == "mtc"
            (twins if (a, b, t, d, not mtc) in sides else kept).append(i)
            sides.add((a, b, t, d, mtc))
        latest = t if latest is None else max(latest, t)
    return kept, late, twins


def _run(rows: list[Row], cuts: list[int], pickled: bool) -> tuple[list[int], list[int], list[int]]:
    split = _LateSplit(LATENESS)
    names = list(SCHEMA)
    kept: list[int] = []
    bounds = [0, *sorted({c for c in cuts if 0 < c < len(rows)}), len(rows)]
    for lo, hi in itertools.pairwise(bounds):
        out = split.split(_frame(rows[lo:hi], lo), "start_time", names)
        kept += [int(c[1:]) for c in out["call_id"]]
        if pickled:
            split = pickle.loads(pickle.dumps(split))
    ids = [line.split(",", 1)[0] for line in split.raw], [line.split(",", 1)[0] for line in split.twins]
    late, twins = ([int(i[1:]) for i in group] for group in ids)
    return kept, sorted(late), sorted(twins)


rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["+8613800000001", "+8613800000002"]),
        st.sampled_from(["+8613900000001", "+8613900000002"]),
        st.sampled_from([0, 1, 2, 30, 61, 200, 400]),
        st.sampled_from([0, 15]),
        st.sampled_from(["moc", "mtc", "fwd", None]),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(rows=rows_strategy, cuts=st.lists(st.integers(0, 40), max_size=6), pickled=st.booleans())
def test_the_second_record_read_of_a_call_is_its_twin_whatever_the_batches(
    rows: list[Row], cuts: list[int], pickled: bool
) -> None:
    """Whatever the records and however they are cut into batches (and checkpointed between them),
    the records kept, late and set aside as twins are the rule's, applied record by record."""
    assert _run(rows, cuts, pickled) == _expected(rows)


def test_a_twin_is_of_the_other_side_and_the_same_second_and_duration() -> None:
    a, b = "+8613800000001", "+8613900000001"
    rows: list[Row] = [
        (a, b, 0, 15, "moc"),
        (a, b, 0, 15, "mtc"),  # twin of the first
        (a, b, 0, 15, "moc"),  # a second originating record after the terminating one: set aside too
        (a, b, 1, 15, "mtc"),  # a second later: another call
        (a, b, 2, 16, "mtc"),
        (a, b, 2, 15, "moc"),  # another duration
        (b, a, 5, 15, "mtc"),
        (b, a, 5, 15, "fwd"),  # a forwarded leg is a call of its own
        (b, a, 5, 15, None),  # no type is moc: twin of the terminating record before it
    ]
    assert _run(rows, [], False) == ([0, 3, 4, 5, 6, 7], [], [1, 2, 8])


def test_keys_are_kept_only_while_a_twin_could_be_on_time() -> None:
    twins = TwinRecords(LATENESS)
    a, b = "+8613800000001", "+8613900000001"
    first = _frame([(a, b, 0, 15, "moc"), (a, b, 10, 15, "moc")])
    assert not twins.find(first, "start_time", T0 + 10).any()
    assert twins.keys.height == 2
    later = _frame([(a, b, 65, 0, "moc")])
    assert not twins.find(later, "start_time", T0 + 65).any()
    assert twins.keys["t"].to_list() == [T0 + 10, T0 + 65]  # the first is older than 65 - 60
    restored = pickle.loads(pickle.dumps(twins))
    assert restored.keys.equals(twins.keys)  # the hash worked out again on load
    assert restored.find(_frame([(a, b, 10, 15, "mtc")]), "start_time", T0 + 65).to_list() == [True]
