from __future__ import annotations

import pickle
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.detect.columnar import file_records
from ringfence.detect.exports import flagged_table
from ringfence.detect.presentation import PresentedForms
from ringfence.domain.numbers import normalize
from ringfence.ingest import RecordKind


def test_flagged_numbers_are_named_as_the_input_wrote_them(tmp_path: Path) -> None:
    calls = tmp_path / "calls.csv"
    calls.write_text(
        "call_id,caller,callee,start_time,duration_s\n"
        "1,13812345678,02887654321,2026-11-24T08:00:00+08:00,0\n"
        "2,13812345678,+862887654321,2026-11-24T08:01:00+08:00,0\n"
        "3,+8613812345678,02887654321,2026-11-24T08:02:00+08:00,0\n",
        encoding="utf-8",
    )
    presented = PresentedForms()
    reader = file_records([calls], RecordKind.CALLS)
    presented.observe(reader)
    assert sum(batch.height for batch in reader) == 3  # the one read that detection makes
    forms = presented.forms({"+8613812345678", "+862887654321", "+8613900000000"})
    assert forms == {"+8613812345678": "13812345678", "+862887654321": "02887654321"}
    flagged = pl.DataFrame({"number": ["+8613812345678", "+8613900000000"], "score": [1.0, 0.5]})
    out = flagged_table(flagged, "Asia/Shanghai", forms)
    assert out["number"].to_list() == ["13812345678", "+8613900000000"]
    assert out["number_e164"].to_list() == ["+8613812345678", "+8613900000000"]
    assert out.columns == ["number", "score", "number_e164"]


_PRESENTATIONS = st.one_of(
    st.from_regex(r"(\+86|0086|86)?1[0-9]{10}", fullmatch=True),  # mobiles, written every way
    st.from_regex(r"106[0-9]{8}", fullmatch=True),  # SMS ports: 11 digits, not mobiles
    st.from_regex(r"0?2[0-9]{9}", fullmatch=True),  # fixed lines
    st.from_regex(r"\+?[0-9 ()-]{3,16}", fullmatch=True),
    st.text("0123456789+ -１２３", min_size=1, max_size=14),
)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(_PRESENTATIONS, st.integers(1, 4)), min_size=1, max_size=30))
def test_forms_are_the_most_frequent_presentation_normalize_gives(counted: list[tuple[str, int]]) -> None:
    """The mobile patterns ``forms`` recognises without ``normalize`` give what ``normalize`` gives:
    the result is the reference computed with ``normalize`` on every presentation."""
    presented = PresentedForms()
    raw = [r.strip() for r, n in counted for _ in range(n) if r.strip()]
    if not raw:
        return
    presented._count(pl.DataFrame({"caller": raw}), ("caller",))
    best: dict[str, tuple[int, str]] = {}
    counts: dict[str, int] = {}
    for r in raw:
        counts[r] = counts.get(r, 0) + 1
    for r, n in counts.items():
        canon = normalize(r)
        if canon not in best or (-n, r) < (-best[canon][0], best[canon][1]):
            best[canon] = (n, r)
    wanted = set(best) | {"+8613800000000"}
    assert presented.forms(wanted) == {c: r for c, (_, r) in best.items()}


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "13812345678",
                    "+8613812345678",
                    " 138 1234 5678",
                    "02887654321",
                    "+862887654321",
                    "95588",
                    "",
                    " ",
                ]
            ),
            max_size=12,
        ),
        min_size=1,
        max_size=12,
    ),
    st.integers(1, 20),
)
def test_counts_merged_now_and_then_name_what_one_count_names(batches: list[list[str]], floor: int) -> None:
    """However often the parts are merged (here after as few as one row), batch by batch and
    through ``merge``, the forms are those of counting everything at once."""
    from ringfence.detect import presentation

    old = presentation._MERGE_ROWS
    presentation._MERGE_ROWS = floor
    try:
        merged, whole, other = PresentedForms(), PresentedForms(), PresentedForms()
        for i, batch in enumerate(batches):
            frame = pl.DataFrame(
                {"caller": batch, "callee": batch[::-1]}, schema={"caller": pl.String, "callee": pl.String}
            )
            (merged if i % 2 else other)._count(frame, ("caller", "callee"))
        merged.merge(other)
        every = [v for b in batches for v in (*b, *b[::-1])]
        whole._texts.add([pl.DataFrame({"raw": every}, schema={"raw": pl.String}).group_by("raw").len()])
    finally:
        presentation._MERGE_ROWS = old
    wanted = {"+8613812345678", "+862887654321", "95588"}
    assert merged.forms(wanted) == whole.forms(wanted)
    assert pickle.loads(pickle.dumps(merged)).forms(wanted) == whole.forms(wanted)  # pickled merged


def test_a_snapshot_from_before_mobiles_were_counted_apart_still_names_them() -> None:
    """``watch`` snapshots pickle the counts: one written when every presentation was counted as text
    holds ``_counts``; unpickling hands that state to ``__setstate__``, which loads it into the two
    tallies, and the forms are the same."""
    loaded = PresentedForms.__new__(PresentedForms)
    loaded.__setstate__(
        {
            "_counts": [
                pl.DataFrame(
                    {"raw": ["+8613812345678", "13812345678"], "len": [3, 2]},
                    schema_overrides={"len": pl.UInt32},
                )
            ]
        }
    )
    loaded._count(pl.DataFrame({"caller": ["13812345678", "13812345678"]}), ("caller",))
    assert loaded.forms({"+8613812345678"}) == {"+8613812345678": "13812345678"}  # 4 against 3
