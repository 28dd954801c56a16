"""``ringfence detect-stored``: stored records in, alerts out; bad windows are clear errors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ringfence.bootstrap import build_platform
from ringfence.cli.main import get_app
from ringfence.services.load_run import load_records
from ringfence.settings import Settings
from tests.cli.test_load_run import _has

runner = CliRunner()
CALLS = "call_id,caller,callee,start_time,duration_s\n" + "".join(
    f"c{i},+8613800000001,+86139{i:08d},2026-11-02T08:{i % 60:02d}:00+08:00,0\n" for i in range(120)
)


def test_detect_stored_flags_and_loads_alerts(tmp_path: Path) -> None:
    env = {"RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    records = tmp_path / "records"
    records.mkdir()
    (records / "calls.csv").write_text(CALLS, encoding="utf-8")
    platform = build_platform(Settings(data_dir=tmp_path / "data"))
    platform.store.ensure_org("op-a", "op-a", platform.clock())
    assert load_records(platform.store, "op-a", records, tmp_path / "q.csv") == (120, 0, 0)
    platform.close()
    args = ["detect-stored", "--org", "op-a", "--run-dir", str(tmp_path / "run")]
    window = ["--since", "2026-11-02T00:00+08:00", "--until", "2026-11-03T00:00+08:00"]
    result = runner.invoke(get_app(), [*args, *window], env=env)
    assert result.exit_code == 0, result.output
    assert _has(result.output, "replayed 120 calls and 0 messages of op-a")
    assert _has(result.output, "run #1: 1 alerts")
    platform = build_platform(Settings(data_dir=tmp_path / "data"))
    assert [d.number for d in platform.store.decisions("op-a")] == ["+8613800000001"]
    platform.close()

    # The default window ends now: these records are older than a week, so there is nothing to replay.
    result = runner.invoke(get_app(), args, env=env)
    assert result.exit_code == 2
    assert _has(result.output, "has no calls stored between")


def test_times_need_an_offset(tmp_path: Path) -> None:
    env = {"RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    args = ["detect-stored", "--org", "a", "--run-dir", str(tmp_path / "r"), "--since", "2026-11-02T00:00"]
    result = runner.invoke(get_app(), args, env=env)
    assert result.exit_code == 2
    assert _has(result.output, "has no UTC offset")
