"""``ringfence watch`` against ``ringfence detect`` on the same records (issue 16: ≤ 1.5×).

A simulated network (calls and SMS) is split into files as a mediation system delivers them; the
baseline is ``detect`` over those files in the same process, the subject ``watch --once`` over a
landing directory holding them: every file is committed (a write-ahead log entry, fsynced), the
whole-state snapshot written after every file (``--checkpoint-interval 0``) or at most every 10 s
(the default); the files taken one at a time (``--batch-mb 0``: what a steady trickle of files costs)
or, as by default, the files waiting taken together in batches of up to 16 MB (what a backlog costs:
here all 24 files are one batch). Every run must write the same flagged file. All are timed warm:
an untimed ``detect`` over the same files first loads what a process loads once (modules, the SMS
and fraud-user models), and before each timed run the texts screened are forgotten
(``detect.sms_text``), as in a new process; until 2026-12-04 ``detect`` was timed cold (1.3 s of
loading in 3.3–3.9 s), which made ``watch`` look 1.0–1.3× ``detect`` when it was about 2×. Also
reported: events/s of the incremental engine, checkpoint bytes per active number, and the time of
one checkpoint.

``RINGFENCE_BENCH_WATCH_SUBSCRIBERS`` (default 3000) and ``RINGFENCE_BENCH_WATCH_DAYS`` (default 3)
set the size; ``RINGFENCE_BENCH_WATCH_FILES`` (default 12) the number of files per kind;
``RINGFENCE_BENCH_WATCH_ENGINE`` (default ``columnar``) the incremental engine (``stream``: the
earlier, event-by-event one).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import polars as pl

SUBSCRIBERS = int(os.environ.get("RINGFENCE_BENCH_WATCH_SUBSCRIBERS", "3000"))
DAYS = int(os.environ.get("RINGFENCE_BENCH_WATCH_DAYS", "3"))
FILES = int(os.environ.get("RINGFENCE_BENCH_WATCH_FILES", "12"))
ENGINE = os.environ.get("RINGFENCE_BENCH_WATCH_ENGINE", "columnar")
ZONE = "Asia/Shanghai"


def _split(sim: Path, landing: Path, parts: int) -> list[Path]:
    landing.mkdir(parents=True)
    out = []
    for name in ("calls", "messages"):
        lines = (sim / f"{name}.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        head, body = lines[0], lines[1:]
        for i in range(parts):
            path = landing / f"{name}-{i:03d}.csv"
            path.write_text(head + "".join(body[i * len(body) // parts : (i + 1) * len(body) // parts]))
            out.append(path)
    return sorted(out)


def _forget_texts() -> None:
    """The SMS texts screened so far forgotten, as in a new process (``detect`` and ``watch`` each
    screen every distinct text once)."""
    from ringfence.detect import sms_text

    sms_text._SEEN = sms_text._Seen()


def run() -> dict[str, object]:
    from ringfence.detect.policy import load_policy
    from ringfence.services.detect import Detection, detect_files
    from ringfence.services.watch import WatchConfig, Watcher
    from ringfence.simulate.scenario import SimConfig, simulate
    from ringfence.simulate.writer import write_simulation

    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_simulation(simulate(SimConfig(seed=5, subscribers=SUBSCRIBERS, days=DAYS)), root / "sim")
        files = _split(root / "sim", root / "files", FILES)
        calls = [f for f in files if f.name.startswith("calls")]
        sms = [f for f in files if f.name.startswith("messages")]
        subs = [root / "sim" / "subscribers.csv"]
        policy = load_policy()

        def run_detect(folder: str) -> Detection:
            return detect_files(
                calls,
                policy,
                root / folder / "flagged.csv",
                root / folder / "run",
                ZONE,
                sms=sms,
                subscribers=subs,
            )

        run_detect("warm")  # untimed: what a process loads once (the timed runs both start warm)
        _forget_texts()
        t = time.perf_counter()
        detection = run_detect("detect")
        detect_s = time.perf_counter() - t
        records = sum(s.accepted for s in detection.result.summaries.values() if s.kind != "subscribers")
        results.update(
            records=records, detect_s=round(detect_s, 2), detect_rows_per_s=round(records / detect_s)
        )
        print(f"records: {records:,}; detect: {detect_s:.2f} s ({records / detect_s:,.0f} rows/s)")
        default_batch = WatchConfig.batch_bytes
        runs = (
            ("one file at a time, snapshot every file", "one_file_every_file", 0.0, 1),
            ("one file at a time, snapshot every 10 s", "one_file_every_10_s", 10.0, 1),
            (
                "files waiting in batches (default), snapshot every 10 s",
                "batches_every_10_s",
                10.0,
                default_batch,
            ),
        )
        for label, key, every, batch in runs:
            landing, state = root / f"landing-{key}", root / f"state-{key}"
            shutil.copytree(root / "files", landing)
            config = WatchConfig(
                landing,
                state,
                policy,
                ZONE,
                subscribers=subs,
                sms=True,
                checkpoint_s=every,
                engine=ENGINE,
                batch_bytes=batch,
            )
            _forget_texts()
            t = time.perf_counter()
            watcher = Watcher(config)
            watcher.run(once=True)
            watch_s = time.perf_counter() - t
            same = pl.read_csv(state / "flagged.csv", infer_schema=False).equals(
                pl.read_csv(root / "detect" / "flagged.csv", infer_schema=False)
            )
            t = time.perf_counter()
            watcher.commit()
            commit_s = time.perf_counter() - t
            status = watcher.status()
            results["watch_" + key] = {
                "engine": ENGINE,
                "seconds": round(watch_s, 2),
                "rows_per_s": round(records / watch_s),
                "ratio_to_detect": round(watch_s / detect_s, 2),
                "same_flagged_file": same,
                "events_evaluated": status["events_evaluated"],
                "active_numbers": status["active_numbers"],
                "checkpoint_bytes": status["checkpoint_bytes"],
                "checkpoint_bytes_per_active_number": status["checkpoint_bytes_per_active_number"],
                "one_checkpoint_s": round(commit_s, 2),
            }
            print(
                f"watch ({ENGINE}), {label}: {watch_s:.2f} s ({records / watch_s:,.0f} rows/s), "
                f"{watch_s / detect_s:.1f}× detect, same flagged file: {same}; "
                f"checkpoint {status['checkpoint_bytes']:,} B "
                f"({status['checkpoint_bytes_per_active_number']} B per active number), {commit_s:.2f} s"
            )
    return results


if __name__ == "__main__":
    run()
