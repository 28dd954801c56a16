"""The screening decision: numbering-plan rules on a cold snapshot, snapshot rules, fail modes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.numbers import NumberKind, classify
from ringfence.screening import (
    Action,
    CallSetup,
    FailMode,
    Origin,
    Outcome,
    Policy,
    RiskSnapshot,
    SnapshotBuilder,
    screen,
)
from ringfence.screening.rules import RULES, RuleBook

BOOK = RuleBook.compile(Policy())
COLD = RiskSnapshot.empty()
INTL = Origin.INTERNATIONAL
VICTIM = "13987654321"


def call(caller: str, origin: Origin = Origin.INTRA, **kw: object) -> CallSetup:
    return CallSetup(caller, kw.pop("callee", VICTIM), origin, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("caller", "reason"),
    [
        ("+8613812345678", "spoofed_domestic"),
        ("008613812345678", "spoofed_domestic"),
        ("8613812345678", "spoofed_domestic"),
        ("13812345678", "spoofed_domestic"),
        ("17012340001", "spoofed_domestic"),  # virtual operator range
        ("02887654321", "spoofed_domestic"),  # Chengdu fixed line
        ("+862887654321", "spoofed_domestic"),
        ("4008123123", "spoofed_domestic"),
        ("110", "spoofed_official"),
        ("+86110", "spoofed_official"),
        ("12345", "spoofed_official"),
        ("95588", "spoofed_official"),
        ("+8695588", "spoofed_official"),
        ("008695588", "spoofed_official"),
        ("10086", "spoofed_official"),
        ("10690000123", "spoofed_official"),
    ],
)
def test_international_gateway_presenting_domestic_numbers_is_blocked_cold(caller: str, reason: str) -> None:
    v = screen(call(caller, INTL), COLD, BOOK)
    assert v.action is Action.BLOCK
    assert v.reasons == (reason,)
    assert v.label == "疑似改号"


@pytest.mark.parametrize(
    "caller",
    [
        "13812345678",
        "+8613812345678",
        "008613812345678",
        "01062345678",
        "02887654321",
        "17012340001",
        "16512340002",
        "14612345678",
        "4008123123",
        "95588",
        "10086",
    ],
)
@pytest.mark.parametrize("origin", [Origin.INTRA, Origin.INTER])
def test_domestic_calls_from_valid_numbers_are_allowed_cold(caller: str, origin: Origin) -> None:
    v = screen(call(caller, origin), COLD, BOOK)
    assert (v.action, v.reasons, v.label) == (Action.ALLOW, (), None)


def test_genuine_international_call_is_labelled_as_from_abroad() -> None:
    v = screen(call("+447911123456", INTL), COLD, BOOK)
    assert (v.action, v.reasons, v.label) == (Action.LABEL, ("international",), "境外来电")
    assert screen(call("+447911123456", Origin.INTER), COLD, BOOK).action is Action.ALLOW


@pytest.mark.parametrize("caller", ["", "abc", "+", "1381234", "0000", "+999123", "☎️13812345678", "9" * 40])
@pytest.mark.parametrize("origin", list(Origin))
def test_unparsable_numbers_are_irregular_verdicts(caller: str, origin: Origin) -> None:
    v = screen(call(caller, origin), COLD, BOOK)
    assert v.reasons[0] == "irregular"
    assert v.label == "号码不规范"
    assert v.action is (Action.BLOCK if origin is INTL else Action.LABEL)
    assert v.hits[0].detail  # the classifier's reason is kept as evidence


def test_roaming_exemption_needs_the_roaming_list() -> None:
    b = SnapshotBuilder("r1")
    b.roaming("13812345678")
    snap = b.build()
    assert screen(call("+8613812345678", INTL), snap, BOOK).action is Action.ALLOW
    assert screen(call("+8613812345678", INTL), snap, BOOK).reasons == ("roaming_exempt",)
    # not on the list, no list at all, or the exemption turned off: a forgery
    assert screen(call("+8613900001111", INTL), snap, BOOK).action is Action.BLOCK
    assert screen(call("+8613812345678", INTL), COLD, BOOK).action is Action.BLOCK
    strict = RuleBook.compile(Policy(roaming_exemption=False))
    assert screen(call("+8613812345678", INTL), snap, strict).action is Action.BLOCK
    # fixed lines and official numbers never roam
    b.roaming("02887654321")
    assert screen(call("+862887654321", INTL), b.build(), BOOK).action is Action.BLOCK


def test_wangiri_burst_replaces_the_international_label() -> None:
    p = Policy(wangiri_callees=5)
    book = RuleBook.compile(p)
    assert screen(call("+2348012345678", INTL), COLD, book, recent_callees=4).reasons == ("international",)
    v = screen(call("+2348012345678", INTL), COLD, book, recent_callees=5)
    assert (v.action, v.reasons, v.label) == (Action.LABEL, ("wangiri",), "响一声")
    assert "5 distinct callees" in v.hits[0].detail
    # bursts from domestic numbers are the detection engine's business, not a setup rule
    assert screen(call("13812345678"), COLD, book, recent_callees=500).action is Action.ALLOW


def snapshot_with_lists() -> RiskSnapshot:
    b = SnapshotBuilder("lists-1", built_at=1_000.0)
    b.blacklist("+8617012340001", "police report 2026-0113")
    b.tag("13611112222", "骚扰电话")
    b.score("13522223333", 0.95, "sim_box;burst")
    b.score("13533334444", 0.6)
    b.score("13544445555", 0.4)
    b.trusted("95588", ["icbc-1", "icbc-2"])
    b.inbound_only("12345")
    b.marketing("13655556666")
    b.do_not_call("13900000001")
    b.protect("13900000002")
    return b.build()


def test_blacklist_blocks_with_its_reason_as_evidence() -> None:
    v = screen(call("17012340001", Origin.INTER), snapshot_with_lists(), BOOK)
    assert (v.action, v.reasons, v.label) == (Action.BLOCK, ("blacklisted",), "疑似诈骗")
    assert v.hits[0].detail == "police report 2026-0113"


def test_tag_is_shown_as_the_label() -> None:
    v = screen(call("+8613611112222"), snapshot_with_lists(), BOOK)
    assert (v.action, v.reasons, v.label) == (Action.LABEL, ("tagged",), "骚扰电话")


@pytest.mark.parametrize(
    ("caller", "callee", "action", "reason"),
    [
        ("13522223333", VICTIM, Action.BLOCK, "high_risk"),
        ("13533334444", VICTIM, Action.LABEL, "high_risk"),
        ("13544445555", VICTIM, Action.ALLOW, None),
        # the elderly: stricter thresholds on the same scores
        ("13533334444", "13900000002", Action.LABEL, "high_risk"),
        ("13544445555", "+8613900000002", Action.LABEL, "high_risk_protected"),
        ("13522223333", "13900000002", Action.BLOCK, "high_risk"),
    ],
)
def test_scores_map_to_actions_by_threshold(
    caller: str, callee: str, action: Action, reason: str | None
) -> None:
    v = screen(call(caller, callee=callee), snapshot_with_lists(), BOOK)
    assert v.action is action
    assert v.reasons == ((reason,) if reason else ())


def test_protected_callee_block_threshold() -> None:
    b = SnapshotBuilder()
    b.score("13522223333", 0.75)
    b.protect("13900000002")
    snap = b.build()
    assert screen(call("13522223333"), snap, BOOK).action is Action.LABEL
    v = screen(call("13522223333", callee="13900000002"), snap, BOOK)
    assert (v.action, v.reasons) == (Action.BLOCK, ("high_risk_protected",))


def test_trusted_enterprise_number_from_the_wrong_trunk_is_blocked() -> None:
    snap = snapshot_with_lists()
    assert screen(call("95588", Origin.INTER, trunk="icbc-2"), snap, BOOK).action is Action.ALLOW
    v = screen(call("95588", Origin.INTER, trunk="voip-77"), snap, BOOK)
    assert (v.action, v.reasons) == (Action.BLOCK, ("trusted_wrong_trunk",))
    assert "voip-77" in v.hits[0].detail
    # no trunk id: nothing to compare against
    assert screen(call("95588", Origin.INTER), snap, BOOK).action is Action.ALLOW


def test_inbound_only_numbers_are_blocked_from_any_origin() -> None:
    snap = snapshot_with_lists()
    for origin in (Origin.INTRA, Origin.INTER):
        assert screen(call("12345", origin), snap, BOOK).reasons == ("inbound_only",)
    assert screen(call("12345", INTL), snap, BOOK).reasons == ("spoofed_official", "inbound_only")


def test_do_not_call_blocks_marketing_callers_only() -> None:
    snap = snapshot_with_lists()
    v = screen(call("13655556666", callee="13900000001"), snap, BOOK)
    assert (v.action, v.reasons, v.label) == (Action.BLOCK, ("do_not_call",), "营销电话")
    assert screen(call("13655556666"), snap, BOOK).action is Action.ALLOW
    assert screen(call("13812345678", callee="13900000001"), snap, BOOK).action is Action.ALLOW


def test_unattested_official_number_is_labelled() -> None:
    v = screen(call("95588", Origin.INTER, attestation="c"), COLD, BOOK)
    assert (v.action, v.reasons) == (Action.LABEL, ("unattested_official",))
    assert screen(call("95588", Origin.INTER, attestation="A"), COLD, BOOK).action is Action.ALLOW
    assert screen(call("13812345678", Origin.INTER, attestation="C"), COLD, BOOK).action is Action.ALLOW


def test_missing_snapshot_fails_open_with_unscreened_label() -> None:
    v = screen(call("13812345678"), None, BOOK)
    assert (v.action, v.reasons, v.label) == (Action.ALLOW, ("unscreened",), "unscreened")
    # the numbering-plan rules still decide what they can
    v = screen(call("95588", INTL), None, BOOK)
    assert (v.action, v.reasons) == (Action.BLOCK, ("spoofed_official", "unscreened"))


def test_missing_snapshot_fails_closed_when_configured() -> None:
    book = RuleBook.compile(Policy(fail_mode=FailMode.CLOSED))
    v = screen(call("13812345678"), None, book)
    assert (v.action, v.reasons) == (Action.BLOCK, ("unscreened",))
    assert screen(call("13812345678"), COLD, book).action is Action.ALLOW


def test_policy_changes_actions_and_labels() -> None:
    p = Policy(spoofed_domestic=Outcome(Action.LABEL, "疑似诈骗"), international=Outcome(Action.ALLOW, None))
    book = RuleBook.compile(p)
    v = screen(call("+8613812345678", INTL), COLD, book)
    assert (v.action, v.label) == (Action.LABEL, "疑似诈骗")
    v = screen(call("+447911123456", INTL), COLD, book)
    assert (v.action, v.reasons, v.label) == (Action.ALLOW, ("international",), None)


def test_a_policy_is_accepted_in_place_of_a_rule_book() -> None:
    assert screen(call("95588", INTL), COLD).action is Action.BLOCK
    assert screen(call("95588", INTL), COLD, Policy(fail_mode=FailMode.CLOSED)).action is Action.BLOCK


def test_every_reason_is_a_documented_rule_id() -> None:
    snap = snapshot_with_lists()
    seen: set[str] = set()
    for caller in ("95588", "+8613812345678", "+447911123456", "abc", "17012340001", "13522223333", "12345"):
        for origin in Origin:
            for s in (snap, None, COLD):
                seen.update(screen(call(caller, origin, attestation="C", trunk="x"), s, BOOK).reasons)
    assert seen <= set(RULES)
    assert len(seen) >= 10


# --- properties -----------------------------------------------------------------------------------

_MOBILE_PREFIXES = [
    "130",
    "133",
    "135",
    "138",
    "139",
    "147",
    "150",
    "158",
    "166",
    "170",
    "171",
    "176",
    "177",
    "180",
    "186",
    "189",
    "191",
    "198",
    "199",
]


@st.composite
def domestic_presentations(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        national = draw(st.sampled_from(_MOBILE_PREFIXES)) + draw(
            st.text("0123456789", min_size=8, max_size=8)
        )
    else:
        area = draw(st.sampled_from(["10", "20", "21", "28", "755", "571", "24"]))
        national = (
            area
            + draw(st.text("123456789", min_size=1, max_size=1))
            + draw(st.text("0123456789", min_size=10 - len(area), max_size=10 - len(area)))
        )
        if len(national) < 10:
            national = national.ljust(10, "5")
    prefix = draw(st.sampled_from(["+86", "0086", "86", "", "+86 "]))
    if not national.startswith("1") and prefix == "":
        prefix = "0"
    return prefix + national


@given(domestic_presentations(), st.sampled_from([Origin.INTRA, Origin.INTER]))
def test_valid_domestic_numbers_on_domestic_trunks_are_always_allowed_cold(raw: str, origin: Origin) -> None:
    info = classify(raw)
    v = screen(call(raw, origin), COLD, BOOK)
    if info.kind is NumberKind.IRREGULAR:
        # A well-shaped number in a range the plan data does not know is allowed and recorded.
        assert v.reasons in (("irregular",), ("unassigned",))
        assert (v.action is Action.ALLOW) == (v.reasons == ("unassigned",))
    else:
        assert v.action is Action.ALLOW


@given(domestic_presentations())
def test_domestic_numbers_from_the_international_gateway_are_never_allowed_cold(raw: str) -> None:
    assert screen(call(raw, INTL), COLD, BOOK).action is not Action.ALLOW


@given(
    st.text(max_size=30), st.text(max_size=30), st.sampled_from(list(Origin)), st.sampled_from([None, COLD])
)
def test_screening_never_raises_and_always_explains(
    caller: str, callee: str, origin: Origin, snap: RiskSnapshot | None
) -> None:
    v = screen(CallSetup(caller, callee, origin), snap, BOOK)
    assert v.action in set(Action)
    assert set(v.reasons) <= set(RULES)
    assert v.action is Action.ALLOW or v.reasons  # nothing is labelled or blocked without a reason


def test_new_ranges_the_plan_data_lags_behind_are_allowed_from_domestic_trunks_only() -> None:
    # 149 / 194 blocks are assigned in practice but unknown to some plan data versions.
    for raw in ("14912345678", "+8619412345678"):
        info = classify(raw)
        if info.kind is not NumberKind.IRREGULAR:
            continue
        domestic = screen(call(raw, Origin.INTRA), COLD, BOOK)
        assert domestic.action is Action.ALLOW
        assert domestic.reasons == ("unassigned",)
        assert screen(call(raw, INTL), COLD, BOOK).action is not Action.ALLOW
    malformed = screen(call("1381234567", Origin.INTRA), COLD, BOOK)  # one digit short
    assert malformed.reasons == ("irregular",)
    assert malformed.action is not Action.ALLOW
