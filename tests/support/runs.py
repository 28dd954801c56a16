"""Small detection runs and record bodies for tests, in the exact format detection writes."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

__all__ = ["FlagRow", "calls_csv", "messages_jsonl", "write_run"]

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@dataclass
class FlagRow:
    number: str
    score: float = 0.9
    verdict: str = "block"
    typology: str = "dialer"
    rules: tuple[str, ...] = ("R01_call_burst_1h",)
    day: int = 0  # days after T0
    evidence: dict[str, float] = field(default_factory=lambda: {"calls_1h_max": 40, "short_share": 0.8})


def write_run(run_dir: Path, rows: list[FlagRow], policy: str = "test-policy", version: str = "3") -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    with (run_dir / "flagged.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["number", "score", "verdict", "rules", "first_seen", "detected_at", "typology"])
        for r in rows:
            detected = T0 + timedelta(days=r.day, hours=2)
            w.writerow(
                [
                    r.number,
                    r.score,
                    r.verdict,
                    ";".join(r.rules),
                    (T0 + timedelta(days=r.day)).isoformat(),
                    detected.astimezone().isoformat(),
                    r.typology,
                ]
            )
    with (run_dir / "hits.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["number", "rule", "event_time", "weight", "evidence"])
        for r in rows:
            for rule in r.rules:
                w.writerow(
                    [
                        r.number,
                        rule,
                        (T0 + timedelta(days=r.day, hours=2)).isoformat(),
                        0.5,
                        json.dumps(r.evidence),
                    ]
                )
    (run_dir / "run.json").write_text(
        json.dumps(
            {
                "policy": {"name": policy, "version": version},
                "inputs": ["calls.csv"],
                "records": {"calls": 100, "messages": 10},
                "started_at": T0.isoformat(),
                "finished_at": (T0 + timedelta(minutes=5)).isoformat(),
            }
        ),
        encoding="utf-8",
    )
    return run_dir


def calls_csv(rows: list[tuple[str, str, str, str, int]]) -> bytes:
    """(call_id, caller, callee, start_time, duration_s) rows as a calls CSV body."""
    lines = ["call_id,caller,callee,start_time,duration_s"]
    lines += [f"{cid},{a},{b},{t},{d}" for cid, a, b, t, d in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def messages_jsonl(rows: list[dict[str, object]]) -> bytes:
    return ("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n").encode("utf-8")
