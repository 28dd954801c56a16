from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.errors import ConfigError
from ringfence.lexical.normalise import normalise
from ringfence.simulate.sms_texts import FRAUD_CATEGORIES, synth_messages
from ringfence.text.patterns import default_library, load_library

# Characters of the shipped patterns plus filler, so random texts hit patterns often.
_ALPHABET = set(
    "".join(p.regex.pattern for p in default_library().patterns if p.regex.pattern.isprintable())
) | set("的了是 ab0")


def test_shipped_library_covers_every_scam_category() -> None:
    lib = default_library()
    assert set(FRAUD_CATEGORIES) <= lib.categories
    assert len(lib.patterns) >= 30


@pytest.mark.parametrize(
    ("text", "pattern_id", "category"),
    [
        ("您涉嫌洗钱案件，请将资金转入安全账户配合调查", "police.safe_account", "police_impersonation"),
        ("急招抖音点赞员，日结300元", "brush.task", "order_brushing"),
        ("导师带你稳赚不赔，日收益10%", "inv.guaranteed", "investment"),
        ("您的10086积分即将清零，请登录兑换", "points.expire", "points_redemption"),
        ("恭喜您被节目组抽选为场外幸运观众", "prize.lucky_viewer", "prize"),
    ],
)
def test_scam_wording_hits_its_pattern(text: str, pattern_id: str, category: str) -> None:
    hits = {h.id: h for h in default_library().match(normalise(text))}
    assert pattern_id in hits
    assert hits[pattern_id].category == category
    assert hits[pattern_id].weight > 0
    assert hits[pattern_id].matched


def test_evasion_does_not_hide_a_pattern() -> None:
    plain = default_library().match(normalise("请将资金转入安全账户"))
    evaded = default_library().match(normalise("请将资金转入安 全*账🔥戶"))
    assert {h.id for h in plain} == {h.id for h in evaded}


def test_benign_warning_pulls_the_score_down() -> None:
    hits = default_library().match(
        normalise("【国家反诈中心】公检法不会通过电话办案，凡是要求转账到安全账户的都是诈骗")
    )
    assert any(h.category == "benign" and h.weight < 0 for h in hits)


def test_ordinary_chat_hits_nothing() -> None:
    assert default_library().match(normalise("晚上回来吃饭吗？我买了排骨。")) == []


def test_custom_library_is_loaded_and_validated(tmp_path: Path) -> None:
    good = tmp_path / "p.toml"
    good.write_text(
        '[[pattern]]\nid="x.y"\ncategory="prize"\nweight=1.5\nregex="彩票"\nnote="lottery"\n', "utf-8"
    )
    lib = load_library(good)
    assert [h.id for h in lib.match("买彩票")] == ["x.y"]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[pattern]]\nid="x"\ncategory="c"\nweight=1\nregex="("\n', "utf-8")
    with pytest.raises(ConfigError, match="x"):
        load_library(bad)
    dup = tmp_path / "dup.toml"
    dup.write_text('[[pattern]]\nid="a"\ncategory="c"\nweight=1\nregex="a"\n' * 2, "utf-8")
    with pytest.raises(ConfigError, match="duplicate"):
        load_library(dup)
    with pytest.raises(ConfigError, match="cannot read"):
        load_library(tmp_path / "missing.toml")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(_ALPHABET)), max_size=40).map("".join))
def test_trigger_index_never_skips_a_match(text: str) -> None:
    lib = default_library()
    brute = [p.id for p in lib.patterns if p.regex.search(text)]
    assert [h.id for h in lib.match(text)] == brute


def test_trigger_index_on_synthetic_messages() -> None:
    lib = default_library()
    for m in synth_messages(5, 400):
        text = normalise(m.text)
        assert [h.id for h in lib.match(text)] == [p.id for p in lib.patterns if p.regex.search(text)]
