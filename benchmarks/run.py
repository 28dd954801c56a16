"""Run every benchmark module (or those whose name contains an argument): ``python -m benchmarks.run [name]``.

Each benchmark reports ratios against a baseline measured in the same process, because absolute
timings on shared machines are noise. Results are also written to ``bench-out/<topic>.json``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

import benchmarks


def main(argv: list[str]) -> int:
    wanted = argv[1:]
    out = Path("bench-out")
    out.mkdir(exist_ok=True)
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    for name in names:
        if wanted and not any(w in name for w in wanted):
            continue
        print(f"\n=== {name} ===", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        results = module.run()
        (out / f"{name.removeprefix('bench_')}.json").write_text(
            json.dumps(results, indent=2, default=str), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
