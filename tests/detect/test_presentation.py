from __future__ import annotations

from pathlib import Path

import polars as pl

from ringfence.detect.columnar import file_records
from ringfence.detect.exports import flagged_table
from ringfence.detect.presentation import PresentedForms
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
