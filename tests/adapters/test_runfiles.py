from __future__ import annotations

import json
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
    assert (d.number, d.score, d.verdict.value, d.typology) == (
        "+8613800000001",
        0.95,
        "block",
        "wangiri",
    )
    assert run.hits[0].evidence == {"calls_1h_max": 40, "short_share": 0.8}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (",0.9,", ",1.5,", "outside"),
        (",dialer", ",pi rate!", "not a typology"),
        ("+00:00", "", "without offset"),
        (",block,", ",bad\xff,", "not a valid Verdict"),
    ],
)
def test_broken_rows_name_the_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    write_run(tmp_path, [FlagRow("+8613800000001")])
    flagged = tmp_path / "flagged.csv"
    flagged.write_text(flagged.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataContractError, match=message):
        read_run(tmp_path)


def test_a_typology_the_policy_declared_loads(tmp_path: Path) -> None:
    """Regression: a policy may declare any typology; loading its run must not fail on a closed list."""
    run = read_run(write_run(tmp_path, [FlagRow("+8613800000001", typology="pig_butchering")]))
    assert run.decisions[0].typology == "pig_butchering"


def test_run_json_inputs_are_the_paths_read(tmp_path: Path) -> None:
    """Regression: ``inputs`` is ``{kind: [paths]}`` in run.json; the run records the paths, not the kinds."""
    write_run(tmp_path, [FlagRow("+8613800000001")])
    info = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    info["inputs"] = {"calls": ["/data/calls-1.csv", "/data/calls-2.csv"], "sms": ["/data/sms.csv"]}
    (tmp_path / "run.json").write_text(json.dumps(info), encoding="utf-8")
    assert read_run(tmp_path).info.inputs == ("/data/calls-1.csv", "/data/calls-2.csv", "/data/sms.csv")


def test_an_unreadable_flagged_file_is_a_clear_error(tmp_path: Path) -> None:
    write_run(tmp_path, [FlagRow("+8613800000001")])
    (tmp_path / "flagged.csv").write_bytes(b"number,score\n\xff\xfe\x00garbage\n")
    with pytest.raises(DataContractError):
        read_run(tmp_path)
