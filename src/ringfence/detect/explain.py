"""Why did a number get its verdict? Everything a run kept about it, ready to show."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ringfence.detect.rules import RuleLibrary, load_rules
from ringfence.domain.numbers import normalize
from ringfence.errors import InputFileError

__all__ = ["Explanation", "explain_number"]


@dataclass
class Explanation:
    number: str
    flagged: dict[str, object] | None
    best: dict[str, object] | None  # max score/level/typology even when below watch
    hits: list[dict[str, object]] = field(
        default_factory=list
    )  # rule, description, event_time, seq, evidence
    timeline: list[dict[str, object]] = field(default_factory=list)
    policy: dict[str, object] = field(default_factory=dict)


def _read(run: Path, name: str) -> pl.DataFrame | None:
    path = run / name
    if not path.exists():
        return None
    return pl.read_parquet(path) if name.endswith(".parquet") else pl.read_csv(path, infer_schema=False)


def explain_number(number: str, run: Path, rules: RuleLibrary | None = None) -> Explanation:
    if not (run / "flagged.csv").exists():
        raise InputFileError(f"{run} is not a detection run directory (no flagged.csv)")
    library = rules or load_rules()
    canon = normalize(number)
    flagged = _read(run, "flagged.csv")
    assert flagged is not None
    row = flagged.filter(pl.col("number") == canon)
    scores = _read(run, "scores.parquet")
    best = None
    if scores is not None:
        s = scores.filter(pl.col("number") == canon)
        best = s.row(0, named=True) if s.height else None
    out = Explanation(canon, row.row(0, named=True) if row.height else None, best)
    hits = _read(run, "hits.csv")
    if hits is not None:
        for h in hits.filter(pl.col("number") == canon).sort("event_time").iter_rows(named=True):
            rule = library.rules.get(h["rule"])
            out.hits.append(
                {
                    **h,
                    "description": rule.description if rule else "",
                    "clauses": [str(c) for c in (*rule.all, *rule.any)] if rule else [],
                    "evidence": json.loads(h["evidence"]),
                }
            )
    timeline = _read(run, "timeline.csv")
    if timeline is not None:
        for t in timeline.filter(pl.col("number") == canon).sort("event_time").iter_rows(named=True):
            out.timeline.append({**t, "features": json.loads(t["features"])})
    meta = run / "run.json"
    if meta.exists():
        out.policy = dict(json.loads(meta.read_text(encoding="utf-8")).get("policy", {}))
    return out
