"""Run every ``benchmarks/bench_*.py`` module's ``run()`` and print what it reports."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def main() -> None:
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if info.name.startswith("bench_"):
            module = importlib.import_module(f"benchmarks.{info.name}")
            print(f"== {info.name}")
            for row in module.run() or []:
                print("  " + "  ".join(f"{k}={v}" for k, v in dict(row).items()))


if __name__ == "__main__":
    main()
