from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.simulated import SimulatedSite, simulated_platform


@pytest.fixture(scope="session")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimulatedSite]:
    """A small simulated operator (1,500 subscribers, 2 days; about 15 s to build), once per worker."""
    root: Path = tmp_path_factory.mktemp("console-pivots-sim")
    with simulated_platform(root) as site:
        yield site
