"""Risk snapshots and screening policies on disk: what an operator produces, and how we load it fast.

A snapshot is either a directory of small CSV files, one per list (each optional, header required),
or one JSON file with the same lists as keys. Lists are the operator's own, exported from wherever
they live; scores come straight from ``ringfence detect``'s flagged-numbers CSV.

| file | columns | becomes |
|---|---|---|
| ``blacklist.csv`` | ``number[, reason]`` | blocked callers |
| ``tags.csv`` | ``number, tag`` | labelled callers, the tag is the label |
| ``scores.csv`` / ``flagged.csv`` | ``number, score[, rules]`` (detect's output as is) | risk scores |
| ``trusted.csv`` | ``number, trunks`` (``;``-separated) | enterprise numbers bound to trunks |
| ``inbound_only.csv`` | ``number`` | numbers that never call out |
| ``marketing.csv`` | ``number`` | marketing callers (for the do-not-call register) |
| ``do_not_call.csv`` | ``number`` | callees registered against marketing |
| ``roaming.csv`` | ``number`` | +86 mobiles abroad (the file's presence means the list is supplied) |
| ``protected.csv`` | ``number`` | protected callees (the elderly) |
| ``subscribers.csv`` | DATA.md subscribers | holders aged ``ELDERLY_AGE``+ become protected |
| ``manifest.json`` | ``{"version", "built_at"}`` | identity and age (else: directory name, newest mtime) |

The JSON form also carries what live screening derives from the store (``dispositions``: number →
``{state, block}``, ``shared_blacklist`` and ``restricted_holder``: number → reason), so
``snapshot build --from-store`` can hand an organisation's live snapshot to a screening node that has
no database.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ringfence.errors import ConfigError, InputFileError
from ringfence.screening.policy import Policy
from ringfence.screening.snapshot import CallerEntry, RiskSnapshot, SnapshotBuilder

__all__ = [
    "ELDERLY_AGE",
    "LIST_FILES",
    "FileSnapshotSource",
    "build_snapshot",
    "load_policy",
    "load_snapshot",
    "snapshot_to_json",
    "write_snapshot_json",
]

ELDERLY_AGE = 65
LIST_FILES = (
    "blacklist.csv",
    "tags.csv",
    "scores.csv",
    "flagged.csv",
    "trusted.csv",
    "inbound_only.csv",
    "marketing.csv",
    "do_not_call.csv",
    "roaming.csv",
    "protected.csv",
    "subscribers.csv",
)


def load_policy(path: Path) -> Policy:
    """A policy from a JSON file (only the keys it changes)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputFileError(f"{path}: no such policy file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a JSON policy file ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a policy file holds one JSON object")
    return Policy.from_mapping(data)


def load_snapshot(path: Path) -> RiskSnapshot:
    """Load a snapshot directory or JSON file. Raises ``InputFileError`` if it is absent or unreadable.

    Rows with an irregular number or an unreadable score are skipped (counted in the builder), never
    fatal: one bad line in a million-number export must not leave the hot path without a snapshot.
    """
    if not path.exists():
        raise InputFileError(f"{path}: no such snapshot file or directory")
    if path.is_dir():
        return _load_dir(path)
    return _load_json(path)


def _timestamp(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError(f"snapshot built_at {value!r} is not an ISO-8601 time") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _rows(path: Path) -> Iterator[dict[str, str]]:
    import polars as pl

    try:
        frame = pl.read_csv(path, infer_schema=False, truncate_ragged_lines=True, encoding="utf8-lossy")
    except Exception as exc:
        raise InputFileError(f"{path}: not a readable CSV file ({exc})") from exc
    columns = [c.strip().lower() for c in frame.columns]
    frame.columns = columns
    if "number" not in columns:
        raise InputFileError(f"{path}: header has no 'number' column")
    for row in frame.iter_rows(named=True):
        number = row.get("number")
        if number is not None and number.strip():
            yield {k: (v or "").strip() for k, v in row.items()}


def build_snapshot(
    lists: Path | None,
    flagged: list[Path],
    version: str,
    built_at: float,
    base: Mapping[str, CallerEntry] | None = None,
) -> tuple[RiskSnapshot, int]:
    """Merge a lists directory and detection's flagged CSVs into one snapshot (on top of ``base``, an
    organisation's live snapshot from the store, when given); also returns rows skipped."""
    builder = SnapshotBuilder(version, built_at)
    if base is not None:
        builder.include(base)
    if lists is not None:
        if not lists.is_dir():
            raise InputFileError(f"{lists}: not a directory of list files")
        for name in LIST_FILES:
            if (lists / name).exists():
                _apply_file(builder, lists / name, built_at)
    for file in flagged:
        if not file.exists():
            raise InputFileError(f"{file}: no such flagged-numbers file")
        _apply_file(builder, file, built_at, as_name="flagged.csv")
    return builder.build(), builder.skipped


def _load_dir(path: Path) -> RiskSnapshot:
    manifest: dict[str, Any] = {}
    mf = path / "manifest.json"
    if mf.exists():
        try:
            manifest = json.loads(mf.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputFileError(f"{mf}: not a JSON manifest ({exc})") from exc
    present = [path / name for name in LIST_FILES if (path / name).exists()]
    built_at = _timestamp(manifest.get("built_at"))
    if built_at is None:
        built_at = max([p.stat().st_mtime for p in present] or [path.stat().st_mtime])
    builder = SnapshotBuilder(str(manifest.get("version") or path.name), built_at)
    for file in present:
        _apply_file(builder, file, built_at)
    return builder.build()


def _apply_file(builder: SnapshotBuilder, file: Path, built_at: float, as_name: str | None = None) -> None:
    name = as_name or file.name
    if name == "roaming.csv":
        builder.supply_roaming_list()
    for row in _rows(file):
        number = row["number"]
        if name == "blacklist.csv":
            builder.blacklist(number, row.get("reason", ""))
        elif name == "tags.csv":
            if row.get("tag"):
                builder.tag(number, row["tag"])
        elif name in ("scores.csv", "flagged.csv"):
            score = _score(row.get("score"))
            if score is None:
                builder.skipped += 1
            else:
                builder.score(number, score, row.get("rules", ""))
        elif name == "trusted.csv":
            builder.trusted(number, row.get("trunks", "").split(";"))
        elif name == "inbound_only.csv":
            builder.inbound_only(number)
        elif name == "marketing.csv":
            builder.marketing(number)
        elif name == "do_not_call.csv":
            builder.do_not_call(number)
        elif name == "roaming.csv":
            builder.roaming(number)
        elif name == "protected.csv":
            builder.protect(number)
        elif name == "subscribers.csv":
            year = _score(row.get("birth_year"))
            as_of = datetime.fromtimestamp(built_at, UTC).year
            if year is not None and as_of - year >= ELDERLY_AGE:
                builder.protect(number)


def _score(raw: str | None) -> float | None:
    try:
        value = float(raw) if raw else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _load_json(path: Path) -> RiskSnapshot:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(f"{path}: not a JSON snapshot ({exc})") from exc
    if not isinstance(data, dict):
        raise InputFileError(f"{path}: a snapshot file holds one JSON object")
    built_at = _timestamp(data.get("built_at"))
    if built_at is None:
        built_at = path.stat().st_mtime
    b = SnapshotBuilder(str(data.get("version") or path.stem), built_at)
    for number, reason in _pairs(data.get("blacklist")):
        b.blacklist(number, str(reason or ""))
    confidences = dict(_pairs(data.get("tag_confidence")))
    for number, tag in _pairs(data.get("tags")):
        if tag:
            b.tag(number, str(tag), _score(str(confidences.get(number))))
    for number, value in _pairs(data.get("scores")):
        score = _score(str(value)) if not isinstance(value, dict) else _score(str(value.get("score")))
        evidence = str(value.get("rules", "")) if isinstance(value, dict) else ""
        if score is None:
            b.skipped += 1
        else:
            b.score(number, score, evidence)
    for number, trusted in _pairs(data.get("trusted")):
        # trunks as a list or a ";"-separated text, or {"trunks": …, "display_name": …}
        name = str(trusted.get("display_name") or "") if isinstance(trusted, dict) else ""
        trunks = trusted.get("trunks") if isinstance(trusted, dict) else trusted
        b.trusted(number, trunks if isinstance(trunks, list) else str(trunks or "").split(";"), name or None)
    for number, d in _pairs(data.get("dispositions")):
        if isinstance(d, dict) and d.get("state"):
            b.disposed(number, str(d["state"]), bool(d.get("block")))
    for number, reason in _pairs(data.get("shared_blacklist")):
        b.shared_blacklist(number, str(reason or ""))
    for number, reason in _pairs(data.get("restricted_holder")):
        b.restricted_holder(number, str(reason or ""))
    for number in data.get("inbound_only") or ():
        b.inbound_only(str(number))
    for number in data.get("marketing") or ():
        b.marketing(str(number))
    for number in data.get("do_not_call") or ():
        b.do_not_call(str(number))
    for number in data.get("protected") or ():
        b.protect(str(number))
    if data.get("roaming") is not None:
        b.supply_roaming_list()
        for number in data["roaming"]:
            b.roaming(str(number))
    return b.build()


def _pairs(value: object) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k), v
    elif isinstance(value, list):
        for item in value:
            yield str(item), None


def snapshot_to_json(snapshot: RiskSnapshot) -> dict[str, Any]:
    """The JSON form of a snapshot (``load_snapshot`` reads it back to an equal snapshot)."""
    callers = snapshot.callers
    data: dict[str, Any] = {
        "version": snapshot.version,
        "built_at": None
        if snapshot.built_at is None
        else datetime.fromtimestamp(snapshot.built_at, UTC).isoformat(),
        "blacklist": {n: e.blacklist for n, e in callers.items() if e.blacklist is not None},
        "tags": {n: e.tag for n, e in callers.items() if e.tag is not None},
        "tag_confidence": {
            n: e.tag_confidence
            for n, e in callers.items()
            if e.tag is not None and e.tag_confidence is not None
        },
        "scores": {
            n: {"score": e.score, "rules": e.evidence} for n, e in callers.items() if e.score is not None
        },
        "trusted": {
            n: sorted(e.trusted_trunks)
            if e.display_name is None
            else {"trunks": sorted(e.trusted_trunks), "display_name": e.display_name}
            for n, e in callers.items()
            if e.trusted_trunks is not None
        },
        "dispositions": {
            n: {"state": e.disposition, "block": e.disposed_block}
            for n, e in callers.items()
            if e.disposition is not None
        },
        "shared_blacklist": {
            n: e.shared_blacklist for n, e in callers.items() if e.shared_blacklist is not None
        },
        "restricted_holder": {
            n: e.restricted_holder for n, e in callers.items() if e.restricted_holder is not None
        },
        "inbound_only": sorted(n for n, e in callers.items() if e.inbound_only),
        "marketing": sorted(n for n, e in callers.items() if e.marketing),
        "do_not_call": sorted(snapshot.do_not_call),
        "protected": sorted(snapshot.protected),
        "roaming": None if snapshot.roaming is None else sorted(snapshot.roaming),
    }
    return data


def write_snapshot_json(snapshot: RiskSnapshot, path: Path) -> None:
    """Write atomically (temp file + rename), so a reloading service never reads half a snapshot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(snapshot_to_json(snapshot), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


class FileSnapshotSource:
    """A snapshot file or directory watched by its modification time (the exporter's atomic rename).

    ``token`` is cheap (one ``stat``) so a service can poll it every few seconds on the request path.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def token(self) -> object | None:
        try:
            if self.path.is_dir():
                stamps = [self.path.stat().st_mtime_ns]
                stamps += [
                    (self.path / n).stat().st_mtime_ns
                    for n in (*LIST_FILES, "manifest.json")
                    if (self.path / n).exists()
                ]
                return tuple(stamps)
            return self.path.stat().st_mtime_ns
        except OSError:
            return None

    def load(self) -> RiskSnapshot:
        return load_snapshot(self.path)

    def __str__(self) -> str:
        return str(self.path)
