from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.detect.features import FEATURE_NAMES
from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection
from ringfence.detect.rules import load_rules
from ringfence.errors import ConfigError
from tests.detect.call_rows import new_card_verdict, write_calls


def test_shipped_rules_and_policy_are_consistent() -> None:
    rules = load_rules()
    policy = load_policy(rules=rules)
    assert set(policy.rule_ids) <= set(rules.rules)
    for rule in rules.rules.values():
        assert rule.description
        assert set(rule.features) <= set(FEATURE_NAMES)
    assert policy.thresholds["watch"] < policy.thresholds["warn"] < policy.thresholds["block"]


@given(st.sets(st.sampled_from(sorted(load_rules().rules))))
def test_scores_stay_in_unit_interval_and_exemptions_never_raise_them(fired: set[str]) -> None:
    policy = load_policy()
    score, _ = policy.score(fired)
    assert 0.0 <= score <= 1.0
    without = {r for r in fired if not r.startswith("X-")}
    assert score <= policy.score(without)[0] + 1e-12


def test_bad_policies_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name="x"\n[thresholds]\nwatch=0.9\nwarn=0.5\nblock=0.95\n[typology.a]\nrules={"R-FREQ-10M"=1}\n'
    )
    with pytest.raises(ConfigError, match="thresholds"):
        load_policy(bad)
    bad.write_text('[thresholds]\nwatch=0.3\nwarn=0.5\nblock=0.9\n[typology.a]\nrules={"R-NOPE"=1}\n')
    with pytest.raises(ConfigError, match="unknown rule"):
        load_policy(bad)
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nid="R-X"\ndescription="x"\nall=[["no.such.feature", ">=", 1]]\n')
    with pytest.raises(ConfigError, match="unknown feature"):
        load_rules(rules)


def test_dialer_evidence_needs_volume_or_card_facts() -> None:
    policy = load_policy()
    how_it_calls = {"R-DISPERSION", "R-UNANSWERED", "R-SHORT", "R-NO-CALLBACK"}
    assert policy.score(how_it_calls)[0] < policy.thresholds["warn"]
    assert policy.score({"R-DISPERSION", "R-UNANSWERED"})[0] < policy.thresholds["watch"]
    assert policy.level(policy.score(how_it_calls | {"R-FREQ-10M", "R-NEW-CARD"})[0]) == 3


@given(st.sets(st.sampled_from(sorted(load_rules().rules))))
def test_the_gate_never_raises_a_score(fired: set[str]) -> None:
    policy = load_policy()
    for t in policy.typologies:
        ungated = type(t)(t.id, t.description, t.weights, t.exemptions, modifiers=t.modifiers)
        assert t.score(fired) <= ungated.score(fired) + 1e-12


_MODIFIED = """name = "modified"
[thresholds]
watch = 0.4
warn = 0.6
block = 0.8
[typology.dialer]
rules = { "R-DISPERSION" = 0.15, "R-UNANSWERED" = 0.25, "R-NO-CALLBACK" = 0.2 }
modifiers = { "R-NEW-CARD" = 1.5 }
exemptions = { "X-CONVERSATIONS" = 0.6 }
"""


def _modified(tmp_path: Path) -> Path:
    path = tmp_path / "modified.toml"
    path.write_text(_MODIFIED, encoding="utf-8")
    return path


def test_a_modifier_weighs_other_evidence_and_convicts_nobody_alone(tmp_path: Path) -> None:
    policy = load_policy(_modified(tmp_path))
    assert policy.score({"R-NEW-CARD"})[0] == 0.0  # a new card alone is nothing
    assert policy.score({"R-DISPERSION", "R-UNANSWERED", "R-NEW-CARD"})[0] == pytest.approx(0.6)
    everything = {"R-DISPERSION", "R-UNANSWERED", "R-NO-CALLBACK", "R-NEW-CARD"}
    assert policy.score(everything)[0] == pytest.approx(0.9)
    assert "R-NEW-CARD" in policy.rule_ids


@given(
    fired=st.sets(
        st.sampled_from(["R-DISPERSION", "R-UNANSWERED", "R-NO-CALLBACK", "R-NEW-CARD", "X-CONVERSATIONS"])
    )
)
def test_modifiers_score_alike_per_event_and_vectorised(fired: set[str]) -> None:
    import tempfile

    import numpy as np
    import polars as pl

    with tempfile.TemporaryDirectory() as tmp:
        policy = load_policy(_modified(Path(tmp)))
    ids = policy.rule_ids
    per_event = policy.typologies[0].score(fired)
    frame = pl.DataFrame({f"rule.{r}": [r in fired] for r in ids})
    vectorised = frame.select(policy.typology_exprs())["score.dialer"][0]
    numpy = policy.scores({r: np.array([r in fired]) for r in ids}, 1)[0][0]
    assert per_event == pytest.approx(vectorised) == pytest.approx(numpy)
    assert 0.0 <= per_event <= 1.0
    assert per_event >= policy.typologies[0].score(fired - {"R-NEW-CARD"}) - 1e-12  # never lowers


def test_bad_modifiers_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(_MODIFIED.replace('"R-NEW-CARD" = 1.5', '"R-NEW-CARD" = 0.5'), encoding="utf-8")
    with pytest.raises(ConfigError, match="modifier R-NEW-CARD"):
        load_policy(bad)
    bad.write_text(_MODIFIED.replace('"R-NEW-CARD" = 1.5', '"R-DISPERSION" = 1.5'), encoding="utf-8")
    with pytest.raises(ConfigError, match="both a weighted rule and a modifier"):
        load_policy(bad)


@given(st.sets(st.sampled_from(sorted(load_rules().rules))))
def test_a_new_card_never_convicts_on_its_own(fired: set[str]) -> None:
    """R-NEW-CARD only weighs other evidence: with nothing else against a number (exemptions aside)
    it scores nothing, and it never adds a verdict level to evidence that is all from how one calls."""
    policy = load_policy()
    exemptions = {r for r in fired if r.startswith("X-")}
    assert policy.score({"R-NEW-CARD", *exemptions})[0] == 0.0
    assert all("R-NEW-CARD" not in t.weights for t in policy.typologies)
    # How ordinary people on a new card call (many people, once each, nobody yet calling back) is
    # not enough for warn, whatever else holds in their favour.
    ordinary = {"R-NEW-CARD", "R-DISPERSION", "R-NO-CALLBACK", *exemptions}
    assert policy.level(policy.score(ordinary)[0]) < 2


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_numpy_scores_and_verdicts_are_the_expressions_bit_for_bit(data: st.DataObject) -> None:
    """The detect engine scores with ``Policy.scores``/``verdicts`` (in place, no temporaries); the
    declarations are ``typology_exprs``/``verdict_exprs``: the same floats, typology and level for any
    pattern of fired rules, ties between typologies included."""
    import numpy as np
    import polars as pl

    policy = load_policy()
    ids = policy.rule_ids
    n = data.draw(st.integers(0, 40))
    rows = [data.draw(st.sets(st.sampled_from(ids))) for _ in range(n)]
    fired = {r: np.array([r in row for row in rows], dtype=np.bool_) for r in ids}
    frame = pl.DataFrame({f"rule.{r}": pl.Series(fired[r], dtype=pl.Boolean) for r in ids})
    scored = frame.with_columns(policy.typology_exprs())
    expected = scored.select(policy.verdict_exprs())
    per_typology = policy.scores(fired, n)
    for i, t in enumerate(policy.typologies):
        assert per_typology[i].tolist() == scored[f"score.{t.id}"].to_list()
    score, typology, level = policy.verdicts(per_typology)
    assert score.tolist() == expected["score"].to_list()
    names = [t.id for t in policy.typologies]
    assert [names[i] for i in typology] == expected["typology"].to_list()
    assert level.tolist() == expected["level"].to_list()


def test_an_old_card_is_established_only_in_a_handset_of_its_own() -> None:
    """A ring's rented or bought old cards rotate through one handset or SIM box (2026.12.4): their age
    no longer exempts them there, while a dual-SIM phone (two numbers) keeps the exemption. A rented or
    sold real-name card moves into the ring's phone (2026.12.5): its age exempts it only while it has
    stayed in one handset in the records. An IoT card's age exempts nothing (2026.12.7): calling the
    public from it is the misuse."""
    rule = load_rules().rules["X-ESTABLISHED"]
    old = {"number.card_age_days": 900.0, "number.distinct(out:imei)@all": 1.0, "number.is_iot": 0.0}
    assert rule.fires(old | {"number.max(handset.numbers)@all": 1.0})
    assert not rule.fires(old | {"number.max(handset.numbers)@all": 1.0, "number.is_iot": 1.0})
    assert rule.fires(old | {"number.max(handset.numbers)@all": 2.0})
    assert not rule.fires(old | {"number.max(handset.numbers)@all": 3.0})
    assert not rule.fires(
        old | {"number.max(handset.numbers)@all": 1.0, "number.distinct(out:imei)@all": 2.0}
    )
    assert not rule.fires(
        {
            "number.card_age_days": 90.0,
            "number.max(handset.numbers)@all": 1.0,
            "number.distinct(out:imei)@all": 1.0,
            "number.is_iot": 0.0,
        }
    )
    policy = load_policy()
    ring = {"R-SHARED-HANDSET", "R-DISPERSION", "R-UNANSWERED", "R-NO-CALLBACK"}
    assert policy.level(policy.score(ring)[0]) >= 2  # warn: the old card's age no longer takes it to watch
    assert policy.level(policy.score(ring | {"X-ESTABLISHED"})[0]) < 2


def test_a_dialer_needs_a_sign_that_it_calls_strangers() -> None:
    """Since 2026.12.5 (second gate): unanswered calls from a new card away from its home are a
    migrant worker's hometown card during a typhoon's congestion as often as a dialer's; without a
    rule saying the number calls strangers (dispersion, no callbacks, a list, hung up on, volume by
    the hour or day, three handsets, a virtual or IoT range calling the public) they stay below
    warn. With one, the case is what it was."""
    policy = load_policy()
    card_facts = {"R-UNANSWERED", "R-OFF-SITE", "R-NEW-CARD"}
    assert policy.level(policy.score(card_facts)[0]) < 2
    assert policy.level(policy.score(card_facts | {"R-FREQ-10M"})[0]) < 2  # a burst to one's own people
    for strangers in (
        "R-DISPERSION",
        "R-NO-CALLBACK",
        "R-SEQUENTIAL",
        "R-SHORT",
        "R-FREQ-1H",
        "R-VIRTUAL-IOT",
    ):
        assert policy.level(policy.score(card_facts | {strangers})[0]) >= 2, strangers
    dialer = next(t for t in policy.typologies if t.id == "dialer")
    assert [g for g, _ in dialer.all_gates][1] == (
        "R-DISPERSION",
        "R-NO-CALLBACK",
        "R-SEQUENTIAL",
        "R-SHORT",
        "R-FREQ-1H",
        "R-FREQ-1D",
        "R-HANDSETS",
        "R-VIRTUAL-IOT",
    )


def test_a_sim_farm_card_needs_a_sign_that_it_works_like_a_machine() -> None:
    """Since 2026.12.6 (the SIM farm's second gate): new cards in one cell, calls dispersed and half
    unanswered, are also new hires in a dormitory phoning landlords and employers; without a sign of
    a machine (a shared handset, pace, a list, no callbacks, hang-ups) they stay below warn, on either
    typology. With one, the SIM-farm case is what it was."""
    policy = load_policy()
    cohort = {"R-GOIP-CELL", "R-DISPERSION", "R-UNANSWERED", "R-NEW-CARD"}
    assert policy.level(policy.score(cohort)[0]) < 2
    for machine in ("R-SHARED-HANDSET", "R-FREQ-10M", "R-SEQUENTIAL", "R-NO-CALLBACK", "R-SHORT"):
        assert policy.level(policy.score(cohort | {machine})[0]) >= 2, machine
    farm = next(t for t in policy.typologies if t.id == "sim_farm")
    shared = {"R-SHARED-HANDSET", "R-GOIP-CELL", "R-NEW-CARD"}
    assert farm.score(shared) == pytest.approx(farm.score(shared | {"R-FREQ-10M"}))


_GATED = """name = "gated"
[thresholds]
watch = 0.4
warn = 0.6
block = 0.8
[typology.dialer]
rules = { "R-DISPERSION" = 0.3, "R-UNANSWERED" = 0.3, "R-OFF-SITE" = 0.3 }
requires = ["R-OFF-SITE"]
ungated_factor = 0.5
gates = [{ requires = ["R-DISPERSION"], factor = 0.25 }]
"""


@given(fired=st.sets(st.sampled_from(["R-DISPERSION", "R-UNANSWERED", "R-OFF-SITE", "R-NEW-CARD"])))
def test_gates_score_alike_per_event_vectorised_and_in_numpy(fired: set[str]) -> None:
    """Each gate scales the score on its own when none of its rules fired (both unmet: both factors);
    per event, as expressions and in NumPy, the same floats."""
    import tempfile

    import numpy as np
    import polars as pl

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gated.toml"
        path.write_text(_GATED, encoding="utf-8")
        policy = load_policy(path)
    ids = policy.rule_ids
    assert {"R-DISPERSION", "R-OFF-SITE"} <= set(ids)
    raw = 0.3 * len(fired & {"R-DISPERSION", "R-UNANSWERED", "R-OFF-SITE"})
    factor = (1.0 if "R-OFF-SITE" in fired else 0.5) * (1.0 if "R-DISPERSION" in fired else 0.25)
    per_event = policy.typologies[0].score(fired)
    assert per_event == pytest.approx(min(1.0, raw) * factor)
    frame = pl.DataFrame({f"rule.{r}": [r in fired] for r in ids})
    vectorised = frame.select(policy.typology_exprs())["score.dialer"][0]
    numpy = policy.scores({r: np.array([r in fired]) for r in ids}, 1)[0][0]
    assert per_event == vectorised == numpy


@pytest.mark.parametrize(
    "gates",
    [
        'gates = { requires = ["R-DISPERSION"], factor = 0.5 }',
        'gates = [{ requires = ["R-DISPERSION"] }]',
        "gates = [{ requires = [], factor = 0.5 }]",
        'gates = [{ requires = ["R-DISPERSION"], factor = 1.5 }]',
        'gates = [{ requires = ["R-NOPE"], factor = 0.5 }]',
    ],
)
def test_bad_gates_are_refused(tmp_path: Path, gates: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(_GATED.replace('gates = [{ requires = ["R-DISPERSION"], factor = 0.25 }]', gates))
    with pytest.raises(ConfigError, match=r"gate|unknown rule"):
        load_policy(bad)


def test_a_new_card_calling_its_people_is_seen_in_its_first_calls() -> None:
    """2026.12.5: in a number's first calls one callee of six who knows another (X-ACQUAINTED-EARLY),
    or one in ten who called the holder's previous number (X-KNOWN-CONTACTS), is its own people; from the 16th
    callee the early rule gives way to X-ACQUAINTED's quarter. Hung-up calls are not a circle."""
    rules = load_rules().rules
    early, known = rules["X-ACQUAINTED-EARLY"], rules["X-KNOWN-CONTACTS"]
    six = {"number.distinct(out:other)@all": 6.0, "short_share": 0.0, "tied_share": 1 / 6, "known_share": 0.0}
    assert early.fires(six)
    assert not early.fires(six | {"tied_share": 0.0})
    assert not early.fires(six | {"short_share": 2 / 3})  # hung up on
    assert not early.fires(six | {"number.distinct(out:other)@all": 16.0, "tied_share": 3 / 16})
    assert known.fires(six | {"known_share": 1 / 6})
    assert known.fires(six | {"number.distinct(out:other)@all": 7.0, "known_share": 1 / 7})
    assert not known.fires(six | {"number.distinct(out:other)@all": 40.0, "known_share": 3 / 40})
    assert not known.fires(six)
    policy = load_policy()
    burst = {"R-FREQ-10M", "R-DISPERSION", "R-UNANSWERED", "R-NEW-CARD"}  # the 6th call of a new card
    assert policy.level(policy.score(burst)[0]) == 3
    assert policy.level(policy.score(burst | {"X-ACQUAINTED-EARLY"})[0]) < 2
    assert policy.level(policy.score(burst | {"X-KNOWN-CONTACTS"})[0]) < 2


def test_numbers_whose_calls_are_answered_are_not_dialers() -> None:
    """2026.12.5 (X-ANSWERED): a delivery rider calls a hundred strangers a week, nobody calls back,
    from a hometown card — but the customers pick up. Fifteen calls with at most three in ten
    unanswered take the case below warn; a dialer's strangers mostly do not answer."""
    rule = load_rules().rules["X-ANSWERED"]
    assert rule.fires({"number.sum(out)@all": 15.0, "unanswered_share": 0.3})
    assert not rule.fires({"number.sum(out)@all": 14.0, "unanswered_share": 0.1})
    assert not rule.fires({"number.sum(out)@all": 40.0, "unanswered_share": 0.45})
    policy = load_policy()
    rider = {"R-FREQ-10M", "R-DISPERSION", "R-NO-CALLBACK", "R-OFF-SITE"}
    assert policy.level(policy.score(rider)[0]) == 2
    assert policy.level(policy.score(rider | {"X-ANSWERED"})[0]) < 2


def test_a_card_working_a_list_from_a_second_handset_is_a_sold_card() -> None:
    """2026.12.6: a card bought or rented from its owner keeps the owner's age and history, so at a
    ring's pace no new-card or volume rule fires and the dialer's first gate held it to watch. Fifty
    strangers from a second handset (R-MOVED-LIST) open the gate and weigh; the same list from the
    holder's own phone does not fire it."""
    rule = load_rules().rules["R-MOVED-LIST"]
    listed = {"number.distinct(out:other)@all": 60.0, "repeat_share": 0.05}
    assert rule.fires(listed | {"number.distinct(out:imei)@all": 2.0})
    assert not rule.fires(listed | {"number.distinct(out:imei)@all": 1.0})
    assert not rule.fires(listed | {"number.distinct(out:imei)@all": 2.0, "repeat_share": 0.3})
    policy = load_policy()
    paced = {"R-DISPERSION", "R-UNANSWERED"}
    assert policy.level(policy.score(paced)[0]) < 1
    assert policy.level(policy.score(paced | {"R-MOVED-LIST"})[0]) >= 2


def test_relays_and_callers_abroad_have_typologies_of_their_own() -> None:
    """2026.12.6: a card left with call forwarding carries a ring's calls from abroad (its legs come in
    through the international gateway) and keeps its owner's age, so the dialer's exemptions would
    clear it; a foreign number calling many subscribers is a ring abroad at any pace. Both are
    convicted on their own evidence; a roaming subscriber calling a few of their people is not."""
    rules = load_rules().rules
    relayed = {
        "number.is_international": 0.0,
        "number.is_service": 0.0,
        "number.sum(intl_out)@all": 40.0,
        "number.distinct(out:other)@all": 35.0,
    }
    assert rules["R-RELAYED-ABROAD"].fires(relayed)
    assert not rules["R-RELAYED-ABROAD"].fires(relayed | {"number.distinct(out:other)@all": 4.0})
    assert not rules["R-RELAYED-ABROAD"].fires(relayed | {"number.is_international": 1.0})
    foreign = {"number.is_international": 1.0, "number.distinct(out:other)@all": 12.0}
    foreign["unanswered_share"] = 0.6
    assert rules["R-FOREIGN-DIALER"].fires(foreign)
    assert not rules["R-FOREIGN-DIALER"].fires(foreign | {"number.distinct(out:other)@all": 3.0})
    assert not rules["R-FOREIGN-DIALER"].fires(foreign | {"number.is_international": 0.0})
    policy = load_policy()
    score, typology = policy.score({"R-RELAYED-ABROAD", "R-DISPERSION", "R-UNANSWERED", "X-ESTABLISHED"})
    assert (policy.level(score), typology) == (2, "relay")
    score, typology = policy.score({"R-FOREIGN-DIALER"})
    assert (policy.level(score), typology) == (2, "foreign_dialer")


def test_a_relay_bridging_calls_from_abroad_and_the_line_behind_it_are_warned_on_that_alone() -> None:
    """2026.12.15: a domestic number that bridged calls from abroad to three people, each another
    victim, and a number whose calls from abroad relays put through to three people, are at warn with
    nothing else; a number bridging calls to the same staff again and again, or to two people, is not;
    the typology scores nothing without one of them."""
    rules = load_rules().rules
    relay = {
        "number.is_international": 0.0,
        "number.distinct(bridged_intl:other)@all": 3.0,
        "repeat_share": 0.1,
    }
    assert rules["R-BRIDGED-ABROAD"].fires(relay)
    assert not rules["R-BRIDGED-ABROAD"].fires(relay | {"number.distinct(bridged_intl:other)@all": 2.0})
    assert not rules["R-BRIDGED-ABROAD"].fires(relay | {"repeat_share": 0.8})  # the same staff, again
    assert not rules["R-BRIDGED-ABROAD"].fires(relay | {"number.is_international": 1.0})
    assert rules["R-BRIDGED-UPSTREAM"].fires({"number.max(relayed.reach)@all": 3.0})
    assert not rules["R-BRIDGED-UPSTREAM"].fires({"number.max(relayed.reach)@all": 2.0})
    policy = load_policy()
    for fired in ({"R-BRIDGED-ABROAD", "X-ESTABLISHED", "X-CONVERSATIONS"}, {"R-BRIDGED-UPSTREAM"}):
        score, typology = policy.score(fired)
        assert (policy.level(score), typology) == (2, "bridge")
    assert policy.score({"R-BRIDGED-ABROAD", "X-OFFICIAL"})[0] < policy.thresholds["watch"]
    assert policy.score({"R-DISPERSION", "R-NO-CALLBACK"})[1] != "bridge"


def test_a_card_on_the_move_is_a_courier_not_a_dialer() -> None:
    """2026.12.6 (X-ON-THE-MOVE): a rider's work card calls strangers all day and nobody calls back,
    but from a new cell every few calls, and its customers pick up; a dialer works from a desk or a SIM
    box."""
    rule = load_rules().rules["X-ON-THE-MOVE"]
    assert rule.fires({"number.distinct(out:cell)@all": 8.0, "cell_spread": 0.5, "unanswered_share": 0.3})
    assert not rule.fires({"number.distinct(out:cell)@all": 8.0, "cell_spread": 0.1})  # a desk, some walking
    assert not rule.fires({"number.distinct(out:cell)@all": 3.0, "cell_spread": 1.0})
    # A ring's phone in a car calls from a new cell every call too, but most of its calls go unanswered.
    in_a_car = {"number.distinct(out:cell)@all": 270.0, "cell_spread": 0.9, "unanswered_share": 0.6}
    assert not rule.fires(in_a_car)
    policy = load_policy()
    rider = {"R-FREQ-10M", "R-DISPERSION", "R-NO-CALLBACK", "R-OFF-SITE"}
    assert policy.level(policy.score(rider)[0]) >= 2
    assert policy.level(policy.score(rider | {"X-ON-THE-MOVE"})[0]) < 2


def test_a_companys_own_line_is_not_a_dialer_and_a_sim_box_on_company_cards_still_is() -> None:
    """2026.12.7 (X-CORPORATE): a telesales office on bulk cards registered to its company calls
    strangers from new cards in one cell, mostly unanswered; its holder has tens of numbers with the
    operator, where a person may have five and a ring's borrowed identity a handful. An office's phone
    may have carried three numbers (a dual-SIM phone and a card swapped in, since 2026.12.8). Cards
    rotated through a SIM bank's ports, a card moved through three handsets and IoT or
    virtual-operator ranges are not exempted, nor (since 2026.12.13) a card of two months or less
    dialling numbers in sequence: a SIM box's batch on company cards scanning a number block."""
    rule = load_rules().rules["X-CORPORATE"]
    line = {
        "number.holder_cards": 24.0,
        "number.max(handset.numbers)@all": 1.0,
        "number.distinct(out:imei)@all": 1.0,
        "number.is_iot": 0.0,
        "number.is_virtual": 0.0,
        "sequential_share": 0.0,
        "number.card_age_days": 3.0,
    }
    assert rule.fires(line)
    assert rule.fires(line | {"number.distinct(out:imei)@all": 2.0})  # a dual-SIM phone or a new one
    # A new card scanning a number block is a SIM box's batch (2026.12.13); an office's old line is not.
    assert not rule.fires(line | {"sequential_share": 0.85})
    assert not rule.fires(line | {"sequential_share": 0.3, "number.card_age_days": 60.0})
    assert rule.fires(line | {"sequential_share": 0.29, "number.card_age_days": 60.0})
    assert rule.fires(line | {"sequential_share": 0.94, "number.card_age_days": 61.0})
    assert not rule.fires(line | {"number.holder_cards": 10.0})  # a ring's batch under one identity
    assert rule.fires(line | {"number.max(handset.numbers)@all": 3.0})  # a card swapped in (2026.12.8)
    assert not rule.fires(line | {"number.max(handset.numbers)@all": 4.0})
    assert not rule.fires(line | {"number.max(handset.numbers)@all": 6.0})  # a SIM box's port
    assert not rule.fires(line | {"number.distinct(out:imei)@all": 3.0})
    assert not rule.fires({k: v for k, v in line.items() if k != "number.holder_cards"})  # unknown holder
    assert not rule.fires(line | {"number.is_iot": 1.0})  # a reseller's IoT voice cards in a ring's phones
    assert not rule.fires(line | {"number.is_virtual": 1.0})
    policy = load_policy()
    office = {"R-FREQ-10M", "R-DISPERSION", "R-UNANSWERED", "R-NEW-CARD"}
    assert policy.level(policy.score(office)[0]) == 3
    assert policy.level(policy.score(office | {"X-CORPORATE"})[0]) < 2
    cohort = {"R-NEW-CARD", "R-GOIP-CELL", "R-DISPERSION", "R-UNANSWERED", "R-NO-CALLBACK"}  # both typologies
    assert policy.level(policy.score(cohort)[0]) >= 2
    assert policy.level(policy.score(cohort | {"X-CORPORATE"})[0]) < 2
    # A SIM box shares its handsets: R-SHARED-HANDSET fires, X-CORPORATE does not.
    assert policy.level(policy.score({"R-NEW-CARD", "R-SHARED-HANDSET", "R-GOIP-CELL"})[0]) == 3


def test_an_official_service_number_on_the_domestic_network_is_not_a_dialer() -> None:
    """2026.12.11 (X-OFFICIAL): the anti-fraud warning line 96110 and an operator's 10086 call hundreds
    of strangers a day, many unanswered, few calling back (a blind world had both at block). The same
    number presented through the international gateway is a spoof and keeps its case."""
    rule = load_rules().rules["X-OFFICIAL"]
    line = {"number.is_service": 1.0, "number.sum(intl_out)@all": 0.0}
    assert rule.fires(line)
    assert not rule.fires(line | {"number.sum(intl_out)@all": 1.0})  # presented from abroad: a spoof
    assert not rule.fires(line | {"number.is_service": 0.0})  # a mobile, a fixed line
    policy = load_policy()
    warning_line = {"R-FREQ-10M", "R-FREQ-1H", "R-FREQ-1D", "R-DISPERSION", "R-UNANSWERED", "R-NO-CALLBACK"}
    assert policy.level(policy.score(warning_line)[0]) == 3
    assert policy.level(policy.score(warning_line | {"X-OFFICIAL"})[0]) == 0  # not even watched
    farm = {"R-SHARED-HANDSET", "R-GOIP-CELL", "R-DISPERSION", "R-UNANSWERED", "R-NEW-CARD"}
    assert policy.level(policy.score(farm | {"X-OFFICIAL"})[0]) == 0


def test_one_call_from_a_shops_test_phone_is_no_sim_box() -> None:
    """2026.12.8: a shop or business hall test-calls every card it sells from its own phone, which then
    carries many numbers, few of which called from it twice; the card leaves it for its holder's phone.
    A SIM box's cards call again and again from the box. The handset's numbers convict a card from its
    second call from a handset of three numbers or more (R-SHARED-HANDSET, ``features.shared_handset``),
    or at a call from a handset most of whose numbers have called from it twice (R-BOX-AT-WORK,
    ``handset_repeat_share`` of the call's own handset). The two are one piece of evidence."""
    rules = load_rules().rules
    shared, box = rules["R-SHARED-HANDSET"], rules["R-BOX-AT-WORK"]
    shop = {
        "number.max(handset.numbers)@all": 40.0,
        "number.sum(shared_handset)@all": 1.0,
        "handset.numbers": 40.0,
        "handset_repeat_share": 0.15,  # a fifth of its cards were test-called twice
        "number.max(handset.cells)@all": 1.0,  # in the shop (2026.12.9)
        "handset.cells": 1.0,
        "number.max(handset.holders)@all": 40.0,  # its buyers' (2026.12.14)
        "handset.holders": 40.0,
    }
    assert not shared.fires(shop)
    assert not box.fires(shop)
    assert shared.fires(shop | {"number.sum(shared_handset)@all": 2.0})
    assert box.fires(shop | {"handset_repeat_share": 0.6})  # a box at work: a new card's first call
    assert not box.fires(shop | {"handset_repeat_share": 0.6, "number.sum(shared_handset)@all": 2.0})
    # The card in its holder's own phone, after the shop's: its own handset is read, not the shop's.
    own = shop | {"handset.numbers": 1.0, "handset_repeat_share": 1.0}
    assert not box.fires(own)
    policy = load_policy()
    tested = {"R-NEW-CARD", "R-GOIP-CELL"}  # a new card in the shop's crowded cell, one call made
    assert policy.level(policy.score(tested)[0]) < 2
    assert policy.level(policy.score(tested | {"R-SHARED-HANDSET"})[0]) == 3
    assert policy.level(policy.score(tested | {"R-BOX-AT-WORK"})[0]) == 3


def test_a_handset_seen_all_over_a_city_is_no_sim_box() -> None:
    """2026.12.9: one IMEI cloned onto hundreds of cheap phones makes each owner "share a handset"
    with hundreds of strangers, but that handset is seen in cells all over a city, where a SIM box
    or a ring's desk stays in a few (1-6 in every world). R-SHARED-HANDSET holds for a number whose
    handsets were all seen in fewer than ten cells; R-BOX-AT-WORK for a call's handset seen in fewer."""
    rules = load_rules().rules
    shared, box = rules["R-SHARED-HANDSET"], rules["R-BOX-AT-WORK"]
    port = {
        "number.max(handset.numbers)@all": 16.0,
        "number.sum(shared_handset)@all": 5.0,
        "number.max(handset.cells)@all": 2.0,
        "number.max(handset.holders)@all": 6.0,
    }
    assert shared.fires(port)
    assert shared.fires(port | {"number.max(handset.cells)@all": 9.0})
    assert not shared.fires(port | {"number.max(handset.cells)@all": 10.0})  # a cloned IMEI
    joining = {
        "handset.numbers": 16.0,
        "handset_repeat_share": 0.9,
        "number.sum(shared_handset)@all": 0.0,
        "handset.cells": 3.0,
        "handset.holders": 6.0,
    }
    assert box.fires(joining)
    assert not box.fires(joining | {"handset.cells": 40.0})


def test_one_persons_own_cards_in_one_phone_are_no_sim_box() -> None:
    """2026.12.14: a seller's two or three cards of her own in one dual-SIM phone make a handset of
    three numbers, as a SIM box's port does. Her cards share one holder and are old; a ring's box holds
    cards of many identities, or a few under one borrowed identity, new. R-SHARED-HANDSET and
    R-BOX-AT-WORK need two holders on the handset, more than three numbers, or the card new."""
    rules = load_rules().rules
    shared, box = rules["R-SHARED-HANDSET"], rules["R-BOX-AT-WORK"]
    own = {
        "number.max(handset.numbers)@all": 3.0,
        "number.sum(shared_handset)@all": 6.0,
        "number.max(handset.cells)@all": 2.0,
        "number.max(handset.holders)@all": 1.0,
        "number.card_age_days": 900.0,
        "handset.numbers": 3.0,
        "handset_repeat_share": 1.0,
        "handset.cells": 2.0,
        "handset.holders": 1.0,
    }
    assert not shared.fires(own)
    assert not box.fires(own | {"number.sum(shared_handset)@all": 0.0})
    assert shared.fires(own | {"number.max(handset.holders)@all": 2.0})  # another person's card
    assert shared.fires(
        own | {"number.max(handset.numbers)@all": 4.0}
    )  # more than a phone's slots and a swap
    assert shared.fires(own | {"number.card_age_days": 3.0})  # a box's cards under one borrowed identity
    assert not shared.fires(own | {"number.card_age_days": 30.0})
    at_work = own | {"number.sum(shared_handset)@all": 0.0}
    assert box.fires(at_work | {"handset.holders": 2.0})
    assert box.fires(at_work | {"handset.numbers": 4.0})
    assert box.fires(at_work | {"number.card_age_days": 3.0})
    # Without an identity in the feed a number is its own holder: three such are three holders.
    assert shared.fires(own | {"number.max(handset.holders)@all": 3.0, "number.card_age_days": float("nan")})


#: The policy before X-OFFICIAL.
POLICY_2026_12_10 = Path(__file__).parent / "data" / "policy-2026.12.10.toml"


def test_the_warning_line_is_not_flagged_where_a_mobile_making_its_calls_is(tmp_path: Path) -> None:
    """End to end: 96110 and a mobile each ring 120 strangers in a morning, two in three unanswered,
    nobody calling back. The mobile is a dialer; the warning line, on the domestic network, is not
    flagged at all."""
    start = datetime(2026, 11, 10, 8, 0, tzinfo=UTC)
    rows = []
    for caller in ("96110", "+8613800000001"):
        for i in range(120):
            callee = f"+86139{(i * 48271 + 9_000_000) * 977 % 10**8:08d}"
            rows.append((caller, callee, start + timedelta(seconds=90 * i), 45 if i % 3 == 0 else 0))
    write_calls(tmp_path / "calls.csv", rows)
    result, _ = run_detection([tmp_path / "calls.csv"], load_policy())
    verdicts = dict(zip(result.flagged["number"], result.flagged["verdict"], strict=True))
    assert verdicts["+8613800000001"] in ("warn", "block")
    assert "96110" not in verdicts
    before, _ = run_detection([tmp_path / "calls.csv"], load_policy(POLICY_2026_12_10))
    assert before.flagged.filter(pl.col("number") == "96110")["verdict"].to_list() == ["block"]


#: The policy before X-PACED (a new card placing a few calls a day); rules 2026.12.12 only added that rule,
#: so the shipped rules give this policy's verdicts as they were.
POLICY_2026_12_11 = Path(__file__).parent / "data" / "policy-2026.12.11.toml"

#: A newcomer's new card, as it stands on its third day: 24 calls over three days to 24 people, half
#: unanswered, a minute's talk, nobody calling back.
_NEWCOMER = {
    "number.card_age_days": 3.0,
    "number.distinct(out:day)@all": 3.0,
    "calls_per_day": 8.0,
    "mean_talk_s": 62.0,
    "short_share": 0.1,
    "sequential_share": 0.0,
    "number.max(handset.numbers)@all": 1.0,
    "number.is_virtual": 0.0,
    "number.is_iot": 0.0,
    "off_site_share": 0.0,
}


@pytest.mark.parametrize(
    ("case", "change"),
    [
        ("its first day: a day says nothing of the pace", {"number.distinct(out:day)@all": 1.0}),
        ("tens of calls a day: a dialer's pace", {"calls_per_day": 40.0}),
        ("hung up on", {"short_share": 0.5}),
        ("short answered calls: a script", {"mean_talk_s": 20.0}),
        ("a number list", {"sequential_share": 0.3}),
        ("a SIM box's port", {"number.max(handset.numbers)@all": 5.0}),
        ("a virtual-operator range", {"number.is_virtual": 1.0}),
        ("an IoT range", {"number.is_iot": 1.0}),
        ("a card away from its home city: where a ring works", {"off_site_share": 0.9}),
        ("an old card (other exemptions read it)", {"number.card_age_days": 200.0}),
    ],
)
def test_a_new_card_is_paced_only_at_a_few_conversations_a_day(case: str, change: dict[str, float]) -> None:
    rule = load_rules().rules["X-PACED"]
    assert rule.fires(_NEWCOMER)
    assert not rule.fires(_NEWCOMER | change), case


def _days_of_calls(tmp_path: Path, per_day: int, days: int, policy: Path | None) -> str:
    """A new card's verdict after ``days`` days of ``per_day`` calls each (from 10:00, 40 min apart), to
    people who never call back: every other call missed, the others a minute or more of talk."""
    card = "+8613800000001"
    start = datetime(2026, 4, 8, 10, 0, tzinfo=UTC) - timedelta(hours=8)  # 10:00 in Beijing
    rows = []
    for day in range(days):
        for i in range(per_day):
            n = day * per_day + i
            callee = f"+86139{(n * 48271 + 9_000_000) * 977 % 10**8:08d}"  # scattered, not a number list
            rows.append(
                (card, callee, start + timedelta(days=day, minutes=40 * i), 0 if n % 2 else 60 + n % 40)
            )
    return new_card_verdict(tmp_path, card, rows, start - timedelta(days=1), "景洪", policy)


def test_a_newcomer_telling_people_a_new_number_over_days_is_not_a_dialer(tmp_path: Path) -> None:
    """End to end, 2026.12.12: eight calls a day for three days to people and shops who never call back
    (R-DISPERSION, R-UNANSWERED and R-NO-CALLBACK on a new card: warn before X-PACED) stays below warn;
    the same 24 calls placed in one day are a dialer's pace and are not exempted."""
    for name in ("newcomer", "newcomer-before", "one-day", "one-day-before"):
        (tmp_path / name).mkdir()
    assert _days_of_calls(tmp_path / "newcomer", 8, 3, None) == "watch"
    assert _days_of_calls(tmp_path / "newcomer-before", 8, 3, POLICY_2026_12_11) in ("warn", "block")
    assert _days_of_calls(tmp_path / "one-day", 24, 1, None) in ("warn", "block")
    assert _days_of_calls(tmp_path / "one-day-before", 24, 1, POLICY_2026_12_11) in ("warn", "block")


#: The policy before a foreign number that is called and answers was exempted from the foreign dialer's case.
POLICY_2026_12_12 = Path(__file__).parent / "data" / "policy-2026.12.12.toml"


def test_a_business_abroad_that_people_call_is_not_a_foreign_dialer() -> None:
    """2026.12.13: a foreign agency or trading house rings many locals, half unanswered (R-FOREIGN-DIALER,
    R-DISPERSION), and people call it and are answered (X-INBOUND): below warn, where 2026.12.12 had it at
    warn. A ring's number abroad making the same calls, called by nobody it did not ring, keeps its case."""
    business = {"R-FOREIGN-DIALER", "R-DISPERSION", "R-UNANSWERED"}
    policy, before = load_policy(), load_policy(POLICY_2026_12_12)
    assert policy.level(policy.score(business)[0]) == 2  # warn: a ring abroad
    assert before.level(before.score(business | {"X-INBOUND"})[0]) == 2
    assert policy.level(policy.score(business | {"X-INBOUND"})[0]) == 1  # watch
    assert policy.level(policy.score(business | {"R-NO-CALLBACK", "R-FREQ-1H"})[0]) == 3  # block
