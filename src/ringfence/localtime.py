"""The operator's local time: one setting (``Settings.timezone``) that every engine is handed.

Night activity, hour-of-day model features and exported times all mean *local* time, and an
operator outside UTC+08:00 must not get Chinese nights. The zone is passed in; this module holds
its default and the two conversions the engines need, fast for zones with one fixed offset (no
daylight saving, e.g. Asia/Shanghai) and exact for zones that change offset.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from ringfence.errors import ConfigError

__all__ = ["DEFAULT_TIMEZONE", "check_zone", "fixed_offset_s", "local_day", "local_hour", "local_wall_clock"]

DEFAULT_TIMEZONE: Final = "Asia/Shanghai"

# Offsets are compared over this span: wide enough for any record an operator keeps, and a zone
# whose offset is the same at every sample in it is treated as fixed.
_SAMPLE_YEARS: Final = range(1995, 2061)


def check_zone(zone: str) -> ZoneInfo:
    """The IANA zone, or a clear error naming the setting (a typo must not silently mean UTC)."""
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"unknown time zone {zone!r} (an IANA name such as Asia/Shanghai)") from exc


@lru_cache(maxsize=32)
def fixed_offset_s(zone: str) -> int | None:
    """The zone's UTC offset in seconds if it never changes over the sampled years, else None.

    Sampled on the 1st and 15th of every month: daylight saving lasts months, so a zone that
    observes it shows two offsets here."""
    info = check_zone(zone)
    offsets = {
        int((datetime(y, m, d, 12, tzinfo=UTC).astimezone(info).utcoffset() or timedelta()).total_seconds())
        for y in _SAMPLE_YEARS
        for m in range(1, 13)
        for d in (1, 15)
    }
    return offsets.pop() if len(offsets) == 1 else None


def local_hour(t: pl.Expr, zone: str = DEFAULT_TIMEZONE) -> pl.Expr:
    """Hour of day (Int32) in ``zone`` of epoch seconds ``t``."""
    offset = fixed_offset_s(zone)
    if offset is not None:
        return ((t + offset) // 3600 % 24).cast(pl.Int32)
    instant = pl.from_epoch(t, time_unit="s").dt.replace_time_zone("UTC")
    return instant.dt.convert_time_zone(zone).dt.hour().cast(pl.Int32)


def local_day(t: pl.Expr, zone: str = DEFAULT_TIMEZONE) -> pl.Expr:
    """The local calendar day (Int64: days since 1970-01-01) in ``zone`` of epoch seconds ``t``: the
    days a number was active are counted by the operator's calendar, so a burst at 23:00 and its tail
    after midnight are two days, as a subscriber would count them."""
    offset = fixed_offset_s(zone)
    if offset is not None:
        return ((t + offset) // 86_400).cast(pl.Int64)
    instant = pl.from_epoch(t, time_unit="s").dt.replace_time_zone("UTC")
    return instant.dt.convert_time_zone(zone).dt.date().cast(pl.Int64)


def local_wall_clock(col: pl.Expr, dtype: pl.DataType, zone: str = DEFAULT_TIMEZONE) -> pl.Expr:
    """Naive local wall-clock time in ``zone`` of a timestamp column (naive columns are UTC)."""
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        col = col.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    offset = fixed_offset_s(zone)
    if offset is not None:
        return col + timedelta(seconds=offset)
    return col.dt.replace_time_zone("UTC").dt.convert_time_zone(zone).dt.replace_time_zone(None)
