"""`ringfence tags` over the store the RINGFENCE_* settings name: list / add / dispute / delist /
appeal / decide / override, each with --help, each change audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringfence.bootstrap import build_platform
from ringfence.cli.main import get_app
from ringfence.settings import Settings
from tests.support.cli import cli_env

runner = CliRunner()
N = "+8613800000001"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = cli_env(tmp_path, monkeypatch)
    platform = build_platform(Settings())
    for org in ("op-a", "op-b"):
        platform.store.ensure_org(org, org.upper(), platform.clock())
    platform.close()
    return values


def _run(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = runner.invoke(get_app(), list(args), env=env)
    assert result.exit_code == code, result.output
    return result.output


def test_every_tags_command_has_help(env: dict[str, str]) -> None:
    for command in ("list", "add", "dispute", "delist", "appeal", "decide", "override"):
        out = _run(env, "tags", command, "--help")
        assert "--org" in out
    assert "lifecycle" in _run(env, "tags", "--help")


def test_the_lifecycle_from_the_command_line(env: dict[str, str]) -> None:
    out = _run(env, "tags", "add", "13800000001", "诈骗电话", "--org", "op-a", "--kind", "confirmed_case")
    assert "started: tag #1 +8613800000001" in out
    out = _run(env, "tags", "add", N, "诈骗电话", "--org", "op-b", "--kind", "operator")
    assert "added to: tag #1" in out
    before = float(out.split("confidence ")[1].split()[0])
    out = _run(env, "tags", "dispute", N, "诈骗电话", "--org", "op-b", "--kind", "user_report")
    assert float(out.split("confidence ")[1].split()[0]) < before
    assert "--kind: one of" in _run(env, "tags", "add", N, "x", "--org", "op-a", "--kind", "nobody", code=2)
    out = _run(env, "tags", "override", N, "诈骗电话", "--org", "op-b", "--hide", "--reason", "our customer")
    assert "hidden in op-b's view" in out
    assert "0 tag(s)" in _run(env, "tags", "list", "--org", "op-b")
    assert "1 tag(s)" in _run(env, "tags", "list", "--org", "op-a")
    assert "hidden" in _run(env, "tags", "list", "--org", "op-b", "--global")
    _run(env, "tags", "override", N, "诈骗电话", "--org", "op-b", "--clear")
    assert "1 tag(s)" in _run(env, "tags", "list", "--org", "op-b")
    out = _run(env, "tags", "appeal", "1", "--org", "op-b", "--grounds", "re-issued", "--by", "holder")
    assert "1 appeal(s)" in out
    assert "only the organisation" in _run(env, "tags", "decide", "1", "overturned", "--org", "op-b", code=2)
    out = _run(env, "tags", "decide", "1", "overturned", "--org", "op-a", "--note", "checked")
    assert "delisted" in out
    assert "0 tag(s)" in _run(env, "tags", "list", "--org", "op-a")
    assert "1 tag(s)" in _run(env, "tags", "list", "--org", "op-a", "--global", "--state", "delisted")
    _run(env, "tags", "add", N, "骚扰电话", "--org", "op-a")
    assert "delisted" in _run(env, "tags", "delist", "2", "--org", "op-a", "--reason", "mistake")
    platform = build_platform(Settings())
    try:
        actions = [e.action for e in platform.store.audit_entries("op-a", targets=[f"tag:{N}"])]
    finally:
        platform.close()
    assert actions == [
        "tag.delist",
        "tag.create",
        "tag.decide",
        "tag.appeal",
        "tag.evidence",
        "tag.evidence",
        "tag.create",
    ]
