"""The shipped model's taxonomy on hand-written messages: marketing is not fraud, illegal adverts are not
fraud, scams stay fraud even when dressed as promotions, and evasion (spacing, emoji, masked digits,
Traditional characters, word-segmented text) does not change the class."""

from __future__ import annotations

import pytest

from ringfence.text.screen import SmsScreener

MARKETING = [
    "【京东】618大促开启，全场满299减50，家电低至5折，戳 3.cn/AbCd12 退订回T",
    "【招联金融】尊敬的客户，您有一笔最高20万元的借款额度待领取，年化利率低至7.2%，随借随还，额度以审批为准，回T退订",
    "【中国移动】尊敬的客户，5G畅享套餐限时优惠，月费59元含30GB流量，回复KT办理，退订回TD",
    "【肯德基】疯狂星期四，全鸡第二件半价，小程序下单更优惠 退订回N",
    "【全聯】週年慶限時優惠，全館7折起，滿1000送100，詳情看官網 拒收請回覆R",
    "【万科·翡翠湾】地铁口120㎡三居，首付30万起，周末看房送购物卡，咨询400-820-1234",
]
FRAUD = [
    "【公安局】您的银行卡涉嫌洗钱，请立即将资金转入安全账户配合调查，否则将被冻结。",
    "【淘宝】您购买的商品质检不合格，可获三倍赔偿，请下载会议软件开启共享屏幕办理退款。退订回T",
    "【中国移动】您的8000积分今日到期，请登录 10086-jf.top 兑换现金，逾期作废。回T退订",
    "日赚300-500元，手机刷单兼职，先垫付后立返佣金，加微信 abc12345",
    "老师带单，内部消息，稳赚不赔，加入投资群日收益10%",
]
ILLEGAL = [
    "澳门新葡京线上娱乐城，百家乐真人视讯，首充100送188，提款秒到",
    "代开各类增值税发票，税点低，可网上查验，电话13800001111",
    "同城上门服务，学生妹包夜1500，先见面后付款",
]
NORMAL = [
    "【招商银行】验证码123456，您正在登录手机银行，切勿泄露给他人。",
    "晚上回来吃饭吗？我买了排骨。",
    "【菜鸟驿站】您的快递已到小区门口驿站，取件码5678，请凭码及时取件。",
    "您好，我是打车服务助手，已为您叫到车，车牌京A12345，预计5分钟到达。",
]


@pytest.fixture(scope="module")
def screener() -> SmsScreener:
    return SmsScreener()


@pytest.mark.parametrize(
    ("texts", "label"), [(MARKETING, "marketing"), (FRAUD, "fraud"), (ILLEGAL, "illegal"), (NORMAL, "normal")]
)
def test_each_class_on_hand_written_messages(screener: SmsScreener, texts: list[str], label: str) -> None:
    verdicts = screener.screen(texts)
    assert [v.prediction for v in verdicts] == [label] * len(texts), [v.reasons for v in verdicts]
    assert [v.is_fraud for v in verdicts] == [label == "fraud"] * len(texts)
    if label != "fraud":
        assert all(v.category == label for v in verdicts)
        assert all(v.score < 0.5 for v in verdicts)


def test_marketing_signals_do_not_save_a_scam(screener: SmsScreener) -> None:
    """A strong scam pattern or a look-alike link outweighs signature, opt-out and prices."""
    v = screener.screen(
        ["【工商银行】年终回馈满100减20，您的账户存在风险即将冻结，请登录 icbc-vip.top 验证 退订回T"]
    )[0]
    assert v.is_fraud is True
    assert v.category == "account_freeze"
    # the explanation shows both sides: the marketing evidence and what set it aside
    assert any(r.startswith("marketing.") for r in v.reasons), v.reasons
    assert any(r.startswith("marketing signals set aside") and "icbc-vip.top" in r for r in v.reasons), (
        v.reasons
    )


def test_marketing_evidence_is_listed_when_it_decides(screener: SmsScreener) -> None:
    for v in screener.screen(MARKETING):
        assert v.prediction == "marketing"
        assert any(r.startswith("marketing.") for r in v.reasons), v.reasons


ADVERSARIAL = [
    ("您 的 银行卡 涉嫌 洗钱 ， 请 将 资金 转入 安全 账户 配合 调查", "fraud"),  # word-segmented
    ("安*全*账*户：您的卡涉🔥嫌洗💰钱，请立即转账配合调查", "fraud"),  # separators and emoji
    ("您的帳戶已凍結，請將資金轉入安全帳戶配合調查", "fraud"),  # Traditional
    ("您尾号****的银行卡涉嫌洗钱，请联系民警138****1234，将资金转入安全账户", "fraud"),  # masked digits
    ("【京 东】全 场 满299减50 🎉 家电低至5折 退 订 回 T", "marketing"),
    ("【招商銀行】您的驗證碼為******，請勿洩露給他人。", "normal"),
]


@pytest.mark.parametrize(("text", "label"), ADVERSARIAL)
def test_evasion_keeps_the_class(screener: SmsScreener, text: str, label: str) -> None:
    v = screener.screen([text])[0]
    assert v.prediction == label, v.reasons
