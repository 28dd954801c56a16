"""Properties of the warning plan for any likely victims: one warning per key, caps held, guardians
only for the elderly, texts without links or numbers, and a second run with the first run's keys
plans nothing."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from ringfence.warn.plan import ChannelPolicy, plan_warnings
from ringfence.warn.texts import CATEGORIES, check_text

PEOPLE = [f"+86138000000{i:02d}" for i in range(8)]
GUARDIANS = [f"+86139000000{i:02d}" for i in range(4)]
FRAUD = [f"+86170000000{i:02d}" for i in range(3)]

victim = st.fixed_dictionaries(
    {
        "number": st.sampled_from(PEOPLE),
        "risk": st.floats(0.5, 1.0),
        "reason": st.just("long_call"),
        "fraud_number": st.sampled_from(FRAUD),
        "detected_at": st.just(datetime(2026, 11, 2, tzinfo=UTC)),
        "category": st.sampled_from([*CATEGORIES, None]),
        "elderly": st.booleans(),
        "guardians": st.one_of(st.none(), st.lists(st.sampled_from(GUARDIANS), max_size=3).map(";".join)),
        "evidence": st.just("[]"),
    }
)


@given(
    st.lists(victim, max_size=12, unique_by=lambda v: v["number"]),
    st.integers(0, 47),
    st.integers(1, 4),
)
def test_any_victims_plan_holds_the_rules(rows: list[dict[str, object]], half_hours: int, cap: int) -> None:
    now = datetime(2026, 11, 2, tzinfo=UTC) + timedelta(minutes=30 * half_hours)
    victims = pl.DataFrame(
        rows,
        schema={
            "number": pl.String,
            "risk": pl.Float64,
            "reason": pl.String,
            "fraud_number": pl.String,
            "detected_at": pl.Datetime("us", "UTC"),
            "category": pl.String,
            "elderly": pl.Boolean,
            "guardians": pl.String,
            "evidence": pl.String,
        },
    )
    policy = ChannelPolicy(max_per_person=cap)
    w = plan_warnings(victims, now, policy)
    assert w["key"].n_unique() == w.height
    per_recipient = Counter(n for n, c in zip(w["notify"], w["channel"], strict=True) if c != "police")
    assert all(n <= cap for n in per_recipient.values())
    elderly = {r["number"] for r in rows if r["elderly"]}
    assert set(w.filter(pl.col("channel") == "guardian")["number"]) <= elderly
    assert all(s >= now for s in w["send_after"])
    assert all(s - now <= timedelta(hours=10) for s in w["send_after"])
    for text in w["text"]:
        check_text(text)
    assert plan_warnings(victims, now, policy, sent_keys=frozenset(w["key"])).is_empty()
