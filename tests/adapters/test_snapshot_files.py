from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ringfence.adapters.snapshot_files import (
    FileSnapshotSource,
    build_snapshot,
    load_policy,
    load_snapshot,
    write_snapshot_json,
)
from ringfence.errors import ConfigError, InputFileError
from ringfence.screening import FailMode


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def lists_dir(tmp_path: Path) -> Path:
    d = tmp_path / "lists"
    d.mkdir()
    write(d / "blacklist.csv", "number,reason\n17012340001,police report\nnot-a-number,x\n")
    write(d / "tags.csv", "number,tag\n+8613611112222,骚扰电话\n")
    write(
        d / "flagged.csv",
        "number,score,verdict,rules,first_seen,detected_at\n"
        "13522223333,0.93,block,sim_box;burst,2026-11-24T08:00:00+08:00,2026-11-24T09:00:00+08:00\n"
        "13533334444,oops,warn,x,,\n",
    )
    write(d / "trusted.csv", "number,trunks\n95588,icbc-1;icbc-2\n")
    write(d / "inbound_only.csv", "number\n12345\n")
    write(d / "marketing.csv", "number\n13655556666\n")
    write(d / "do_not_call.csv", "number\n13900000001\n")
    write(d / "roaming.csv", "number\n")
    write(d / "protected.csv", "number\n13900000002\n")
    write(d / "subscribers.csv", "number,birth_year\n13900000003,1940\n13900000004,1990\n")
    write(d / "manifest.json", json.dumps({"version": "ops-42", "built_at": "2026-11-24T10:00:00+08:00"}))
    return d


def test_loads_a_directory_of_lists(tmp_path: Path) -> None:
    snap = load_snapshot(lists_dir(tmp_path))
    assert snap.version == "ops-42"
    assert snap.built_at == pytest.approx(1_795_485_600.0)
    c = snap.callers
    assert c["+8617012340001"].blacklist == "police report"
    assert c["+8613611112222"].tag == "骚扰电话"
    assert (c["+8613522223333"].score, c["+8613522223333"].evidence) == (0.93, "sim_box;burst")
    assert "+8613533334444" not in c  # unreadable score skipped
    assert c["95588"].trusted_trunks == frozenset({"icbc-1", "icbc-2"})
    assert c["12345"].inbound_only
    assert c["+8613655556666"].marketing
    assert snap.do_not_call == frozenset({"+8613900000001"})
    assert snap.roaming == frozenset()  # supplied, and empty
    assert snap.protected == frozenset({"+8613900000002", "+8613900000003"})  # born 1940: elderly


def test_json_round_trip(tmp_path: Path) -> None:
    snap = load_snapshot(lists_dir(tmp_path))
    out = tmp_path / "snap.json"
    write_snapshot_json(snap, out)
    again = load_snapshot(out)
    assert again.callers == snap.callers
    assert (again.protected, again.do_not_call, again.roaming) == (
        snap.protected,
        snap.do_not_call,
        snap.roaming,
    )
    assert again.version == snap.version
    assert again.built_at == pytest.approx(snap.built_at)


def test_build_merges_lists_and_detect_output(tmp_path: Path) -> None:
    flagged = write(
        tmp_path / "flagged.csv",
        "number,score,verdict,rules,first_seen,detected_at\n13812345678,0.55,warn,burst,,\n",
    )
    snap, skipped = build_snapshot(lists_dir(tmp_path), [flagged], "b1", 5.0)
    assert snap.callers["+8613812345678"].score == 0.55
    assert snap.callers["+8617012340001"].blacklist == "police report"
    assert skipped == 2  # not-a-number, oops
    with pytest.raises(InputFileError):
        build_snapshot(None, [tmp_path / "missing.csv"], "b2", 5.0)


def test_missing_and_broken_snapshots_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such snapshot"):
        load_snapshot(tmp_path / "nope")
    with pytest.raises(InputFileError, match="not a JSON snapshot"):
        load_snapshot(write(tmp_path / "bad.json", "{"))
    d = tmp_path / "d"
    d.mkdir()
    write(d / "blacklist.csv", "phone\n13812345678\n")
    with pytest.raises(InputFileError, match="no 'number' column"):
        load_snapshot(d)


def test_file_source_token_changes_on_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    source = FileSnapshotSource(path)
    assert source.token() is None
    write(path, "{}")
    first = source.token()
    os.utime(path, ns=(1, 2_000_000_000_000_000_000))
    assert source.token() not in (None, first)
    d = lists_dir(tmp_path)
    dir_source = FileSnapshotSource(d)
    before = dir_source.token()
    os.utime(d / "tags.csv", ns=(1, 3_000_000_000_000_000_000))
    assert dir_source.token() != before


def test_policy_files(tmp_path: Path) -> None:
    p = load_policy(write(tmp_path / "p.json", '{"fail_mode": "closed", "version": "x"}'))
    assert (p.fail_mode, p.version) == (FailMode.CLOSED, "x")
    with pytest.raises(InputFileError):
        load_policy(tmp_path / "none.json")
    with pytest.raises(ConfigError):
        load_policy(write(tmp_path / "q.json", "[1]"))
    with pytest.raises(ConfigError):
        load_policy(write(tmp_path / "r.json", "{nope"))
