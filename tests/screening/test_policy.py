from __future__ import annotations

import pytest

from ringfence.errors import ConfigError
from ringfence.screening import Action, FailMode, Outcome, Policy


def test_a_policy_file_only_states_what_it_changes() -> None:
    p = Policy.from_mapping(
        {
            "version": "ops-7",
            "spoofed_domestic": "label",
            "international": {"action": "allow", "label": None},
            "tagged": {"label": "可疑来电"},
            "fail_mode": "closed",
            "score_label": 0.4,
            "wangiri_callees": "30",
            "max_snapshot_age_s": None,
            "roaming_exemption": False,
        }
    )
    assert p.version == "ops-7"
    assert p.spoofed_domestic == Outcome(Action.LABEL, "疑似改号")  # label text kept
    assert p.international == Outcome(Action.ALLOW, None)
    assert p.tagged == Outcome(Action.LABEL, "可疑来电")
    assert (p.fail_mode, p.score_label, p.wangiri_callees) == (FailMode.CLOSED, 0.4, 30)
    assert p.max_snapshot_age_s is None
    assert p.roaming_exemption is False
    assert p.spoofed_official == Policy().spoofed_official


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"spoof": "block"}, "unknown policy key"),
        ({"spoofed_domestic": "drop"}, "spoofed_domestic"),
        ({"spoofed_domestic": {"action": "block", "colour": "red"}}, "spoofed_domestic"),
        ({"fail_mode": "sideways"}, "fail_mode"),
        ({"score_block": 1.5}, "score_block"),
        ({"score_label": 0.95}, "score_label must not exceed"),
        ({"protected_score_label": 0.8}, "protected_score_label"),
        ({"wangiri_callees": 0}, "wangiri"),
        ({"roaming_exemption": "yes"}, "roaming_exemption"),
        ({"max_snapshot_age_s": -1}, "max_snapshot_age_s"),
        ({"score_label": "high"}, "score_label"),
    ],
)
def test_bad_policies_are_config_errors(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Policy.from_mapping(data)
