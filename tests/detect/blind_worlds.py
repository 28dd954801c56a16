"""The worlds written by helpers who read nothing of the project but the data contract (stop 41), each
generated into a directory of its own files: ``callworld`` (``callworld.py``, the first day of term) and
``festival`` (``festival.py``, a county before Spring Festival, whose generator runs only as a command).
Both are kept as their authors wrote them; this is the one way the tests and the hidden-check module
make them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.detect import callworld

NAMES = ("callworld", "festival")


def write(name: str, seed: int, out: Path) -> tuple[Path, Path]:
    """World ``name`` for ``seed`` written into ``out`` (``calls.csv``, ``subscribers.csv``,
    ``truth.csv``); returns the calls and subscribers files."""
    if name == "callworld":
        world = callworld.World(seed, 11000)  # the generator's default social world
        world.run()
        world.write(str(out))
    elif name == "festival":
        script = Path(__file__).parent / "festival.py"
        command = [sys.executable, str(script), "--seed", str(seed), "--out", str(out)]
        subprocess.run(command, check=True, capture_output=True)
    else:
        raise ValueError(f"no blind world {name!r} (one of {', '.join(NAMES)})")
    return out / "calls.csv", out / "subscribers.csv"
