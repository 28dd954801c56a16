from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.detect.features import FEATURE_NAMES
from ringfence.detect.policy import load_policy
from ringfence.detect.rules import load_rules
from ringfence.errors import ConfigError


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
        ungated = type(t)(t.id, t.description, t.weights, t.exemptions)
        assert t.score(fired) <= ungated.score(fired) + 1e-12
