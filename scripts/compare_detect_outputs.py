"""Compare every output of ``ringfence detect`` between two source trees, byte for byte.

``python scripts/compare_detect_outputs.py BEFORE_SRC [AFTER_SRC]`` runs ``ringfence detect`` with
each tree's ``src`` first on ``sys.path`` (AFTER defaults to this checkout's) on simulated networks of
several seeds (calls, SMS and subscribers; and calls alone), on a file of calls with every kind of
broken row, on calls with Windows line ends, and on the benchmark generator's calls with random
callees, then compares the flagged CSV, every file of the run folder (hits, timelines, scores,
run.json without its timings) and the quarantine.
``BEFORE_SRC`` is e.g. ``git archive <commit> src | tar -x -C /tmp/before``. Exits 1 on any
difference (named); ``COMPARE_CASES=malformed,bench-300k`` runs only those cases.
Performance changes to ``detect`` must leave this passing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parents[1]
SEEDS = (3, 11, 29)
VOLATILE = {"started_at", "finished_at", "seconds", "elapsed_s", "duration_s", "timings"}


def _simulate(out: Path, seed: int) -> None:
    from ringfence.simulate.scenario import SimConfig, simulate
    from ringfence.simulate.writer import write_simulation

    write_simulation(simulate(SimConfig(seed=seed, subscribers=600, days=2)), out)


def _malformed(sim: Path, out: Path) -> Path:
    """The simulated calls with broken rows among them: every kind of bad value the contract names,
    repeats of ids, short and long rows, a bad encoding."""
    lines = (sim / "calls.csv").read_bytes().splitlines(keepends=True)
    head, body = lines[0], lines[1:]
    bad = [
        b"x1,13800000000,13900000000,not-a-time,10,intra,,,,,moc\n",
        b"x2,,13900000000,2026-11-02T10:00:00+08:00,10,intra,,,,,moc\n",
        b"x3,13800000000,13900000000,2026-11-02T10:00:00+08:00,-5,intra,,,,,moc\n",
        b"x4,13800000000,13900000000,2026-11-02T10:00:00+08:00,10,sideways,,,,,moc\n",
        b"x5,13800000000,13900000000,2026-11-02T10:00:00+08:00,10,intra,12ab,,,,moc\n",
        b"x6,abc,13900000000,2026-11-02T10:00:00+08:00,10,intra,,,,,moc\n",
        b"x7,13800000000\n",
        b"x8,13800000000,13900000000,2026-11-02T10:00:00+08:00,10,intra,,,,,moc,extra,fields\n",
        b"x9,13800000000,13900000000,2026-11-02T10:00:00+08:00,10,intra,,,,,\xff\xfe\n",
        b"x10,\xef\xbc\x91\xef\xbc\x933800000000,13900000000,2026-11-02T10:00:00+08:00,10,intra,,,,,moc\n",
        b"x11,13800000000,13900000000,2026-11-02T10:00:00+08:00,10,intra,,,,,sideways\n",
    ]
    mixed = list(body)
    for i, row in enumerate(bad):
        mixed.insert(min(len(mixed), (i + 1) * len(body) // (len(bad) + 2)), row)
    mixed.extend(body[:5])  # ids seen before
    path = out / "calls_malformed.csv"
    path.write_bytes(head + b"".join(mixed))
    return path


def _cases(root: Path) -> dict[str, list[str]]:
    cases: dict[str, list[str]] = {}
    for seed in SEEDS:
        sim = root / f"sim{seed}"
        _simulate(sim, seed)
        cases[f"seed{seed}-all"] = [
            "--calls", str(sim / "calls.csv"), "--sms", str(sim / "messages.csv"),
            "--subscribers", str(sim / "subscribers.csv"),
        ]  # fmt: skip
        cases[f"seed{seed}-calls"] = ["--calls", str(sim / "calls.csv")]
    cases["malformed"] = [
        "--calls", str(_malformed(root / f"sim{SEEDS[0]}", root)),
        "--subscribers", str(root / f"sim{SEEDS[0]}" / "subscribers.csv"),
    ]  # fmt: skip
    crlf = root / "calls_crlf.csv"  # Windows line ends (a carriage return before every line feed)
    crlf.write_bytes((root / f"sim{SEEDS[0]}" / "calls.csv").read_bytes().replace(b"\n", b"\r\n"))
    cases["crlf"] = ["--calls", str(crlf)]
    from benchmarks.bench_scale import write_calls

    write_calls(300_000, root / "bench.csv", seed=4)
    cases["bench-300k"] = ["--calls", str(root / "bench.csv")]
    return cases


def _run(src: Path, args: list[str], out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(src), "RINGFENCE_DATA_DIR": str(out / "data")}
    cmd = [sys.executable, "-c", "from ringfence.cli.main import run; run()", "detect", *args]
    cmd += ["--out", str(out / "flagged.csv"), "--run-dir", str(out / "run")]
    subprocess.run(cmd, check=True, env=env, capture_output=True)


def _comparable(path: Path) -> bytes:
    if path.name == "run.json":
        data = json.loads(path.read_text())
        return json.dumps({k: v for k, v in data.items() if k not in VOLATILE}, sort_keys=True).encode()
    if path.suffix == ".parquet":
        frame = pl.read_parquet(path)
        return frame.write_csv().encode()
    return path.read_bytes()


def main() -> int:
    before = Path(sys.argv[1]).resolve()
    after = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else HERE / "src"
    before = before / "src" if (before / "src" / "ringfence").exists() else before
    differences = 0
    with tempfile.TemporaryDirectory(prefix="compare-detect-") as tmp:
        root = Path(tmp)
        only = set(filter(None, os.environ.get("COMPARE_CASES", "").split(",")))  # e.g. malformed
        for name, args in _cases(root).items():
            if only and name not in only:
                continue
            outs = {}
            for label, src in (("before", before), ("after", after)):
                outs[label] = root / name / label
                _run(src, args, outs[label])
            files = sorted(p.relative_to(outs["before"]) for p in outs["before"].rglob("*") if p.is_file())
            files = [f for f in files if f.parts[0] != "data"]
            mine = sorted(p.relative_to(outs["after"]) for p in outs["after"].rglob("*") if p.is_file())
            if files != [f for f in mine if f.parts[0] != "data"]:
                print(f"{name}: different files: {files} / {mine}")
                differences += 1
                continue
            bad = [str(f) for f in files if _comparable(outs["before"] / f) != _comparable(outs["after"] / f)]
            print(f"{name}: {len(files)} files, " + (f"DIFFERENT: {bad}" if bad else "identical"))
            differences += bool(bad)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main())
