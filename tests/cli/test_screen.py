from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringfence.cli.main import get_app

runner = CliRunner()
HEADER = (
    "call_id,caller,callee,start_time,duration_s,origin,caller_imei,caller_imsi,caller_cell,caller_region,"
    "call_type\n"
)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_calls(path: Path, body: str) -> Path:
    path.write_text(HEADER + body, encoding="utf-8")
    return path


CALLS = (
    "c1,13812345678,13987654321,2026-11-24T08:15:02+08:00,95,intra,,,,,moc\n"
    "c2,+8613812345678,02887654321,2026-11-24T08:17:40+08:00,0,international,,,,,mtc\n"
    "c3,95588,13987654321,2026-11-24T08:21:00+08:00,640,international,,,,,mtc\n"
    "c4,17012340001,15011112222,2026-11-24 08:21:07,0,inter,,,,,moc\n"
    "c5,+447911123456,13987654321,2026-11-24T02:03:04Z,0,international,,,,,mtc\n"
    "c6,abc,13987654321,2026-11-24T02:03:04Z,0,intra,,,,,mtc\n"
    "c7,008613812345678,13987654321,2026-11-24T02:03:04Z,0,,,,,,\n"
)


def test_screens_every_call_cold_in_input_order(tmp_path: Path) -> None:
    calls = write_calls(tmp_path / "calls.csv", CALLS)
    out = tmp_path / "verdicts.csv"
    result = runner.invoke(get_app(), ["screen", "--calls", str(calls), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    got = [(r["call_id"], r["verdict"], r["reasons"], r["label"]) for r in rows(out)]
    assert got == [
        ("c1", "allow", "", ""),
        ("c2", "block", "spoofed_domestic", "疑似改号"),
        ("c3", "block", "spoofed_official", "疑似改号"),
        ("c4", "allow", "", ""),
        ("c5", "label", "international", "境外来电"),
        ("c6", "label", "irregular", "号码不规范"),
        ("c7", "allow", "", ""),  # no origin: the contract's default, intra
    ]
    summary = json.loads(result.stdout)
    assert summary["calls"] == 7
    assert summary["verdicts"] == {"allow": 3, "block": 2, "label": 2}


def test_bad_rows_are_quarantined_and_still_get_a_verdict(tmp_path: Path) -> None:
    calls = write_calls(
        tmp_path / "calls.csv",
        "b1,13812345678,13987654321,2026-11-24T08:15:02+08:00,95,intra,,,,,\n"
        "b2,+8613812345678,13987654321,not-a-time,0,international,,,,,\n"
        "b3,,13987654321,2026-11-24T08:15:02+08:00,0,intra,,,,,\n"
        "b1,13812345678,13987654321,2026-11-24T08:15:02+08:00,95,intra,,,,,\n"
        "b4,95588,13987654321\n"
        ",95588,1,2026-11-24T08:15:02+08:00,0,international,,,,,\n",
    )
    out = tmp_path / "v.csv"
    result = runner.invoke(get_app(), ["screen", "-c", str(calls), "-o", str(out)])
    assert result.exit_code == 0, result.output
    got = [(r["call_id"], r["verdict"], r["reasons"]) for r in rows(out)]
    assert got == [
        ("b1", "allow", ""),
        ("b2", "block", "spoofed_domestic"),
        ("b3", "label", "irregular"),  # empty caller
        ("b4", "allow", ""),  # short row: origin unknown, read as the default intra
    ]
    quarantine = rows(tmp_path / "v.csv.quarantine.csv")
    assert len(quarantine) == 5
    assert {q["reason"].split(":")[0] for q in quarantine} >= {"duplicate_id", "bad_timestamp"}


def test_snapshot_and_policy_change_verdicts(tmp_path: Path) -> None:
    calls = write_calls(tmp_path / "calls.csv", CALLS)
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "blacklist.csv").write_text("number,reason\n13812345678,report\n", encoding="utf-8")
    (lists / "roaming.csv").write_text("number\n+8613812345678\n", encoding="utf-8")
    (lists / "manifest.json").write_text('{"version": "t1", "built_at": null}', encoding="utf-8")
    policy = tmp_path / "policy.json"
    policy.write_text('{"international": "allow", "max_snapshot_age_s": null}', encoding="utf-8")
    out = tmp_path / "v.csv"
    args = ["screen", "-c", str(calls), "-o", str(out), "--snapshot", str(lists), "--policy", str(policy)]
    result = runner.invoke(get_app(), args)
    assert result.exit_code == 0, result.output
    verdicts = {r["call_id"]: (r["verdict"], r["reasons"]) for r in rows(out)}
    assert verdicts["c1"] == ("block", "blacklisted")
    assert verdicts["c2"] == ("block", "roaming_exempt;blacklisted")
    assert verdicts["c5"] == ("allow", "international")


def test_missing_snapshot_fails_open_with_a_warning(tmp_path: Path) -> None:
    calls = write_calls(tmp_path / "calls.csv", CALLS)
    out = tmp_path / "v.csv"
    result = runner.invoke(
        get_app(), ["screen", "-c", str(calls), "-o", str(out), "-s", str(tmp_path / "gone")]
    )
    assert result.exit_code == 0, result.output
    assert "fails open" in result.stderr
    verdicts = {r["call_id"]: (r["verdict"], r["reasons"], r["label"]) for r in rows(out)}
    assert verdicts["c1"] == ("allow", "unscreened", "unscreened")
    assert verdicts["c3"] == ("block", "spoofed_official;unscreened", "疑似改号")


def test_bad_policy_and_missing_calls_exit_2(tmp_path: Path) -> None:
    calls = write_calls(tmp_path / "calls.csv", CALLS)
    policy = tmp_path / "p.json"
    policy.write_text('{"colour": "red"}', encoding="utf-8")
    result = runner.invoke(
        get_app(), ["screen", "-c", str(calls), "-o", str(tmp_path / "o"), "-p", str(policy)]
    )
    assert result.exit_code == 2
    assert "unknown policy key" in result.stderr
    result = runner.invoke(get_app(), ["screen", "-c", str(tmp_path / "none.csv"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2


def test_snapshot_build_from_detect_output(tmp_path: Path) -> None:
    flagged = tmp_path / "flagged.csv"
    flagged.write_text(
        "number,score,verdict,rules,first_seen,detected_at\n13812345678,0.97,block,sim_box,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "snap.json"
    result = runner.invoke(get_app(), ["snapshot", "build", "--flagged", str(flagged), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["scores"] == {"+8613812345678": {"score": 0.97, "rules": "sim_box"}}
    calls = write_calls(tmp_path / "calls.csv", CALLS)
    verdicts = tmp_path / "v.csv"
    result = runner.invoke(get_app(), ["screen", "-c", str(calls), "-o", str(verdicts), "-s", str(out)])
    assert result.exit_code == 0, result.output
    assert rows(verdicts)[0]["reasons"] == "high_risk"


def test_help_texts() -> None:
    for args in (["screen", "--help"], ["snapshot", "build", "--help"]):
        result = runner.invoke(get_app(), args)
        assert result.exit_code == 0
        assert "snapshot" in result.output


def test_acceptance_style_scenario_cold(tmp_path: Path) -> None:
    """Spoofed international calls in every presentation are stopped; ordinary domestic calls pass."""
    import random

    rng = random.Random(7)
    prefixes = ["134", "138", "139", "150", "158", "170", "171", "165", "176", "186", "189", "199", "147"]
    areas = ["010", "021", "028", "0755", "0571", "024"]
    officials = ["110", "12345", "95588", "95533", "10086", "10010", "12315", "96110", "10690000123"]
    lines, kinds = [], {}
    for i in range(1_500):
        mobile = rng.choice(prefixes) + f"{rng.randrange(10**8):08d}"
        fixed = rng.choice(areas) + f"{rng.randrange(2, 9)}{rng.randrange(10**6, 10**7)}"
        hour = rng.randrange(24)
        if i % 3 == 0:
            national = rng.choice([mobile, mobile, fixed])
            caller = rng.choice(
                [
                    national,
                    "+86" + national.lstrip("0"),
                    "0086" + national.lstrip("0"),
                    rng.choice(officials),
                    "+86" + rng.choice(officials),
                    "0086" + rng.choice(officials),
                ]
            )
            origin, kind = "international", "spoof"
        else:
            caller = rng.choice(
                [mobile, "+86" + mobile, "0086" + mobile, "86" + mobile, fixed, "+86" + fixed[1:]]
            )
            origin, kind = rng.choice(["intra", "inter", ""]), "domestic"
        kinds[f"a{i}"] = kind
        start = f"2026-11-24T{hour:02d}:{i % 60:02d}:00+08:00"
        lines.append(f"a{i},{caller},{mobile},{start},{rng.randrange(300)},{origin},,,,,\n")
    calls = write_calls(tmp_path / "scenario.csv", "".join(lines))
    out = tmp_path / "v.csv"
    result = runner.invoke(get_app(), ["screen", "--calls", str(calls), "--out", str(out)])
    assert result.exit_code == 0, result.output
    verdicts = {r["call_id"]: r["verdict"] for r in rows(out)}
    assert set(verdicts) == set(kinds)
    spoof = [verdicts[c] for c, k in kinds.items() if k == "spoof"]
    domestic = [verdicts[c] for c, k in kinds.items() if k == "domestic"]
    assert all(v in ("label", "block") for v in spoof)
    assert all(v == "allow" for v in domestic)


def test_snapshot_build_from_the_store_for_offline_screening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from ringfence.bootstrap import build_platform
    from ringfence.settings import Settings

    monkeypatch.setenv("RINGFENCE_DATA_DIR", str(tmp_path / "platform"))
    monkeypatch.setenv("RINGFENCE_SECRET_KEY", "test")
    platform = build_platform(Settings())
    at = datetime(2026, 12, 1, tzinfo=UTC)
    for org in ("op-a", "op-b"):
        platform.store.ensure_org(org, org, at)
    platform.store.add_entry("op-a", "blacklist", "number", "+8613812345678", "", "shared", "ring", "t", at)
    platform.store.add_entry("op-b", "tag", "number", "+8613600000001", "快递外卖", "private", "", "t", at)
    platform.close()
    out = tmp_path / "b.json"
    result = runner.invoke(
        get_app(), ["snapshot", "build", "--from-store", "--org", "op-b", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["shared_blacklist"] == {"+8613812345678": "ring (shared by op-a)"}
    assert data["tags"] == {"+8613600000001": "快递外卖"}
    calls = write_calls(
        tmp_path / "calls.csv", "c1,13812345678,13987654321,2026-11-24T08:15:02+08:00,95,intra,,,,,moc\n"
    )
    verdicts = tmp_path / "v.csv"
    result = runner.invoke(get_app(), ["screen", "-c", str(calls), "-o", str(verdicts), "-s", str(out)])
    assert result.exit_code == 0, result.output
    assert rows(verdicts)[0]["reasons"] == "shared_blacklisted"
    result = runner.invoke(get_app(), ["snapshot", "build", "--from-store", "--out", str(out)])
    assert result.exit_code == 2
    assert "--org" in result.stderr
