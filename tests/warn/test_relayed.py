"""The people a ring abroad reached through relays: a line behind relay desks never calls its victims,
the relay's bridging calls do (``features.bridged``). Hand-built, as the rest of ``tests/warn``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import polars as pl

from ringfence.warn.discovery import discover, relayed_calls
from tests.warn.scenario import call_frame

T0 = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=1)
LINE = "+85512345678"  # the ring's line abroad, flagged (R-BRIDGED-UPSTREAM)
RELAY = "+8613700000001"  # a relay desk's card, not flagged
DESK = "+8613700000002"  # the desk's other card, on the same handset earlier
HANDSET = "86000000000001"
V = {i: f"+86138000001{i:02d}" for i in range(1, 8)}
A, B, PRIVACY = "+8613900000001", "+8613900000002", "+8617100000001"


def _calls(rows: list[tuple[str, str, int, int, str, str | None]]) -> pl.DataFrame:
    """(caller, callee, start in seconds after T0, duration, origin, caller's handset)."""
    return call_frame(rows, timedelta(seconds=1), T0)


def calls() -> pl.DataFrame:
    return _calls(
        [
            (LINE, RELAY, 0, 800, "international", None),  # the ring calls the relay ...
            (RELAY, V[1], 10, 790, "intra", HANDSET),  # ... which calls V1, both ending together
            (LINE, RELAY, 2000, 130, "international", None),
            (RELAY, V[2], 2005, 120, "intra", HANDSET),  # bridged, but two minutes: no script heard
            (RELAY, V[3], 2400, 900, "intra", HANDSET),  # the relay's own call, nothing bridged
            (DESK, A, 3000, 60, "intra", HANDSET),  # the desk's other card used the handset ...
            (LINE, DESK, 4000, 1000, "international", None),  # ... takes the ring's call ...
            (RELAY, V[4], 4030, 975, "intra", HANDSET),  # ... and the relay card puts it through
            (LINE, RELAY, 6000, 600, "international", None),
            (RELAY, V[5], 6090, 500, "intra", HANDSET),  # 90 s later: not the other half
            (LINE, DESK, 8000, 300, "international", None),  # the desk's card takes a second call
            (RELAY, V[6], 8003, 298, "intra", HANDSET),  # put through: a desk, not a victim
            (A, PRIVACY, 7000, 700, "intra", None),  # a platform's privacy number bridging
            (PRIVACY, B, 7003, 695, "intra", None),  # two people neither of whom is flagged
        ]
    )


def flagged(*numbers: str) -> pl.DataFrame:
    return pl.DataFrame(
        {"number": list(numbers), "typology": ["bridge"] * len(numbers)},
    )


def test_the_relays_bridging_calls_are_found_on_the_number_and_on_its_handset() -> None:
    found = relayed_calls(calls(), pl.Series([LINE]))
    assert dict(zip(found["person"], found["upstream"], strict=True)) == {
        V[1]: LINE,
        V[2]: LINE,
        V[4]: LINE,
        V[6]: LINE,
    }
    assert set(found["relay"]) == {RELAY}
    assert dict(zip(found["person"], found["desk"], strict=True)) == {
        V[1]: RELAY,
        V[2]: RELAY,
        V[4]: DESK,
        V[6]: DESK,
    }
    assert relayed_calls(calls(), pl.Series([A]))["person"].to_list() == [B]


def test_the_people_a_line_reached_through_relays_are_warned_naming_the_line_and_the_relay() -> None:
    victims = discover(calls(), flagged(LINE), NOW)
    rows = {r["number"]: r for r in victims.iter_rows(named=True)}
    assert set(rows) == {V[1], V[4]}  # long calls; V2's two minutes and the unbridged calls are not
    for person in (V[1], V[4]):
        assert rows[person]["fraud_number"] == LINE
        assert rows[person]["reason"].split(";")[0] == "long_call"
        assert "via_relay" in rows[person]["reason"]
        evidence = json.loads(rows[person]["evidence"])
        assert evidence[0]["relays"] == [RELAY]
    assert rows[V[1]]["longest_s"] == 790


def test_without_handsets_only_the_number_that_answered_bridges() -> None:
    victims = discover(calls().drop("caller_imei"), flagged(LINE), NOW)
    assert set(victims["number"]) == {V[1], DESK}  # the desk's card took the line's long call


def test_a_flagged_relays_call_counts_once_as_its_own() -> None:
    victims = discover(calls(), flagged(LINE, RELAY), NOW)
    rows = {r["number"]: r for r in victims.iter_rows(named=True)}
    assert set(rows) == {V[1], V[3], V[4], V[5]}  # its long calls, bridged or not
    for row in rows.values():
        assert row["fraud_number"] == RELAY
        assert "several_fraud_numbers" not in row["reason"]
        assert "via_relay" not in row["reason"]


def test_nobody_is_warned_for_an_unflagged_line_or_a_privacy_number() -> None:
    assert discover(calls(), flagged(), NOW).is_empty()
    assert set(discover(calls(), flagged(PRIVACY), NOW)["number"]) == {A, B}  # its own long calls


def test_a_person_whose_call_was_bridged_once_is_still_warned() -> None:
    """A dialer's card on a cloned handset placing a call that ends with the one its victim took is
    chance, not a desk: the victim is warned, once, for the long call."""
    victim, clone, other, handset = "+8613800000201", "+8617000000201", "+8613800000202", "86000000000009"
    frame = _calls(
        [
            (victim, A, 0, 60, "intra", handset),  # the victim's own phone ...
            (clone, B, 100, 40, "intra", handset),  # ... whose IMEI a dialer's card also reports
            (LINE, victim, 1000, 900, "international", None),
            (clone, other, 1010, 885, "intra", handset),  # ends with the victim's call, once
        ]
    )
    rows = {r["number"]: r for r in discover(frame, flagged(LINE), NOW).iter_rows(named=True)}
    assert rows[victim]["reason"].split(";")[0] == "long_call"
    assert "via_relay" not in rows[victim]["reason"]
    assert rows[other]["fraud_number"] == LINE
    assert "via_relay" in rows[other]["reason"]
