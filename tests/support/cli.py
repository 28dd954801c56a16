"""The settings a CLI test runs under: its own SQLite store in ``tmp_path``, UTC, full-width tables."""

from __future__ import annotations

from pathlib import Path

import pytest


def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **extra: str) -> dict[str, str]:
    """Set (through ``monkeypatch``) and return the ``RINGFENCE_*`` variables; ``extra`` adds more."""
    values = {
        "RINGFENCE_DATA_DIR": str(tmp_path / "data"),
        "RINGFENCE_DATABASE_URL": "",
        "RINGFENCE_TIMEZONE": "UTC",
        **extra,
    }
    from ringfence.cli import ui

    monkeypatch.setattr(ui.console, "_width", 220)  # full-width tables, whenever the console was made
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values
