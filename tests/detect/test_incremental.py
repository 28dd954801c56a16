"""The incremental detection ``watch`` runs gives ``detect``'s verdicts on the conformance scenarios
(random arrival within the allowed lateness, late records, ties, SMS, subscribers), fed in pieces."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from ringfence.adapters.record_sources import FrameSource
from ringfence.detect.incremental import ENGINES, REC, ColumnarDetection, Detection, on_time_facts
from ringfence.detect.policy import Policy, load_policy
from ringfence.detect.replay import run_detection
from ringfence.ingest import RecordKind
from tests.detect.conformance import LATENESS, Scenario, scenarios

EXAMPLES = settings.default.max_examples // 4


def _touchy() -> Policy:
    """The shipped policy with thresholds so low that any rule firing flags its number: the
    comparison then covers scores, levels, rules, typologies and times of many numbers."""
    return dataclasses.replace(load_policy(), thresholds={"watch": 1e-9, "warn": 0.2, "block": 0.5})


def _batch(sc: Scenario) -> pl.DataFrame:
    subs = FrameSource(RecordKind.SUBSCRIBERS, [sc.subscribers]) if sc.subscribers is not None else None
    messages = FrameSource(RecordKind.MESSAGES, [sc.messages]) if sc.messages.height else None
    result, _ = run_detection(
        FrameSource(RecordKind.CALLS, [sc.calls]), _touchy(), messages, subs, allowed_lateness_s=LATENESS
    )
    return result.flagged.drop("exemptions")


def _detection(sc: Scenario, engine: str) -> Detection:
    """A new detection of ``engine`` for ``sc``'s kinds, with its subscribers."""
    kinds = (RecordKind.CALLS, RecordKind.MESSAGES) if sc.messages.height else (RecordKind.CALLS,)
    det = ENGINES[engine](_touchy(), LATENESS, kinds)
    det.attach_subscribers(sc.subscribers)
    return det


def _pieces(sc: Scenario) -> Iterator[list[tuple[RecordKind, pl.DataFrame, tuple[int, int]]]]:
    """``sc``'s records in the pieces its ``pushes`` cut them into: per piece, each kind's frame and
    the rows of it the piece holds."""
    cuts = [0, *(sc.calls.height * p // 16 for p in sc.pushes), sc.calls.height]
    mcuts = [0, *(sc.messages.height * p // 16 for p in sc.pushes), sc.messages.height]
    for i in range(len(cuts) - 1):
        yield [
            (RecordKind.CALLS, sc.calls, (cuts[i], cuts[i + 1])),
            (RecordKind.MESSAGES, sc.messages, (mcuts[i], mcuts[i + 1])),
        ]


def _incremental(
    sc: Scenario, checkpoint: bool, engine: str = "columnar", views: bool = False, ahead: bool = False
) -> pl.DataFrame:
    """``ahead``: each piece's events made before its late records are split off (``facts``, as
    ``watch``'s reading thread makes them), and those of its on-time records picked out."""
    det = _detection(sc, engine)
    for piece in _pieces(sc):
        for kind, frame, (a, b) in piece:
            if b > a and ahead:
                made = det.facts(kind, frame[a:b])
                on_time = det.split_late(kind, frame[a:b].with_row_index(REC))
                if on_time.height:
                    events = on_time_facts(made, b - a, on_time[REC])
                    assert det.push(kind, on_time.drop(REC), events) == []
            elif b > a:
                on_time = det.split_late(kind, frame[a:b])
                if on_time.height:
                    assert det.push(kind, on_time) == []  # nothing behind the release point
        if checkpoint:  # a restart from the checkpoint between pushes
            det = pickle.loads(pickle.dumps(det))
            det.attach_subscribers(sc.subscribers)
        if views:  # a provisional result between pushes (what watch publishes after every round)
            early = det.fork()
            early.finish()
            early.flagged()
    view = det.fork()
    view.finish()
    late = det.take_late()
    assert {r.split(",")[0] for rows in late.values() for r in rows} == set(sc.late)
    return view.flagged().drop("exemptions")


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=EXAMPLES)
@given(sc=scenarios())
def test_incremental_verdicts_are_detects(engine: str, sc: Scenario) -> None:
    expected = _batch(sc)
    assert _incremental(sc, checkpoint=False, engine=engine).equals(expected)
    assert _incremental(sc, checkpoint=True, engine=engine).equals(expected)
    assert _incremental(sc, checkpoint=False, engine=engine, views=True).equals(expected)
    assert _incremental(sc, checkpoint=False, engine=engine, ahead=True).equals(expected)


def test_a_state_checkpointed_before_contacts_were_kept_goes_on() -> None:
    """Handsets as sets of numbers and key states without contacts (the earlier layout) load."""
    import pickle

    from ringfence.detect.events import OUT, Event
    from ringfence.detect.stream import StreamingFeatures

    engine = StreamingFeatures(allowed_lateness=0)
    engine.push([Event("+8613800000001", 100, "c1", OUT, "+8613800000002", imei="861234567890123")])
    engine.flush()
    # The earlier layout: handsets as sets of numbers, no previous numbers, key states without contacts.
    engine._handsets = {h: set(v) for h, v in engine._handsets.items()}  # type: ignore[assignment]
    del engine.__dict__["previous"]
    for st in engine._keys.values():
        for name in ("contacts", "callers", "imeis"):
            del st.__dict__[name]
    restored = pickle.loads(pickle.dumps(engine))
    assert restored._handsets["861234567890123"] == {"+8613800000001": 0}
    assert restored.previous == {}
    assert restored._keys["+8613800000001"].contacts == {}
    evaluated, _ = restored.push(
        [Event("+8613800000003", 200, "c2", OUT, "+8613800000002", imei="861234567890123")]
    )
    evaluated += restored.flush()
    assert evaluated[-1].features["handset.numbers"] == 2


def _fed(sc: Scenario, engine: str) -> pl.DataFrame:
    kinds = (RecordKind.CALLS, RecordKind.MESSAGES) if sc.messages.height else (RecordKind.CALLS,)
    det = ENGINES[engine](_touchy(), LATENESS, kinds)
    det.attach_subscribers(sc.subscribers)
    for kind, frame in ((RecordKind.CALLS, sc.calls), (RecordKind.MESSAGES, sc.messages)):
        if frame.height:
            det.push(kind, det.split_late(kind, frame))
    view = det.fork()
    view.finish()
    return view.hits()


@settings(max_examples=EXAMPLES)
@given(scenarios())
def test_both_engines_report_the_same_hits(sc: Scenario) -> None:
    """The first firing of every rule (time, record, weight, evidence) as the store gets it."""
    assert _fed(sc, "columnar").equals(_fed(sc, "stream"))


def _pushed_hits(sc: Scenario, engine: str, checkpoint: bool) -> pl.DataFrame:
    """The hits of ``sc`` fed in its pieces (a restart from a checkpoint between them with
    ``checkpoint``); on the columnar engine, each verdict row's hit bits are checked against the hits
    kept after every piece, and a checkpoint is checked not to hold them."""
    det = _detection(sc, engine)
    for piece in _pieces(sc):
        for kind, frame, (a, b) in piece:
            on_time = det.split_late(kind, frame[a:b]) if b > a else frame[:0]
            if on_time.height:
                det.push(kind, on_time)
        if isinstance(det, ColumnarDetection):
            assert det._verdicts["hit"].equals(det._hit_bits())
        if checkpoint:
            if isinstance(det, ColumnarDetection):  # what is pickled
                assert "hit" not in det.__getstate__()["_verdicts"].frame().columns  # type: ignore[attr-defined]
            det = pickle.loads(pickle.dumps(det))
            det.attach_subscribers(sc.subscribers)
    view = det.fork()
    view.finish()
    return view.hits()


@settings(max_examples=EXAMPLES)
@given(sc=scenarios(), bits=hst.sampled_from([64, 3, 0]), checkpoint=hst.booleans())
def test_a_rule_fired_before_is_known_by_its_bit_or_among_the_hits(
    sc: Scenario, bits: int, checkpoint: bool
) -> None:
    """Which rules fired before for a number is read off its verdict row's bits for the policy's first
    ``_HIT_BITS`` rules and looked up among the hits kept for the rest: whatever the split, fed in
    pieces and restarted between them, the first firing of every rule is the streaming engine's."""
    from ringfence.detect import incremental

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(incremental, "_HIT_BITS", bits)
        columnar = _pushed_hits(sc, "columnar", checkpoint)
    assert columnar.equals(_pushed_hits(sc, "stream", checkpoint=False))


@pytest.mark.parametrize("cache", [None, {"+8613800000009": "成都"}])
@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_checkpoint_from_before_the_home_city_table_loads(
    engine: str, cache: dict[str, str] | None
) -> None:
    """Checkpoints written before the engines kept calling numbers' home cities have no such entry,
    and later ones kept them as a dict (and the cities of regions as another, until stop 29): they
    load with an empty table, without those dicts, and take calls as any other."""
    det = ENGINES[engine](_touchy(), LATENESS, (RecordKind.CALLS,))
    state = det.__getstate__()
    del state["_home_table"]
    state["_cities"] = {None: None}
    if cache is not None:
        state["_home_cities"] = cache
    old = type(det).__new__(type(det))
    old.__setstate__(pickle.loads(pickle.dumps(state)))
    assert old._home_table.height == 0
    assert not hasattr(old, "_home_cities")
    assert not hasattr(old, "_cities")
    from ringfence.ingest.contract import CONTRACTS
    from ringfence.ingest.validate import canonical_schema

    row = {"call_id": "c1", "caller": "+8613800000001", "callee": "+8613800000002", "duration_s": 0}
    calls = pl.DataFrame([row]).with_columns(pl.datetime(2026, 11, 2, 8, time_zone="UTC").alias("start_time"))
    schema = canonical_schema(CONTRACTS[RecordKind.CALLS])
    calls = calls.select(
        pl.col(c).cast(t) if c in calls.columns else pl.lit(None, t).alias(c) for c, t in schema.items()
    )
    assert old.push(RecordKind.CALLS, old.split_late(RecordKind.CALLS, calls)) == []
    assert old._home_table["caller"].to_list() == ["+8613800000001"]  # its home city, worked out and kept


def test_calls_carry_the_codes_validation_found_as_the_engine_codes_them() -> None:
    """The codes of numbers, handsets and cells found while reading (``file_records``) go with the
    events: each is the code ``Codes`` gives the event's value (null where not found), for the
    caller's events and the callee's."""
    from ringfence.detect.codes import Codes
    from ringfence.detect.columnar import file_records
    from ringfence.ingest.source import Format, StreamInput
    from ringfence.ingest.validate import code_column

    text = (
        "call_id,caller,callee,start_time,duration_s,origin,caller_imei,caller_cell,caller_region,call_type\n"
        "c1,+8613800000001,+8613900000002,2026-11-02T00:00:00+08:00,5,intra,861234560010652,1566,成都,moc\n"
        "c2,+8613800000003,95588,2026-11-02T00:00:01+08:00,0,intra,,CELL-9,,moc\n"
    )
    [calls] = list(file_records([StreamInput.of_bytes("c.csv", text.encode(), Format.CSV)], RecordKind.CALLS))
    det = ENGINES["columnar"](load_policy())
    events = det._calls(calls)
    assert events.height == 4
    found = 0
    for column in ("key", "other", "imei", "cell"):
        known = events[code_column(column)]
        coded = Codes().encode(events[column])
        assert ((known == coded) | known.is_null()).all()
        found += int(known.is_not_null().sum())
    assert found == 8  # the three mobile numbers as key and as other, the IMEI, the numeric cell


@settings(max_examples=EXAMPLES)
@given(data=hst.data())
def test_what_a_number_reached_its_level_with_is_what_fired_at_its_event(data: hst.DataObject) -> None:
    """Written once per distinct set of rules fired: each rising number's rules and exemptions (in
    the policy's order) and typology are those at its event; the others' are null."""
    det = ENGINES["columnar"](load_policy())
    assert isinstance(det, ColumnarDetection)
    rule_ids = det.policy.rule_ids
    n = data.draw(hst.integers(1, 12))
    fired = {r: np.array(data.draw(hst.lists(hst.booleans(), min_size=n, max_size=n))) for r in rule_ids}
    typologies = len(det.policy.typologies)
    typology = np.array(
        data.draw(hst.lists(hst.integers(0, typologies - 1), min_size=n, max_size=n)), dtype=np.intp
    )
    m = data.draw(hst.integers(0, 6))
    at = np.array(data.draw(hst.lists(hst.integers(0, n - 1), min_size=m, max_size=m)), dtype=np.int64)
    rise = np.array(data.draw(hst.lists(hst.booleans(), min_size=m, max_size=m)), dtype=bool)
    reached = det._reached(fired, typology, at, rise)
    for j in range(m):
        i = int(at[j])
        here = [r for r in rule_ids if fired[r][i]]
        positive = ";".join(r for r in rule_ids if r in here and not det.policy.rules[r].exemption)
        negative = ";".join(r for r in rule_ids if r in here and det.policy.rules[r].exemption)
        name = det.policy.typologies[int(typology[i])].id
        expected = (positive, name, negative) if rise[j] else (None, None, None)
        assert (reached["rules"][j], reached["typology"][j], reached["exemptions"][j]) == expected


def test_home_cities_by_code_are_those_by_text() -> None:
    """Calls read from a file carry their callers' codes, and the home cities are then kept by code
    (``_caller_homes``): each call's home city is the one the text gives, for callers new to the
    table and for callers it holds, and a caller validation found no code for sends the batch to
    the text."""
    from ringfence.detect.columnar import file_records
    from ringfence.ingest.source import Format, StreamInput
    from ringfence.ingest.validate import code_column

    head = (
        "call_id,caller,callee,start_time,duration_s,origin,caller_imei,caller_cell,caller_region,call_type\n"
    )
    rows = [
        "c1,+8613800000001,+8613900000002,2026-11-02T00:00:00+08:00,5,intra,,,成都,moc",
        "c2,+8613912345678,+8613900000002,2026-11-02T00:00:01+08:00,5,intra,,,北京,moc",
        "c3,+8613800000001,+8613900000003,2026-11-02T00:00:02+08:00,5,intra,,,成都,moc",
        "c4,+8618612345678,95588,2026-11-02T00:00:03+08:00,0,intra,,,,moc",
    ]
    text = (head + "\n".join(rows) + "\n").encode()
    [calls] = list(file_records([StreamInput.of_bytes("c.csv", text, Format.CSV)], RecordKind.CALLS))
    assert calls[code_column("caller")].null_count() == 0
    by_code = ENGINES["columnar"](load_policy())
    by_text = ENGINES["columnar"](load_policy())
    for _ in range(2):  # new callers, then callers the table holds
        homes = by_code._caller_homes(calls)
        assert homes.equals(by_text._caller_homes(calls.drop(code_column("caller"))))
    assert by_code._home_codes.height == 3
    assert by_code._home_table.height == 0
    assert by_text._home_table.height == 3
    assert homes.null_count() < homes.len()  # the numbering plan named some city
    partial = calls.with_columns(pl.lit(None, pl.UInt64).alias(code_column("caller")))
    assert by_code._caller_homes(partial).equals(homes)
    assert by_code._home_table.height == 3  # asked by text


def test_events_of_several_frames_made_together_are_each_frames_own() -> None:
    """``facts_of`` makes the events of a batch's frames in one pass (one schema) or frame by frame
    (several): each frame's events, row numbers included, are what ``facts`` makes of it alone,
    an empty frame's none."""
    from ringfence.detect.columnar import file_records
    from ringfence.ingest.source import Format, StreamInput
    from ringfence.ingest.validate import code_column

    head = (
        "call_id,caller,callee,start_time,duration_s,origin,caller_imei,caller_cell,caller_region,call_type\n"
    )
    rows = [
        f"c{i},+86138000000{i % 7:02d},+86139000000{i % 5:02d},"
        f"2026-11-02T00:00:{i:02d}+08:00,{i},intra,,,成都,moc"
        for i in range(12)
    ]
    [calls] = list(
        file_records(
            [StreamInput.of_bytes("c.csv", (head + "\n".join(rows) + "\n").encode(), Format.CSV)],
            RecordKind.CALLS,
        )
    )
    det = ENGINES["columnar"](load_policy())
    frames = [calls[:5], calls[5:5], calls[5:]]
    alone = [det.facts(RecordKind.CALLS, f) for f in frames]
    together = det.facts_of(RecordKind.CALLS, frames)
    assert [f.height for f in together] == [10, 0, 14]
    for a, b in zip(alone, together, strict=True):
        assert a.equals(b)
    mixed = [frames[0], frames[2].drop(code_column("caller"))]  # two schemas: frame by frame
    assert det.facts_of(RecordKind.CALLS, mixed)[0].equals(alone[0])
