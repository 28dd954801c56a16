"""`ringfence keys` and `ringfence db` honour the same RINGFENCE_* settings the server reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ringfence.api.app import create_app
from ringfence.bootstrap import build_platform
from ringfence.cli.main import get_app
from ringfence.settings import Settings

runner = CliRunner()


def _has(output: str, expected: str) -> bool:
    """``expected`` is in ``output`` once Rich's line wrapping (which may split words) is undone."""
    return "".join(expected.split()) in "".join(output.split())


def _env(tmp_path: Path) -> dict[str, str]:
    return {"RINGFENCE_DATA_DIR": str(tmp_path / "data"), "RINGFENCE_DATABASE_URL": ""}


def test_a_key_made_by_the_cli_opens_the_api_of_the_same_settings(tmp_path: Path, monkeypatch) -> None:
    env = _env(tmp_path)
    result = runner.invoke(
        get_app(),
        ["keys", "create", "--name", "ops bot", "--role", "analyst", "--org", "op-a", "-q"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    key = result.output.strip()
    assert key.startswith("rf_")
    db = tmp_path / "data" / "ringfence.db"
    assert db.exists()
    assert (tmp_path / "data" / "secret.key").stat().st_mode & 0o077 == 0  # only the owner reads the secret
    with sqlite3.connect(db) as conn:
        dump = "\n".join(conn.iterdump())
    assert key not in dump  # stored hashed
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    platform = build_platform(Settings())
    client = TestClient(create_app(platform))
    assert client.get("/v1/alerts", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    platform.close()


def test_keys_list_and_revoke(tmp_path: Path) -> None:
    env = _env(tmp_path)
    made = runner.invoke(
        get_app(), ["keys", "create", "--name", "p", "--role", "partner", "--org", "peer"], env=env
    )
    assert _has(made.output, "key #1 for p (partner) in org peer")
    listed = runner.invoke(get_app(), ["keys", "list"], env=env)
    assert _has(listed.output, "partner")
    assert not _has(listed.output, "rf_")
    assert runner.invoke(get_app(), ["keys", "revoke", "1"], env=env).exit_code == 0
    again = runner.invoke(get_app(), ["keys", "revoke", "1"], env=env)
    assert again.exit_code == 2
    assert _has(again.output, "no live key #1")


def test_bad_roles_and_orgs_are_one_line_errors(tmp_path: Path) -> None:
    env = _env(tmp_path)
    bad_role = runner.invoke(
        get_app(), ["keys", "create", "--name", "x", "--role", "root", "--org", "a"], env=env
    )
    assert bad_role.exit_code == 2
    assert _has(bad_role.output, "unknown role 'root'")
    bad_org = runner.invoke(
        get_app(), ["keys", "create", "--name", "x", "--role", "admin", "--org", "A B"], env=env
    )
    assert bad_org.exit_code == 2


def test_db_upgrade_downgrade_current(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _has(runner.invoke(get_app(), ["db", "upgrade"], env=env).output, "at 0003")
    assert _has(runner.invoke(get_app(), ["db", "current"], env=env).output, "revision 0003 (latest 0003)")
    refused = runner.invoke(get_app(), ["db", "downgrade"], env=env)
    assert refused.exit_code == 2
    assert _has(refused.output, "--yes")
    assert _has(runner.invoke(get_app(), ["db", "downgrade", "--yes"], env=env).output, "at revision base")
