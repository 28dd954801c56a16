from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ringfence.bootstrap import build_platform
from ringfence.cli.main import get_app
from ringfence.settings import Settings
from tests.support.runs import FlagRow, write_run

runner = CliRunner()


def _has(output: str, expected: str) -> bool:
    """``expected`` is in ``output`` once Rich's line wrapping (which may split words) is undone."""
    return "".join(expected.split()) in "".join(output.split())


def test_load_run_with_records(tmp_path: Path) -> None:
    env = {"RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    run = write_run(tmp_path / "run", [FlagRow("+8613800000001"), FlagRow("13900000002", verdict="warn")])
    records = tmp_path / "records"
    records.mkdir()
    (records / "calls.csv").write_text(
        "call_id,caller,callee,start_time,duration_s\n"
        "c1,+8613800000001,13900000002,2026-11-02T08:00:00+08:00,3\n"
        "c2,+8613800000001,13900000003,not-a-time,3\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        get_app(), ["load-run", str(run), "--org", "op-a", "--records", str(records)], env=env
    )
    assert result.exit_code == 0, result.output
    assert _has(result.output, "stored 1 calls, 0 messages (1 quarantined)")
    assert _has(result.output, "2 alerts, 2 rule hits → op-a")
    platform = build_platform(Settings(data_dir=tmp_path / "data"))
    numbers = sorted(d.number for d in platform.store.decisions("op-a"))
    assert numbers == ["+8613800000001", "+8613900000002"]  # canonicalised on load
    assert platform.store.runs("op-a")[0]["policy_name"] == "test-policy"
    platform.close()


def test_not_a_run_directory(tmp_path: Path) -> None:
    result = runner.invoke(
        get_app(), ["load-run", str(tmp_path), "--org", "a"], env={"RINGFENCE_DATA_DIR": str(tmp_path / "d")}
    )
    assert result.exit_code == 2
    assert _has(result.output, "no flagged.csv")


def test_a_broken_run_names_file_and_line(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", [FlagRow("+8613800000001")])
    text = (run / "flagged.csv").read_text(encoding="utf-8").replace(",block,", ",ban,")
    (run / "flagged.csv").write_text(text, encoding="utf-8")
    result = runner.invoke(
        get_app(), ["load-run", str(run), "--org", "a"], env={"RINGFENCE_DATA_DIR": str(tmp_path / "d")}
    )
    assert result.exit_code == 2
    assert _has(result.output, "flagged.csv:2")


def test_serve_stop_without_a_server(tmp_path: Path) -> None:
    result = runner.invoke(get_app(), ["serve", "--stop"], env={"RINGFENCE_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 0
    assert _has(result.output, "no background ringfence server")


def test_an_organisation_id_keys_create_refuses_is_refused_here_too(tmp_path: Path) -> None:
    """Regression: ``load-run --org`` accepted ids that ``keys create`` refuses (a tenant no key can
    ever reach)."""
    run = write_run(tmp_path / "run", [FlagRow("+8613800000001")])
    env = {"RINGFENCE_DATA_DIR": str(tmp_path / "d")}
    for bad in ("A B", "Op-A", "../x", "x" * 65, ""):
        result = runner.invoke(get_app(), ["load-run", str(run), "--org", bad], env=env)
        assert result.exit_code == 2, (bad, result.output)
        assert _has(result.output, "organisation id")
    platform = build_platform(Settings(data_dir=tmp_path / "d"))
    assert not platform.store.org_exists("A B")
    platform.close()
