"""Gateway calls presenting the operator's own subscribers: a subscriber abroad calling home is not a
forgery. Hand-built, as the rest of ``tests/warn``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from ringfence.warn.discovery import WarnConfig, discover
from tests.warn.scenario import call_frame

T0 = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=2)
ABROAD = "+8613900000301"  # our subscriber working abroad, calling people at home once each
AT_HOME = "+8613900000302"  # our subscriber at home, whose number a forger presents
OTHER = "+8618900000303"  # another operator's number: we cannot know where its holder is
P = {i: f"+86138000003{i:02d}" for i in range(1, 8)}


def _calls(rows: list[tuple[str, str, float, int, str]]) -> pl.DataFrame:
    """(caller, callee, hours after T0, duration, origin)."""
    return call_frame(rows, timedelta(hours=1), T0)


def calls() -> pl.DataFrame:
    return _calls(
        [
            (ABROAD, P[1], 1.0, 600, "international"),
            (ABROAD, P[2], 20.0, 500, "international"),
            (ABROAD, P[7], 30.0, 60, "intra"),  # back home a day later: a call on the domestic network
            (AT_HOME, P[6], 9.0, 120, "intra"),  # the owner calls at home ...
            (AT_HOME, P[3], 12.0, 900, "international"),  # ... while a forger presents the number
            (OTHER, P[4], 1.0, 700, "international"),
            (ABROAD, P[5], 31.0, 800, "international"),  # from abroad again, an hour after its home call
        ]
    )


def subscribers() -> pl.DataFrame:
    return pl.DataFrame({"number": [ABROAD, AT_HOME, *P.values()]})


def test_an_own_subscriber_with_no_call_at_home_near_the_gateway_call_is_abroad() -> None:
    warned = set(
        discover(
            calls(),
            pl.DataFrame({"number": []}, schema={"number": pl.String}),
            NOW,
            subscribers=subscribers(),
        )["number"]
    )
    assert P[1] not in warned  # abroad: no call at home within six hours
    assert P[2] not in warned
    assert P[3] in warned  # the owner called at home three hours before: a forgery
    assert P[4] in warned  # another operator's number: no inference
    assert P[5] in warned  # an hour after a call at home: the number was in the country


def test_the_window_is_configurable_and_without_subscribers_nothing_is_inferred() -> None:
    none = pl.DataFrame({"number": []}, schema={"number": pl.String})
    wide = discover(calls(), none, NOW, subscribers=subscribers(), cfg=WarnConfig(home_window_s=30 * 3600))
    assert P[1] in set(wide["number"])  # its call at home 29 h later is within 30 h
    off = discover(calls(), none, NOW, subscribers=subscribers(), cfg=WarnConfig(home_window_s=0))
    assert {P[1], P[2], P[3]} <= set(off["number"])
    without = discover(calls(), none, NOW)
    assert {P[1], P[2], P[3], P[4], P[5]} <= set(without["number"])


def test_a_flagged_own_number_is_not_presumed_abroad() -> None:
    """A card forwarding a ring's calls carries them in through the gateway under its own number and
    places nothing at home: flagged, its calls stay spoofed calls (two minutes are enough)."""
    flagged = pl.DataFrame({"number": [ABROAD]})
    short = calls().with_columns(pl.lit(200).alias("duration_s"))
    warned = set(discover(short, flagged, NOW, subscribers=subscribers())["number"])
    assert {P[1], P[2]} <= warned
    assert all(
        "spoofed_long_call" in r for r in discover(short, flagged, NOW, subscribers=subscribers())["reason"]
    )
