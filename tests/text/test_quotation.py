"""Anti-fraud warnings quote scams; lures that borrow the anti-fraud centre's name are still lures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.lexical.normalise import normalise
from ringfence.text.patterns import PatternHit, default_library
from ringfence.text.quotation import ACTION_IDS, WARNING_ID, is_warning
from ringfence.text.screen import EVIDENCE, SmsScreener, _on_brand_domain, screen_evidence

WARNINGS = [
    "【国家反诈中心】温馨提示：近期刷单返利类诈骗高发！骗子常以“点赞关注”“日结兼职”“做任务领红包”为诱饵，"
    "先小额返利骗取信任，再以“连单”“卡单”为由诱导大额垫付。所有刷单都是诈骗！请下载国家反诈中心APP，拨打96110。",
    "【XX市公安局】反诈提醒：公检法机关不会通过电话办案，不存在安全账户，凡是要求转账汇款的都是诈骗，谨防上当被骗。",
    "【中国移动】反诈提示：冒充客服说要退款理赔、让您开通屏幕共享的都是骗子，这是典型的诈骗手法，请勿点击陌生链接。",
    # Names no scam word, but says who impersonates whom and that the real office never asks (probe batch 10).
    "【工信部反诈专班】警惕冒充社保局称“社保卡异常、涉嫌违规领取”的电话，社保部门从不索要验证码或要求转账。",
]
LURES = [
    "【反诈中心】您的账户涉嫌诈骗洗钱，请立即将资金转入指定账户配合核查，逾期冻结",
    "被骗了别慌！反诈专业团队帮您追回被骗资金，谨防二次诈骗，加V: zh-88",
    "【国家反诈中心】您的手机号涉嫌诈骗，谨防停机，核实请点击 fzzx-gov.top/verify 骗子无处可逃",
    # The denial a warning makes, borrowed by a lure that still moves the reader (a private channel).
    "【社保中心】有人冒充您领取补贴，社保部门不会要求您转账，请添加专员微信 sb-1234 核实身份",
]


def _hits(text: str) -> list[PatternHit]:
    return default_library().match_message(normalise(text))


@pytest.mark.parametrize("text", WARNINGS)
def test_anti_fraud_warnings_are_read_as_quotations_and_screened_normal(text: str) -> None:
    assert is_warning(normalise(text), _hits(text), [])
    verdict = SmsScreener().screen([text])[0]
    assert verdict.prediction == "normal", verdict.reasons
    assert any("anti-fraud warning quoting" in r for r in verdict.reasons)
    assert screen_evidence([text])[0, EVIDENCE.index("patterns")] <= 0


@pytest.mark.parametrize("text", LURES)
def test_lures_that_borrow_the_warning_wording_are_not_quotations(text: str) -> None:
    verdict = SmsScreener().screen([text])[0]
    links_official = [_on_brand_domain(v) for v in verdict.urls]
    assert not is_warning(normalise(text), _hits(text), links_official)
    assert not any("anti-fraud warning quoting" in r for r in verdict.reasons)
    assert verdict.is_fraud


def test_a_warning_with_a_link_off_a_brand_domain_is_not_a_quotation() -> None:
    norm = normalise(WARNINGS[1])
    assert is_warning(norm, _hits(WARNINGS[1]), [True])
    assert not is_warning(norm, _hits(WARNINGS[1]), [True, False])


def test_a_library_without_the_warning_pattern_never_reads_a_warning() -> None:
    hits = [h for h in _hits(WARNINGS[0]) if h.id != WARNING_ID]
    assert not is_warning(normalise(WARNINGS[0]), hits, [])


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="诈骗局子被陷阱警惕反诈谨防不要加微信转账追回请勿点击，。！96110 ", max_size=60))
def test_a_quotation_never_moves_the_reader_for_any_text(text: str) -> None:
    """Whatever the text, a text read as a warning has the warning pattern and no scam action."""
    norm = normalise(text)
    hits = _hits(text)
    if is_warning(norm, hits, []):
        ids = {h.id for h in hits}
        assert WARNING_ID in ids
        assert not ids & ACTION_IDS
        assert "追回" not in norm
