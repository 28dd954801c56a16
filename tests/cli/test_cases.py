"""`ringfence cases` and `ringfence complaints` over the store the RINGFENCE_* settings name."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringfence.bootstrap import build_platform
from ringfence.cli.main import get_app
from ringfence.settings import Settings
from tests.support.cli import cli_env

runner = CliRunner()
N1 = "+8613800000001"


def _flat(output: str) -> str:
    return "".join(output.split())


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = cli_env(tmp_path, monkeypatch)
    platform = build_platform(Settings())
    for org in ("op-a", "op-b"):
        platform.store.ensure_org(org, org.upper(), platform.clock())
    platform.close()
    return values


def _run(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(get_app(), list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_complaints_add_list_show(env: dict[str, str]) -> None:
    out = _run(
        env,
        "complaints",
        "add",
        "13800000001",
        "--org",
        "op-a",
        "--category",
        "loan",
        "--reporter",
        "13911112222",
    )
    assert "received: complaint #1 (case #1" in out
    again = _run(
        env,
        "complaints",
        "add",
        "13800000001",
        "--org",
        "op-a",
        "--category",
        "loan",
        "--reporter",
        "13911112222",
    )
    assert "already received as complaint #1" in again
    listed = _flat(_run(env, "complaints", "list", "--org", "op-a"))
    assert N1 in listed
    assert "+86139****2222" in listed
    assert "1complaint(s)" in listed
    shown = _run(env, "complaints", "show", "1", "--org", "op-a")
    assert "reporters" in shown
    assert "13911112222" not in shown
    bad = runner.invoke(
        get_app(),
        ["complaints", "add", "1380", "--org", "op-a", "--category", "x", "--reporter", "r"],
        env=env,
    )
    assert bad.exit_code != 0
    assert "unknown category" in bad.output


def test_cases_add_list_update_dispatch_show(env: dict[str, str]) -> None:
    assert "case #1 opened" in _run(env, "cases", "add", "13800000001", "--org", "op-a", "--title", "dialer")
    _run(env, "cases", "add", "13800000002", "--org", "op-a")
    out = _run(
        env,
        "cases",
        "update",
        "1",
        "2",
        "99",
        "--org",
        "op-a",
        "--status",
        "investigating",
        "--assignee",
        "alice",
        "--comment",
        "looking",
    )
    assert "case #1 investigating" in out
    assert "no case 99" in out
    assert "dispatch #1 sent to op-b" in _run(env, "cases", "dispatch", "1", "--org", "op-a", "--to", "op-b")
    listed = _flat(_run(env, "cases", "list", "--org", "op-a", "--status", "waiting"))
    assert N1 in listed
    assert "1case(s)" in listed
    assert "1case(s)" in _flat(_run(env, "cases", "list", "--org", "op-a", "--dispatched-to", "op-b"))
    shown = _run(env, "cases", "show", "1", "--org", "op-a")
    assert "dispatch #1 → op-b: pending" in shown
    assert "looking" in shown
    assert "0 escalated" in _run(env, "cases", "sweep")  # the deadline is days away
    missing = runner.invoke(get_app(), ["cases", "show", "7", "--org", "op-a"], env=env)
    assert missing.exit_code != 0


def test_help_is_there() -> None:
    for group in ("cases", "complaints"):
        result = runner.invoke(get_app(), [group, "--help"])
        assert result.exit_code == 0
        assert "list" in result.output
        assert "add" in result.output


def test_labels_export_for_model_training(env: dict[str, str], tmp_path: Path) -> None:
    from datetime import UTC, datetime

    platform = build_platform(Settings())
    at = datetime(2026, 11, 3, tzinfo=UTC)
    first = platform.store.open_case("op-a", N1, "t", "", "x", at)
    second = platform.store.open_case("op-a", "+8613800000002", "t", "", "x", at)
    platform.store.update_case(
        "op-a", first, "x", at, status="closed", outcome="confirmed_fraud", label="fraud"
    )
    platform.store.update_case(
        "op-a", second, "x", at, status="closed", outcome="not_fraud", label="not_fraud"
    )
    platform.close()
    out = tmp_path / "known.csv"
    assert "2 labelled number(s)" in _run(env, "cases", "labels", "--org", "op-a", "--out", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "number,label,case_id,at"
    assert [line.split(",")[:3] for line in lines[1:]] == [
        [N1, "1", str(first)],
        ["+8613800000002", "0", str(second)],
    ]
