"""Tags with a lifecycle: properties of the confidence, recycling, appeals and overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.intel.tags import (
    AppealOutcome,
    Evidence,
    Override,
    SourceKind,
    Stance,
    Tag,
    TagState,
    add_evidence,
    appeal,
    confidence,
    decide_appeal,
    delist,
    effective_view,
    recycle,
    wilson_lower_bound,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
N = "+8613800000001"

evidence = st.builds(
    Evidence,
    source=st.sampled_from(["op-a", "op-b", "tagco", "user"]),
    kind=st.sampled_from(list(SourceKind)),
    stance=st.sampled_from(list(Stance)),
    at=st.integers(0, 400).map(lambda d: T0 + timedelta(days=d)),
)
tags = st.builds(
    Tag,
    number=st.just(N),
    category=st.just("fraud"),
    owner=st.just("op-a"),
    created_at=st.just(T0),
    evidence=st.lists(evidence, max_size=12).map(tuple),
)
later = st.integers(400, 2000).map(lambda d: T0 + timedelta(days=d))
kinds = st.sampled_from(list(SourceKind))
EPS = 1e-12


@given(tags, kinds, later)
def test_a_confirming_report_never_lowers_confidence(tag: Tag, kind: SourceKind, now: datetime) -> None:
    more = add_evidence(tag, Evidence("x", kind, Stance.CONFIRMS, now))
    assert confidence(more, now) >= confidence(tag, now) - EPS


@given(tags, kinds, later)
def test_a_dispute_never_raises_confidence(tag: Tag, kind: SourceKind, now: datetime) -> None:
    more = add_evidence(tag, Evidence("x", kind, Stance.DISPUTES, now))
    assert confidence(more, now) <= confidence(tag, now) + EPS


@given(tags, later, st.integers(1, 3000))
def test_confidence_falls_as_evidence_ages_when_nothing_disputes_it(
    tag: Tag, now: datetime, days: int
) -> None:
    confirmed = Tag(N, "fraud", "op-a", T0, tuple(e for e in tag.evidence if e.stance is Stance.CONFIRMS))
    assert confidence(confirmed, now + timedelta(days=days)) <= confidence(confirmed, now) + EPS


@given(st.floats(0, 50), st.floats(0, 50), st.floats(0.01, 1))
def test_fading_all_evidence_alike_never_raises_the_bound(pos: float, neg: float, factor: float) -> None:
    assert wilson_lower_bound(pos * factor, (pos + neg) * factor) <= wilson_lower_bound(pos, pos + neg) + EPS


@given(st.lists(tags, max_size=5), st.text(min_size=1, max_size=8), later)
def test_recycling_clears_every_tag_made_before_the_number_changed_hands(
    before: list[Tag], holder: str, at: datetime
) -> None:
    after = recycle(before, N, holder, at)
    assert all(confidence(t, at) == 0.0 for t in after)
    assert all(t.state is not TagState.ACTIVE for t in after)
    fresh = Tag(N, "fraud", "op-b", at + timedelta(days=1), holder=holder)
    assert recycle([fresh], N, holder, at) == [fresh]  # the new holder's own tag stays


def test_more_reliable_sources_give_more_confidence_and_one_user_report_little() -> None:
    base = Tag(N, "fraud", "op-a", T0)
    user = confidence(add_evidence(base, Evidence("u", SourceKind.USER_REPORT, Stance.CONFIRMS, T0)), T0)
    case = confidence(add_evidence(base, Evidence("p", SourceKind.CONFIRMED_CASE, Stance.CONFIRMS, T0)), T0)
    assert 0 < user < case < 0.5
    many = base
    for i in range(20):
        many = add_evidence(many, Evidence(f"o{i}", SourceKind.OPERATOR, Stance.CONFIRMS, T0))
    assert confidence(many, T0) > 0.8
    assert confidence(many, T0 + timedelta(days=365)) < confidence(many, T0)


def test_appeals_and_delisting_and_overrides() -> None:
    tag = add_evidence(Tag(N, "fraud", "op-a", T0), Evidence("a", SourceKind.OPERATOR, Stance.CONFIRMS, T0))
    appealed = appeal(tag, "holder", "the number was re-issued to me", T0)
    upheld = decide_appeal(appealed, AppealOutcome.UPHELD, "op-a/analyst#1", T0)
    assert confidence(upheld, T0) == confidence(tag, T0) > 0
    overturned = decide_appeal(appeal(upheld, "holder", "again", T0), AppealOutcome.OVERTURNED, "op-a/x", T0)
    assert overturned.state is TagState.DELISTED
    assert [a.outcome for a in overturned.appeals] == [AppealOutcome.UPHELD, AppealOutcome.OVERTURNED]
    with pytest.raises(ValueError, match="no pending appeal"):
        decide_appeal(overturned, AppealOutcome.UPHELD, "x", T0)
    assert confidence(delist(tag, T0), T0) == 0.0
    other = Tag("+8613900000002", "spam", "op-b", T0, tag.evidence)
    hide = Override("op-b", N, "fraud", hide=True)
    pin = Override("op-c", N, "fraud", pinned=0.99)
    assert [v.tag.number for v in effective_view([tag, other], "op-b", [hide, pin], T0)] == ["+8613900000002"]
    seen_by_c = effective_view([tag, other], "op-c", [hide, pin], T0)
    assert (seen_by_c[0].tag.number, seen_by_c[0].confidence, seen_by_c[0].overridden) == (N, 0.99, True)
    assert len(effective_view([tag, other], "op-a", [hide, pin], T0)) == 2


@given(tags, kinds, later, st.integers(2, 6))
def test_a_source_repeating_itself_is_not_a_second_witness(
    tag: Tag, kind: SourceKind, now: datetime, times: int
) -> None:
    """The same report sent again and again counts once; a different source adds to it."""
    report = Evidence("same-reporter", kind, Stance.CONFIRMS, tag.created_at)
    once = replace(tag, evidence=(*tag.evidence, report))
    again = replace(tag, evidence=(*tag.evidence, *([report] * times)))
    assert confidence(again, now) == confidence(once, now)
    other = replace(once, evidence=(*once.evidence, replace(report, source="another-reporter")))
    assert confidence(other, now) >= confidence(once, now)
