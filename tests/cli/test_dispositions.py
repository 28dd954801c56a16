"""`ringfence dispositions` and `ringfence outbox` over the store the RINGFENCE_* settings name."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringfence.bootstrap import build_platform
from ringfence.cli.main import get_app
from ringfence.domain.access import Principal, Role
from ringfence.services import disposal
from ringfence.settings import Settings
from tests.support.cli import cli_env

runner = CliRunner()
N1, N2 = "+8613800000001", "+8613800000002"


def _flat(output: str) -> str:
    return "".join(output.split())


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = cli_env(tmp_path, monkeypatch, RINGFENCE_PROVISIONING_EXPORT_DIR=str(tmp_path / "boss"))
    platform = build_platform(Settings())
    now = platform.clock()
    platform.store.ensure_org("op-a", "A", now)
    who = Principal("op-a", Role.ANALYST, 1, "alice")
    long_ago = now - timedelta(days=30)
    disposal.act(platform.store, platform.disposal, who, N1, "suspend", long_ago, "dialer", grade="high")
    disposal.act(platform.store, platform.disposal, who, N2, "label", now, "spam calls")
    platform.close()
    return values


def test_list_show_and_sweep(env: dict[str, str]) -> None:
    listed = runner.invoke(get_app(), ["dispositions", "list", "--org", "op-a"], env=env)
    assert listed.exit_code == 0, listed.output
    flat = _flat(listed.output)
    assert N1 in flat
    assert "suspended" in flat
    assert "overdue" in flat
    assert "2disposition(s)" in flat
    only = runner.invoke(get_app(), ["dispositions", "list", "--org", "op-a", "--state", "labelled"], env=env)
    assert N2 in _flat(only.output)
    assert N1 not in _flat(only.output)
    shown = runner.invoke(get_app(), ["dispositions", "show", "13800000001", "--org", "op-a"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "allowednow:request_verification,override" in _flat(shown.output)
    assert "active" in shown.output
    swept = runner.invoke(get_app(), ["dispositions", "sweep"], env=env)
    assert swept.exit_code == 0, swept.output
    assert f"escalatedop-a{N1}" in _flat(swept.output)
    assert "1escalated" in _flat(swept.output)
    again = runner.invoke(get_app(), ["dispositions", "sweep", "--org", "op-a"], env=env)
    assert "0escalated" in _flat(again.output)


def test_outbox_dispatch_exports_and_list_shows_delivery(env: dict[str, str], tmp_path: Path) -> None:
    queued = runner.invoke(get_app(), ["outbox", "list", "--org", "op-a", "--status", "queued"], env=env)
    assert queued.exit_code == 0, queued.output
    assert _flat(queued.output).count("@provisioning-file") == 2  # one message per disposal
    sent = runner.invoke(get_app(), ["outbox", "dispatch"], env=env)
    assert sent.exit_code == 0, sent.output
    assert "2delivered" in _flat(sent.output)
    files = list((tmp_path / "boss").glob("provisioning-file-*.jsonl"))
    assert len(files) == 1
    assert len(files[0].read_text(encoding="utf-8").splitlines()) == 2
    listed = runner.invoke(get_app(), ["outbox", "list", "--org", "op-a", "--topic", "provisioning"], env=env)
    assert _flat(listed.output).count("delivered") == 2
    idle = runner.invoke(get_app(), ["outbox", "dispatch"], env=env)
    assert "nothingdue" in _flat(idle.output)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dispositions", "list", "--org", "nobody"], "no organisation 'nobody'"),
        (["dispositions", "list", "--org", "op-a", "--state", "asleep"], "unknown state"),
        (["dispositions", "show", "  ", "--org", "op-a"], "empty number"),
        (["outbox", "list", "--org", "op-a", "--topic", "fax"], "unknown topic"),
        (["dispositions", "sweep", "--org", "Bad Org"], "organisation id"),
    ],
)
def test_bad_arguments_are_one_line_errors(env: dict[str, str], args: list[str], message: str) -> None:
    result = runner.invoke(get_app(), args, env=env)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_help_of_every_command() -> None:
    for args in (["dispositions"], ["outbox"], ["dispositions", "sweep"], ["outbox", "list"]):
        result = runner.invoke(get_app(), [*args, "--help"])
        assert result.exit_code == 0
        assert "Usage" in result.output
