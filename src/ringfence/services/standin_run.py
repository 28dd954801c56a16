"""A stand-in detection run computed with a handful of plain rules, in detection's output format.

The platform consumes detection's run directory (``flagged.csv``, ``hits.csv``, ``run.json``). Until
the detection engine is wired into the demo, and for tests that need realistic runs, this writes one
from accepted records with six transparent rules (bursts, short calls, callee fan-out, one-ring
international sweeps, link-heavy SMS, handsets shared by many cards). It reads no ground truth: its
precision on the demo is what it is, and the console shows it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

__all__ = ["RULES", "write_standin_run"]


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    weight: float
    typology: str
    condition: pl.Expr
    evidence: tuple[str, ...]


RULES: tuple[_Rule, ...] = (
    _Rule("R01_call_burst_1h", 0.55, "dialer", pl.col("calls_1h_max") >= 25, ("calls_1h_max", "calls")),
    _Rule(
        "R02_short_calls",
        0.45,
        "dialer",
        (pl.col("short_share") >= 0.6) & (pl.col("calls") >= 30),
        ("short_share", "calls"),
    ),
    _Rule("R03_callee_fanout", 0.35, "dialer", pl.col("callees") >= 150, ("callees", "calls")),
    _Rule(
        "R04_one_ring_international",
        0.7,
        "wangiri",
        (pl.col("international") > 0.5) & (pl.col("answered_share") <= 0.1) & (pl.col("calls") >= 10),
        ("answered_share", "calls"),
    ),
    _Rule("R05_shared_handset", 0.6, "sim_farm", pl.col("handset_cards") >= 3, ("handset_cards", "calls")),
    _Rule(
        "R06_sms_links",
        0.65,
        "sms_fraud",
        (pl.col("sms") >= 10) & (pl.col("link_share") >= 0.5),
        ("sms", "link_share", "receivers"),
    ),
)
_ORDER = ("calls", "sms")


@dataclass
class _Flag:
    """One number's accumulated verdict: rules fired, combined miss probability, strongest typology."""

    first_seen: datetime
    detected_at: datetime
    miss: float = 1.0
    top: float = 0.0
    typology: str = "unknown"
    rules: list[str] = field(default_factory=list)

    def add(self, rule: _Rule, first_seen: datetime, detected_at: datetime) -> None:
        self.miss *= 1 - rule.weight
        self.rules.append(rule.id)
        if rule.weight > self.top:
            self.top, self.typology = rule.weight, rule.typology
        self.first_seen = min(self.first_seen, first_seen)
        self.detected_at = max(self.detected_at, detected_at)


def _call_features(calls: pl.DataFrame) -> pl.DataFrame:
    moc = calls.filter(pl.col("call_type") == "moc")
    handsets = (
        moc.filter(pl.col("caller_imei").is_not_null())
        .group_by("caller_imei")
        .agg(pl.col("caller").n_unique().alias("handset_cards"))
    )
    card_handset = (
        moc.filter(pl.col("caller_imei").is_not_null())
        .join(handsets, on="caller_imei")
        .group_by("caller")
        .agg(pl.col("handset_cards").max())
    )
    hourly = (
        moc.group_by("caller", pl.col("start_time").dt.truncate("1h"))
        .len()
        .group_by("caller")
        .agg(pl.col("len").max().alias("calls_1h_max"))
    )
    base = moc.group_by("caller").agg(
        pl.len().alias("calls"),
        pl.col("callee").n_unique().alias("callees"),
        (pl.col("duration_s") < 10).mean().round(3).alias("short_share"),
        (pl.col("duration_s") > 0).mean().round(3).alias("answered_share"),
        (pl.col("origin") == "international").mean().alias("international"),
        pl.col("start_time").min().alias("first_seen"),
        pl.col("start_time").sort().get(pl.min_horizontal(pl.len() - 1, 19)).alias("detected_at"),
    )
    return (
        base.join(hourly, on="caller", how="left")
        .join(card_handset, on="caller", how="left")
        .with_columns(pl.col("handset_cards").fill_null(1))
        .rename({"caller": "number"})
    )


def _sms_features(messages: pl.DataFrame) -> pl.DataFrame:
    link = pl.col("text").fill_null("").str.contains(r"(?i)https?://|www\.|\.(cn|com|top|xyz|vip|cc)\b")
    return (
        messages.group_by("sender")
        .agg(
            pl.len().alias("sms"),
            pl.col("receiver").n_unique().alias("receivers"),
            link.mean().round(3).alias("link_share"),
            pl.col("send_time").min().alias("first_seen"),
            pl.col("send_time").sort().get(pl.min_horizontal(pl.len() - 1, 9)).alias("detected_at"),
        )
        .rename({"sender": "number"})
    )


def _iso(t: datetime) -> str:
    return t.isoformat()


def write_standin_run(calls: pl.DataFrame, messages: pl.DataFrame, out: Path, policy: str = "standin") -> int:
    """Write ``flagged.csv``, ``hits.csv`` and ``run.json`` into ``out``; returns the numbers flagged."""
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.now().astimezone()
    frames = {"calls": _call_features(calls), "sms": _sms_features(messages)}
    flagged: dict[str, _Flag] = {}
    hits: list[tuple[str, str, str, float, str]] = []
    for source in _ORDER:
        features = frames[source]
        for rule in RULES:
            if not set(rule.evidence) <= set(features.columns):
                continue
            for row in features.filter(rule.condition).iter_rows(named=True):
                number = row["number"]
                evidence = {k: row[k] for k in rule.evidence}
                hits.append((number, rule.id, _iso(row["detected_at"]), rule.weight, json.dumps(evidence)))
                flag = flagged.setdefault(
                    number, _Flag(first_seen=row["first_seen"], detected_at=row["detected_at"])
                )
                flag.add(rule, row["first_seen"], row["detected_at"])
    with (out / "flagged.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["number", "score", "verdict", "rules", "first_seen", "detected_at", "typology"])
        for number, f in sorted(flagged.items()):
            score = round(1 - f.miss, 4)
            verdict = "block" if score >= 0.8 else "warn" if score >= 0.6 else "watch"
            writer.writerow(
                [
                    number,
                    score,
                    verdict,
                    ";".join(f.rules),
                    _iso(f.first_seen),
                    _iso(f.detected_at),
                    f.typology,
                ]
            )
    with (out / "hits.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["number", "rule", "event_time", "weight", "evidence"])
        writer.writerows(hits)
    (out / "run.json").write_text(
        json.dumps(
            {
                "policy": {"name": policy, "version": "1"},
                "inputs": [],
                "records": {"calls": calls.height, "messages": messages.height},
                "started_at": started.isoformat(),
                "finished_at": datetime.now().astimezone().isoformat(),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return len(flagged)
