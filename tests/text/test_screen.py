from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.simulate.sms_texts import FRAUD_CATEGORIES, evade, synth_messages
from ringfence.text.screen import SmsScreener

_SCREENER = SmsScreener()


@pytest.fixture(scope="module")
def screener() -> SmsScreener:
    return _SCREENER


def test_default_model_on_synthetic_traffic(screener: SmsScreener) -> None:
    msgs = synth_messages(99, 600)
    verdicts = screener.screen([m.text for m in msgs])
    correct = sum(bool(v.is_fraud) == m.is_fraud for v, m in zip(verdicts, msgs, strict=True))
    assert correct / len(msgs) > 0.95
    fraud = [(v, m) for v, m in zip(verdicts, msgs, strict=True) if m.is_fraud and v.is_fraud]
    assert sum(v.category == m.category for v, m in fraud) / len(fraud) > 0.8
    assert all(v.category in FRAUD_CATEGORIES for v, _ in fraud)


def test_verdict_fields_and_reasons(screener: SmsScreener) -> None:
    v = screener.screen(
        ["【工商银行】您的账户已冻结，请登录 icbc-jf.top 解除冻结"], ["13812345678"], ["intra"]
    )[0]
    assert v.is_fraud is True
    assert v.prediction == "fraud"
    assert 0.9 < v.score <= 1.0
    assert any(r.startswith("sender.brand_from_personal") for r in v.reasons)
    assert any("icbc-jf.top" in r for r in v.reasons)
    assert [u.url for u in v.urls] == ["icbc-jf.top"]


def test_hard_negatives_stay_normal(screener: SmsScreener) -> None:
    texts = [
        "【工商银行】您尾号1234的储蓄卡于11月24日09:00支出人民币200.00元，余额3000.00元。",
        "【招商银行】验证码123456，您正在登录手机银行，切勿泄露给他人。",
        "【国家反诈中心】公检法机关不会通过电话办案，不存在安全账户，凡是要求转账汇款的都是诈骗。",
        "【菜鸟驿站】您的快递已到小区门口驿站，取件码5678，请凭码及时取件。",
        "房租3000我刚转你了，查收一下。",
    ]
    verdicts = screener.screen(texts, ["95588", "95555", "12381", "10690000001", "13812345678"])
    assert [v.is_fraud for v in verdicts] == [False] * len(texts)
    assert all(v.category == "normal" for v in verdicts)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(FRAUD_CATEGORIES))
def test_evasion_does_not_change_the_verdict(seed: int, category: str) -> None:
    screener = SmsScreener()
    msg = synth_messages(seed, 1, category)[0]
    evaded = evade(msg.text, random.Random(seed), strength=0.5)
    plain_v, evaded_v = screener.screen([msg.text, evaded])
    assert evaded_v.is_fraud == plain_v.is_fraud
    assert evaded_v.category == plain_v.category
    assert abs(evaded_v.score - plain_v.score) < 1e-6


def test_empty_and_missing_texts(screener: SmsScreener) -> None:
    assert screener.screen([]) == []
    v = screener.screen([None, ""])
    assert [x.is_fraud for x in v] == [False, False]


_CJK = re.compile(r"[\u4e00-\u9fff]")
_SEPARATORS = [" ", "  ", "\u3000", "\u200b", "*", "·", "~", "|", "/", "🔥", "💰", "🎉", "👉", "❤️", "\t"]
_FRAUD_TEXTS = [
    "【公安局】您的银行卡涉嫌洗钱，请立即将资金转入安全账户配合调查，否则将被冻结。",
    "【淘宝】您购买的商品质检不合格，可获三倍赔偿，请下载会议软件开启共享屏幕办理退款。退订回T",
    "日赚300-500元，手机刷单兼职，先垫付后立返佣金，加微信 abc12345",
    "老师带单，内部消息，稳赚不赔，加入投资群日收益10%",
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(_FRAUD_TEXTS),
    st.lists(st.tuples(st.integers(0, 200), st.sampled_from(_SEPARATORS)), min_size=1, max_size=25),
)
def test_spaces_and_emoji_between_characters_never_make_fraud_normal(
    text: str, inserts: list[tuple[int, str]]
) -> None:
    """Word segmentation, spacing tricks and emoji between Chinese characters change nothing."""
    gaps = [i for i in range(1, len(text)) if _CJK.match(text[i - 1]) and _CJK.match(text[i])]
    chars = list(text)
    for pos, sep in inserts:
        i = gaps[pos % len(gaps)]
        chars[i] = sep + chars[i] if not chars[i].startswith(sep) else chars[i]
    tricked = "".join(chars)
    plain_v, tricked_v = _SCREENER.screen([text, tricked])
    assert plain_v.prediction == "fraud"
    assert tricked_v.prediction == "fraud", tricked
    assert abs(tricked_v.score - plain_v.score) < 1e-6


@pytest.mark.parametrize("mask", ["*", "x"])
def test_masked_digits_read_as_digits(mask: str) -> None:
    """Masking the middle of a phone or card number (138****1234) keeps the verdict. A masked run reads as
    one digit in ``feature_text`` (the TF-IDF head); the plain head reads digits and masks as written, so
    the score moves a little (up to ~0.08 here), never across the threshold."""
    msgs = [m for m in synth_messages(17, 300, fraud_ratio=0.5) if re.search(r"\d{7,}", m.text)]
    assert len(msgs) > 30
    masked = [re.sub(r"(?<=\d{3})\d{4}(?=\d{2})", mask * 4, m.text) for m in msgs]
    plain_v = _SCREENER.screen([m.text for m in msgs])
    masked_v = _SCREENER.screen(masked)
    for m, a, b in zip(msgs, plain_v, masked_v, strict=True):
        assert b.prediction == a.prediction, m.text
        assert abs(b.score - a.score) < 0.1


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_traditional_renderings_keep_the_class(config: str) -> None:
    """Whole messages converted to Traditional (OpenCC, Taiwan and Hong Kong variants) keep their class."""
    import opencc

    convert = opencc.OpenCC(config).convert
    texts = [*_FRAUD_TEXTS, *(m.text for m in synth_messages(5, 60, fraud_ratio=0.5))]
    plain = _SCREENER.screen(texts)
    converted = _SCREENER.screen([convert(t) for t in texts])
    same = sum(a.prediction == b.prediction for a, b in zip(plain, converted, strict=True))
    assert [b.prediction for b in converted[:4]] == ["fraud"] * 4
    assert same == len(texts), [
        (t, a.prediction, b.prediction)
        for t, a, b in zip(texts, plain, converted, strict=True)
        if a.prediction != b.prediction
    ]


def test_spoken_scam_calls_and_their_ordinary_twins(screener: SmsScreener) -> None:
    """Call openers (hand-written here, not generated): the scam and an ordinary call on the same topic.
    A model that learnt the topic word alone (a child, an old friend, a lottery win) fails one side."""
    scams = [
        "喂，别挂电话，你闺女现在在我们手里，想让她平安回家就准备二十万，敢报警你就再也见不到她。",
        "猜猜我是谁？我是你老同学啊，我这边出了点急事，能不能先借我三万块，钱转到我朋友卡上，明天就还你。",
        "您好，这里是福彩中心兑奖处，恭喜您的号码中了一等奖，奖金两百万，领奖前要先交个人所得税四千元。",
    ]
    ordinary = [
        "喂，老张，猜猜我是谁？哈哈我是王磊啊，下个月同学聚会你来不来？",
        "老公，女儿今天在学校发烧了，老师让我去接，我先带她去医院看看，晚上回家再说。",
        "老板，这期双色球还是老号码，给我打五注，中了请你喝酒。",
    ]
    verdicts = screener.screen(scams + ordinary)
    assert [v.is_fraud for v in verdicts] == [True] * 3 + [False] * 3, [v.score for v in verdicts]
    assert [v.category for v in verdicts[:3]] == ["acquaintance_boss", "acquaintance_boss", "prize"]


def test_a_brands_own_link_is_never_a_look_alike_whatever_the_lexical_model_says() -> None:
    """Brands' own short links (JD's 3.cn, Meituan's dpurl.cn) carry their promotions; the lexical URL
    model often calls their short random paths malicious, which must not count as phishing evidence."""
    from ringfence.text.screen import EVIDENCE, _evidence
    from ringfence.urls.model import UrlVerdict

    own = UrlVerdict(
        "3.cn/q8tz", 0.9, True, ("official domain of JD 京东", "lexical model: looks like (p=0.99)")
    )
    own_shortener = UrlVerdict(
        "m.tb.cn/h.x", 0.9, True, ("official domain of Taobao", "link shortener tb.cn")
    )
    fake = UrlVerdict("jd-hd.cn", 0.9, True, ("brand keyword jd in another domain", "lexical model: (p=0.9)"))
    ev, _ = _evidence([[], [], []], [(own,), (own_shortener,), (fake,)], ["", "", ""])
    col = {name: ev[:, i].tolist() for i, name in enumerate(EVIDENCE)}
    assert col["lookalike_link"] == [0.0, 0.0, 1.0]
    assert col["official_link"] == [1.0, 0.0, 0.0]
    assert col["shortener_link"] == [0.0, 1.0, 0.0]


def test_a_warning_that_names_a_scam_is_not_a_strong_scam_signal() -> None:
    """An anti-fraud warning quotes the scam's words ('safe account'); benign wording that outweighs the
    pattern keeps it from being the "strong" evidence that sets marketing aside and that the stacker
    reads. A smaller benign hit (a do-not-share line a phishing text copies) does not."""
    from ringfence.text.patterns import PatternHit
    from ringfence.text.screen import EVIDENCE, _evidence

    scam = PatternHit("police.safe_account", "police_impersonation", 3.0, "", "安全账户")
    warning = PatternHit("benign.anti_fraud_warning", "benign", -3.0, "", "谨防")
    do_not_share = PatternHit("benign.do_not_share", "benign", -1.5, "", "请勿泄露")
    generic = PatternHit("generic.designated_account", "generic", 2.5, "", "转入指定账户")
    ev, _ = _evidence([[scam], [scam, warning], [scam, do_not_share], [generic], []], [()] * 5, [""] * 5)
    assert ev[:, EVIDENCE.index("strong")].tolist() == [1.0, 0.0, 1.0, 0.0, 0.0]
    assert ev[:, EVIDENCE.index("patterns")].tolist() == [3.0, 0.0, 1.5, 2.5, 0.0]


def test_latin_share_separates_english_from_chinese_traffic() -> None:
    from ringfence.text.screen import EVIDENCE, _evidence

    texts = ["win a free prize now", "恭喜您中奖", "点击 abc 领取奖品", "123 456", ""]
    ev, _ = _evidence([[] for _ in texts], [()] * len(texts), texts)
    share = ev[:, EVIDENCE.index("latin")].tolist()
    assert share[:2] == [1.0, 0.0]
    assert share[3:] == [0.0, 0.0]
    assert share[2] == pytest.approx(3 / 9)


def test_a_stacker_fitted_before_a_column_was_added_reads_the_columns_it_knows() -> None:
    """Models saved by an earlier build (without the ``latin`` column) keep screening, on their own
    columns; a stacker asking for a column the screener does not make is refused with a clear error."""
    import dataclasses

    from ringfence.errors import ModelError
    from ringfence.text.model import default_sms_model
    from ringfence.text.screen import EVIDENCE

    model = default_sms_model()
    assert model.stacker is not None
    known = [f for f in model.stacker.features if not f.startswith("evidence:")]
    keep = [i for i, f in enumerate(model.stacker.features) if f != "evidence:latin"]
    older = dataclasses.replace(
        model.stacker,
        features=[model.stacker.features[i] for i in keep],
        mean=model.stacker.mean[keep],
        scale=model.stacker.scale[keep],
        coef=model.stacker.coef[keep],
    )
    assert len(older.features) == len(known) + len(EVIDENCE) - 1
    texts = ["【京东】您的订单已发货，退订回T", "您的账户涉嫌洗钱，请将资金转入安全账户配合调查"]
    verdicts = SmsScreener(dataclasses.replace(model, stacker=older)).screen(texts)
    assert [v.is_fraud for v in verdicts] == [False, True]
    broken = dataclasses.replace(older, features=[*older.features[:-1], "evidence:tomorrow"])
    with pytest.raises(ModelError, match="tomorrow"):
        SmsScreener(dataclasses.replace(model, stacker=broken)).screen(texts)


def test_patterns_read_the_text_without_its_links(screener: SmsScreener) -> None:
    """A long link between a lure and its call to action must not push them out of a pattern's reach:
    the pattern library reads the text without its links (the links are judged by the URL model)."""
    short = "您的快递丢失，点击 办理理赔"
    long = "您的快递丢失，点击 http://sf-express.claim-top.cn/compensation/index/p?id=8 办理理赔"
    ids = [{r.split(":")[0] for r in v.reasons} for v in screener.screen([short, long])]
    assert "delivery.lost" in ids[0]
    assert "delivery.lost" in ids[1]


def test_a_message_screened_alone_gets_the_verdict_it_gets_in_a_batch(
    screener: SmsScreener, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A batch takes the columnar paths (patterns sifted by Polars, URLs split by Polars, heads summed
    # by a sparse product), a lone message the row-by-row ones: the same verdict to the last bit.
    from ringfence.text import patterns
    from ringfence.urls import batch

    monkeypatch.setattr(patterns, "_COLUMNAR_FROM", 64)
    monkeypatch.setattr(batch, "_ROWS_BELOW", 64)
    texts = [m.text for m in synth_messages(17, 240, fraud_ratio=0.6)]
    texts += ["点击 icbc-jf.top/m 领取积分", "【京东】年货节 3.cn/-1xYz 回TD退订", "验证码 123456"]
    batch = screener.screen(texts)
    assert sum(len(v.urls) for v in batch) >= 64  # the URL model's columnar split too
    for text, together in zip(texts, batch, strict=True):
        assert screener.screen([text])[0] == together
