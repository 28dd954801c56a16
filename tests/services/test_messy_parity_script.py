"""``scripts/messy_parity.py``: the operator's check that watch (killed and restarted) decides as detect."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripts import messy_parity

from tests.services.test_watch import scenario

__all__ = ["scenario"]  # the module fixture shared with test_watch


def test_the_parity_check_passes_on_a_simulated_network(scenario: Path, tmp_path: Path) -> None:
    assert messy_parity.main([str(scenario), str(tmp_path / "out"), "--seed", "4", "--files", "5"]) == 0
    assert len(list((tmp_path / "out" / "files").iterdir())) == 10  # five per record kind


def test_the_parity_check_fails_when_watch_decides_otherwise(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A policy given to watch but not to detect: the check must see the difference."""
    real = messy_parity._watch

    def stricter(landing: Path, state: Path, subs: list[str], sms: bool) -> list[str]:
        return [*real(landing, state, subs, sms), "--allowed-lateness", "60s"]

    monkeypatch.setattr(messy_parity, "_watch", stricter)
    assert (
        messy_parity.main(
            [str(scenario), str(tmp_path / "out"), "--seed", "4", "--files", "5", "--kills", ""]
        )
        == 1
    )
