from __future__ import annotations

from pathlib import Path

import pytest

from ringfence.adapters.runfiles import read_run
from ringfence.errors import DataContractError
from tests.support.runs import FlagRow, write_run


def test_reads_a_run(tmp_path: Path) -> None:
    run = read_run(write_run(tmp_path, [FlagRow("008613800000001", score=0.95, typology="wangiri")]))
    assert run.info.policy_name == "test-policy"
    assert run.info.policy_version == "3"
    d = run.decisions[0]
    assert (d.number, d.score, d.verdict.value, d.typology.value) == (
        "+8613800000001",
        0.95,
        "block",
        "wangiri",
    )
    assert run.hits[0].evidence == {"calls_1h_max": 40, "short_share": 0.8}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [(",0.9,", ",1.5,", "outside"), (",dialer", ",pirate", "pirate"), ("+00:00", "", "without offset")],
)
def test_broken_rows_name_the_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    write_run(tmp_path, [FlagRow("+8613800000001")])
    flagged = tmp_path / "flagged.csv"
    flagged.write_text(flagged.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataContractError, match=message):
        read_run(tmp_path)
