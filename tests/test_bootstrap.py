from __future__ import annotations

from pathlib import Path

from ringfence.bootstrap import build_platform, load_secret
from ringfence.settings import Settings


def test_settings_come_from_ringfence_variables(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RINGFENCE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RINGFENCE_PORT", "8123")
    settings = Settings()
    assert settings.port == 8123
    assert settings.url == f"sqlite:///{tmp_path.as_posix()}/ringfence.db"
    monkeypatch.setenv("RINGFENCE_DATABASE_URL", "postgresql://u@h/db")
    assert Settings().url == "postgresql://u@h/db"


def test_the_generated_secret_is_stable_and_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = load_secret(settings)
    assert first == load_secret(settings)
    assert len(first) == 64
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600
    assert load_secret(Settings(data_dir=tmp_path, secret_key="given")) == b"given"


def test_build_platform_migrates(tmp_path: Path) -> None:
    platform = build_platform(Settings(data_dir=tmp_path))
    assert platform.store.orgs() == []
    platform.close()


def test_memory_url_builds_an_empty_store_in_the_process(tmp_path: Path) -> None:
    from ringfence.adapters.memory import MemoryStore

    platform = build_platform(Settings(data_dir=tmp_path, database_url="memory://"))
    assert isinstance(platform.store, MemoryStore)
    assert platform.store.orgs() == []
    assert not (tmp_path / "ringfence.db").exists()
    again = build_platform(Settings(data_dir=tmp_path, database_url="memory://"))
    platform.store.ensure_org("op-a", "A", platform.clock())
    assert again.store.orgs() == []  # each platform its own store: nothing is shared or kept
    platform.close()


def test_db_commands_on_a_memory_store_say_there_is_nothing_to_migrate(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ringfence.cli.main import get_app

    env = {"RINGFENCE_DATA_DIR": str(tmp_path), "RINGFENCE_DATABASE_URL": "memory://"}
    for command in (["db", "upgrade"], ["db", "current"], ["db", "downgrade", "--yes"]):
        result = CliRunner().invoke(get_app(), command, env=env)
        assert result.exit_code == 2, result.output
        assert "nothing to migrate" in " ".join(result.output.split())
