"""The operator's local time: the engines' fast arithmetic agrees with the zone rules for any instant."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.errors import ConfigError
from ringfence.localtime import check_zone, fixed_offset_s, local_day, local_hour, local_wall_clock
from ringfence.settings import Settings

ZONES = ["Asia/Shanghai", "UTC", "Asia/Kolkata", "America/New_York", "Europe/London", "Australia/Lord_Howe"]
# 2000-01-01 .. 2049-12-31: instants records can carry.
INSTANTS = st.integers(946_684_800, 2_524_607_999)


def test_fixed_offsets_are_found_and_daylight_saving_is_not_fixed() -> None:
    assert fixed_offset_s("Asia/Shanghai") == 8 * 3600
    assert fixed_offset_s("Asia/Kolkata") == 5 * 3600 + 1800
    assert fixed_offset_s("UTC") == 0
    assert fixed_offset_s("America/New_York") is None
    assert fixed_offset_s("Australia/Lord_Howe") is None  # a half-hour shift


@given(seconds=st.lists(INSTANTS, min_size=1, max_size=20), zone=st.sampled_from(ZONES))
def test_local_hour_is_the_hour_the_zone_rules_give(seconds: list[int], zone: str) -> None:
    got = pl.DataFrame({"t": seconds}).select(local_hour(pl.col("t"), zone))["t"].to_list()
    want = [datetime.fromtimestamp(s, ZoneInfo(zone)).hour for s in seconds]
    assert got == want


@given(seconds=st.lists(INSTANTS, min_size=1, max_size=20), zone=st.sampled_from(ZONES))
def test_local_day_is_the_calendar_day_the_zone_rules_give(seconds: list[int], zone: str) -> None:
    got = pl.DataFrame({"t": seconds}).select(local_day(pl.col("t"), zone))["t"].to_list()
    epoch = date(1970, 1, 1)
    assert got == [(datetime.fromtimestamp(s, ZoneInfo(zone)).date() - epoch).days for s in seconds]


def test_a_day_turns_at_local_midnight() -> None:
    # 2026-04-13 23:59:59 and 2026-04-14 00:00:00 in Shanghai: two days; in UTC still one.
    before, after = 1_776_095_999, 1_776_096_000
    frame = pl.DataFrame({"t": [before, after]})
    assert frame.select(local_day(pl.col("t"), "Asia/Shanghai"))["t"].diff()[1] == 1
    assert frame.select(local_day(pl.col("t"), "UTC"))["t"].diff()[1] == 0


@given(seconds=st.lists(INSTANTS, min_size=1, max_size=20), zone=st.sampled_from(ZONES), aware=st.booleans())
def test_wall_clock_is_the_zone_rules_local_time(seconds: list[int], zone: str, aware: bool) -> None:
    utc = [datetime.fromtimestamp(s, UTC) for s in seconds]
    frame = pl.DataFrame({"at": utc if aware else [u.replace(tzinfo=None) for u in utc]})
    got = frame.select(local_wall_clock(pl.col("at"), frame.schema["at"], zone))["at"].to_list()
    assert got == [u.astimezone(ZoneInfo(zone)).replace(tzinfo=None) for u in utc]


def test_a_misspelt_zone_is_refused_at_start_up() -> None:
    with pytest.raises(ConfigError, match="Asia/Shangai"):
        check_zone("Asia/Shangai")
    with pytest.raises(ConfigError):
        Settings(timezone="Mars/Olympus")
    assert Settings(timezone="Europe/Berlin").timezone == "Europe/Berlin"
