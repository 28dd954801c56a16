"""`ringfence feed`: a key, a signed export of an organisation's shared entries, imports merged with
provenance, replays refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ringfence.bootstrap import build_platform
from ringfence.cli.main import get_app
from ringfence.settings import Settings

runner = CliRunner()
T0 = datetime(2026, 11, 2, tzinfo=UTC)


def test_feeds_are_signed_exported_imported_and_replays_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"RINGFENCE_DATA_DIR": str(tmp_path / "data"), "RINGFENCE_DATABASE_URL": ""}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    platform = build_platform(Settings())
    store = platform.store
    store.ensure_org("op-a", "A", T0)
    store.add_entry("op-a", "blacklist", "number", "+8613800000001", "", "shared", "case 1", "a", T0)
    store.add_entry("op-a", "tag", "number", "+8613800000002", "fraud", "shared", "", "a", T0)
    store.add_entry("op-a", "blacklist", "number", "+8613800000003", "", "private", "", "a", T0)
    store.restrict_holder("op-a", "h-0123456789", "case 2", "a", T0)
    platform.close()
    app = get_app()
    made = runner.invoke(app, ["feed", "keygen", "-o", str(tmp_path / "a.pem")])
    assert made.exit_code == 0, made.output
    public = made.output.strip()
    assert (tmp_path / "a.pem").stat().st_mode & 0o077 == 0
    feed = tmp_path / "a1.json"
    out = runner.invoke(
        app,
        [
            "feed",
            "export",
            "--org",
            "op-a",
            "--key",
            str(tmp_path / "a.pem"),
            "--version",
            "1",
            "-o",
            str(feed),
        ],
    )
    assert out.exit_code == 0, out.output
    values = {e["value"] for e in json.loads(feed.read_text())["feed"]["entries"]}
    assert values == {"+8613800000001", "+8613800000002", "h-0123456789"}  # the private entry stays home
    store = build_platform(Settings()).store
    store.ensure_org("op-b", "B", T0)
    args = ["feed", "import", str(feed), "--org", "op-b", "--trust", f"op-a={public}"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    listed = runner.invoke(app, ["feed", "list", "--org", "op-b", "--json"])
    assert listed.exit_code == 0, listed.output
    merged = json.loads(listed.output)
    assert merged["versions"] == {"op-a": 1}
    assert {e["value"] for e in merged["entries"]} == values  # in the store, not in a file
    assert all(e["provenance"][0]["org"] == "op-a" for e in merged["entries"])
    replay = runner.invoke(app, args)
    assert replay.exit_code == 2
    assert "not newer" in replay.output
    other = runner.invoke(app, ["feed", "keygen", "-o", str(tmp_path / "b.pem")]).output.strip()
    forged = runner.invoke(app, ["feed", "import", str(feed), "--org", "op-b", "--trust", f"op-a={other}"])
    assert forged.exit_code == 2
    assert "does not verify" in forged.output
    store.close()
    assert (
        runner.invoke(app, ["feed", "keygen", "-o", str(tmp_path / "a.pem")]).exit_code == 2
    )  # never overwritten
