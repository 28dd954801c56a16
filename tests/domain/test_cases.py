"""How dispatch answers aggregate into a case's outcome: properties for any set of answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.cases import Answer, Dispatch, aggregate, label_of

T0 = datetime(2026, 11, 2, tzinfo=UTC)
ORGS = ["police", "bank", "op-b", "op-c"]
AUTHORITATIVE = frozenset({"police", "bank"})


def _d(i: int, to_org: str, answer: str | None) -> Dispatch:
    return Dispatch(i, 1, "op-a", to_org, "+861", "?", T0 + timedelta(hours=72), "x", T0, answer)


answers = st.sampled_from([None, *[a.value for a in Answer]])
dispatch_sets = st.lists(st.tuples(st.sampled_from(ORGS), answers), max_size=8).map(
    lambda xs: [_d(i, o, a) for i, (o, a) in enumerate(xs, 1)]
)


@given(dispatch_sets, st.randoms())
def test_the_outcome_does_not_depend_on_the_order_of_answers(ds: list[Dispatch], rnd: object) -> None:
    shuffled = list(ds)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert aggregate(ds, AUTHORITATIVE) == aggregate(shuffled, AUTHORITATIVE)


@given(dispatch_sets)
def test_an_authoritative_confirmation_decides_and_otherwise_all_answers_are_needed(
    ds: list[Dispatch],
) -> None:
    outcome = aggregate(ds, AUTHORITATIVE)
    if any(d.to_org in AUTHORITATIVE and d.answer == Answer.CONFIRMED_FRAUD for d in ds):
        assert outcome is Answer.CONFIRMED_FRAUD
    elif not ds or any(d.answer is None for d in ds):
        assert outcome is None
    else:
        confirmed = sum(d.answer == Answer.CONFIRMED_FRAUD for d in ds)
        denied = sum(d.answer == Answer.NOT_FRAUD for d in ds)
        assert outcome is (
            Answer.CONFIRMED_FRAUD
            if confirmed > denied
            else Answer.NOT_FRAUD
            if denied > confirmed
            else Answer.UNKNOWN
        )


def test_examples_and_labels() -> None:
    assert aggregate([], AUTHORITATIVE) is None
    assert aggregate([_d(1, "op-b", "confirmed_fraud"), _d(2, "op-c", None)], AUTHORITATIVE) is None
    assert (
        aggregate([_d(1, "police", "confirmed_fraud"), _d(2, "op-c", None)], AUTHORITATIVE)
        is Answer.CONFIRMED_FRAUD
    )
    assert (
        aggregate([_d(1, "op-b", "not_fraud"), _d(2, "op-c", "unknown")], AUTHORITATIVE) is Answer.NOT_FRAUD
    )
    assert aggregate([_d(1, "op-b", "unknown")], AUTHORITATIVE) is Answer.UNKNOWN
    assert (label_of(Answer.CONFIRMED_FRAUD), label_of(Answer.NOT_FRAUD), label_of(Answer.UNKNOWN)) == (
        "fraud",
        "not_fraud",
        None,
    )
