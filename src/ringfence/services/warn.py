"""Warn the people fraud reached: read records and flags, find likely victims, plan the warnings.

``ringfence warn`` (files) and the platform (after a detection is stored or a disposition made) come
through ``warnings_for``; the files variant reads inputs with the ingest reader, so numbers are
canonical whatever presentation the files use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from ringfence.errors import InputFileError
from ringfence.warn.discovery import WarnConfig, discover
from ringfence.warn.plan import ChannelPolicy, plan_warnings
from ringfence.warn.texts import category_of_texts, category_of_typology

__all__ = ["WarnResult", "categorise", "read_flagged", "warn_files", "warnings_for"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class WarnResult:
    victims: pl.DataFrame  # one row per person
    warnings: pl.DataFrame  # one row per warning (the contract file)
    now: datetime


def categorise(victims: pl.DataFrame, sms: pl.DataFrame | None) -> pl.DataFrame:
    """Fill ``category`` per victim: the flag's, else what the fraud number's SMS say, else its kind."""
    numbers = victims.filter(pl.col("category").is_null())["fraud_number"].unique().to_list()
    by_texts: dict[str, str] = {}
    if sms is not None and "text" in sms.columns and numbers:
        sent = (
            sms.filter(pl.col("sender").is_in(numbers) & pl.col("text").is_not_null())
            .group_by("sender")
            .agg(pl.col("text").unique().head(20))
        )
        for sender, texts in sent.iter_rows():
            found = category_of_texts(texts)
            if found is not None:
                by_texts[sender] = found
    cats = [
        c if c is not None else by_texts.get(f) or category_of_typology(t, bool(s), f)
        for c, f, t, s in victims.select("category", "fraud_number", "typology", "spoofed").iter_rows()
    ]
    return victims.with_columns(pl.Series("category", cats, dtype=pl.String))


def warnings_for(
    calls: pl.DataFrame,
    flagged: pl.DataFrame,
    now: datetime,
    sms: pl.DataFrame | None = None,
    subscribers: pl.DataFrame | None = None,
    roaming: pl.Series | None = None,
    config: WarnConfig | None = None,
    policy: ChannelPolicy | None = None,
    already: Mapping[str, int] | None = None,
    sent_keys: frozenset[str] = frozenset(),
) -> WarnResult:
    victims = discover(calls, flagged, now, sms=sms, subscribers=subscribers, cfg=config, roaming=roaming)
    victims = categorise(victims, sms)
    warnings = plan_warnings(victims, now, policy, already, sent_keys)
    return WarnResult(victims, warnings, now)


def read_flagged(path: Path) -> pl.DataFrame:
    """A flagged-numbers file (``ringfence detect`` output, or any CSV with a ``number`` column):
    numbers canonical, ``detected_at`` parsed, ``allow`` rows left out (which verdicts warn is
    ``WarnConfig.verdicts``)."""
    from ringfence.ingest.fields import canonical_numbers, parse_timestamp_series

    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputFileError(f"{path}: cannot read flagged numbers: {exc}") from exc
    if "number" not in frame.columns:
        raise InputFileError(f"{path}: a flagged-numbers file needs a 'number' column")
    source = "number_e164" if "number_e164" in frame.columns else "number"
    cols = [canonical_numbers(frame[source].alias("number"))]
    if "detected_at" in frame.columns:
        cols.append(parse_timestamp_series(frame["detected_at"]).alias("detected_at"))
    out = frame.with_columns(cols)
    if "verdict" in out.columns:
        out = out.filter(pl.col("verdict").is_null() | (pl.col("verdict") != "allow"))
    return out.filter(pl.col("number").is_not_null())


#: The columns discovery reads of each kind: the rest of 10M call rows is not held (stop 57: peak
#: memory at 1M calls, ``benchmarks/bench_warn.py``, in docs/warnings.md).
_COLUMNS = {
    "calls": ("call_id", "caller", "callee", "start_time", "duration_s", "origin", "caller_imei"),
    "messages": ("sms_id", "sender", "receiver", "send_time", "text"),
    "subscribers": ("number", "birth_year", "guardians"),
}


def _read(paths: Sequence[Path], kind: str) -> pl.DataFrame:
    from ringfence.ingest import RecordKind
    from ringfence.ingest.reader import read_frame

    frame, _ = read_frame(list(paths), RecordKind(kind), columns=_COLUMNS[kind])
    return frame


def warn_files(
    calls: Sequence[Path],
    flagged: Path,
    out: Path,
    sms: Sequence[Path] = (),
    subscribers: Sequence[Path] = (),
    roaming: Path | None = None,
    now: datetime | None = None,
    config: WarnConfig | None = None,
    policy: ChannelPolicy | None = None,
    progress: Progress | None = None,
) -> WarnResult:
    """Read the files, warn, write ``out`` (the contract's likely-victims CSV). Without ``now`` the run
    happens at the newest record's time (event time: a replayed week warns as it would have live)."""
    say = progress or (lambda _: None)
    say("reading calls")
    call_frame = _read(calls, "calls")
    sms_frame = None
    if sms:
        say("reading messages")
        sms_frame = _read(sms, "messages")
    subs = _read(subscribers, "subscribers") if subscribers else None
    flags = read_flagged(flagged)
    roam = None
    if roaming is not None:
        from ringfence.ingest.fields import canonical_numbers

        roam = canonical_numbers(pl.read_csv(roaming, infer_schema=False)["number"])
    if now is None:
        times = [call_frame["start_time"].max()]
        if sms_frame is not None and sms_frame.height:
            times.append(sms_frame["send_time"].max())
        known = [t for t in times if isinstance(t, datetime)]
        if not known:
            raise InputFileError("no records to warn from: the call files are empty")
        now = max(known)
    say("finding likely victims")
    result = warnings_for(call_frame, flags, now, sms_frame, subs, roam, config, policy)
    out.parent.mkdir(parents=True, exist_ok=True)
    result.warnings.with_columns(
        pl.col("detected_at", "send_after")
        .dt.convert_time_zone("Asia/Shanghai")
        .dt.strftime("%Y-%m-%dT%H:%M:%S%:z")
    ).write_csv(out)
    return result
