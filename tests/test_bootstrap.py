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
