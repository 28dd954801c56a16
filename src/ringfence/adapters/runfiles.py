"""Reads a detection run directory (``flagged.csv``, ``hits.csv``, ``run.json``) into domain values.

The contract is the one detection writes; rows that break it raise ``DataContractError`` naming the
file and line, because a half-loaded run would show analysts a wrong picture.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from ringfence.domain.decisions import Decision, DetectionRun, Hit, RunInfo, Verdict, typology_id
from ringfence.domain.numbers import normalize
from ringfence.errors import DataContractError, InputFileError

__all__ = ["DetectionRun", "read_run"]

_FLAGGED = ("number", "score", "verdict", "rules", "first_seen", "detected_at")
_HITS = ("number", "rule", "event_time", "weight", "evidence")


def _time(value: str, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise DataContractError(f"{where}: not an ISO-8601 time: {value!r}") from exc
    if parsed.tzinfo is None:
        raise DataContractError(f"{where}: time without offset: {value!r}")
    return parsed


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise DataContractError(f"{path}: missing column(s): {', '.join(missing)}")
            rows = [(i + 2, row) for i, row in enumerate(reader)]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataContractError(f"{path}: not a readable CSV file ({exc})") from exc
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    for line, row in rows:
        if any(row.get(c) is None for c in required):
            raise DataContractError(f"{path}:{line}: too few fields")
    return rows


def _decision(row: dict[str, str], where: str) -> Decision:
    try:
        score = float(row["score"])
        verdict = Verdict(row["verdict"].strip())
        typology = typology_id(row.get("typology"))
    except ValueError as exc:
        raise DataContractError(f"{where}: {exc}") from exc
    if not 0.0 <= score <= 1.0:
        raise DataContractError(f"{where}: score {score} outside [0, 1]")
    return Decision(
        number=normalize(row["number"]),
        score=score,
        verdict=verdict,
        rules=tuple(r for r in row["rules"].split(";") if r),
        first_seen=_time(row["first_seen"], where),
        detected_at=_time(row["detected_at"], where),
        typology=typology,
    )


def _hit(row: dict[str, str], where: str) -> Hit:
    try:
        evidence: Any = json.loads(row["evidence"] or "{}")
        weight = float(row["weight"] or 0)
    except ValueError as exc:
        raise DataContractError(f"{where}: {exc}") from exc
    if not isinstance(evidence, dict):
        raise DataContractError(f"{where}: evidence is not a JSON object")
    return Hit(normalize(row["number"]), row["rule"], _time(row["event_time"], where), weight, evidence)


def _count(value: Any) -> int:
    """A record count, given as a number or as a read summary (``{"accepted": n, ...}``)."""
    if isinstance(value, dict):
        return int(value.get("accepted") or value.get("rows") or 0)
    return int(value)


def _inputs(value: Any) -> tuple[str, ...]:
    """What was read: ``{"calls": [paths], ...}`` as detection writes it, or a plain list."""
    if isinstance(value, dict):
        return tuple(
            str(p) for paths in value.values() for p in (paths if isinstance(paths, list) else [paths])
        )
    if isinstance(value, list):
        return tuple(str(p) for p in value)
    return ()


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _info(run_dir: Path) -> RunInfo:
    path = run_dir / "run.json"
    policy_text, rules_text = _text(run_dir / "policy.toml"), _text(run_dir / "rules.toml")
    if not path.exists():
        return RunInfo(
            policy_name="unknown",
            policy_version="unknown",
            started_at=None,
            finished_at=None,
            policy_text=policy_text,
            rules_text=rules_text,
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DataContractError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise DataContractError(f"{path}: not a JSON object")
    policy = data.get("policy") or {}
    started, finished = data.get("started_at"), data.get("finished_at")
    try:
        records = {str(k): _count(v) for k, v in (data.get("records") or {}).items()}
    except (TypeError, ValueError, AttributeError) as exc:
        raise DataContractError(f"{path}: bad record counts ({exc})") from exc
    return RunInfo(
        policy_name=str(policy.get("name", "unknown")),
        policy_version=str(policy.get("version", "unknown")),
        started_at=_time(started, str(path)) if started else None,
        finished_at=_time(finished, str(path)) if finished else None,
        records=records,
        inputs=_inputs(data.get("inputs")),
        policy_text=policy_text,
        rules_text=rules_text,
    )


def read_run(run_dir: Path) -> DetectionRun:
    flagged = run_dir / "flagged.csv"
    if not flagged.exists():
        raise InputFileError(f"{run_dir}: no flagged.csv; not a detection run directory")
    decisions = [_decision(row, f"{flagged}:{line}") for line, row in _rows(flagged, _FLAGGED)]
    hits_path = run_dir / "hits.csv"
    hits = (
        [_hit(row, f"{hits_path}:{line}") for line, row in _rows(hits_path, _HITS)]
        if hits_path.exists()
        else []
    )
    return DetectionRun(info=_info(run_dir), decisions=decisions, hits=hits)
