from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.lexical.normalise import normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("【工商銀行】您的賬戶已凍結", "【工商银行】您的账户已冻结"),
        ("ｉｃｂｃ－ｊｆ．ｔｏｐ", "icbc-jf.top"),
        ("冻 结", "冻结"),
        ("冻*结 账🔥户", "冻结账户"),
        ("安\u200b全\u200c账\ufeff户", "安全账户"),
        ("ісbс.com", "icbc.com"),
        ("验证码①②③④", "验证码1234"),
        ("Hello\x00  World", "hello world"),
        ("账-户.冻~结", "账户冻结"),
        ("中 国 银 行 ABC 你好", "中国银行 abc 你好"),
        ("您好，请回复。", "您好,请回复。"),
    ],
)
def test_evasion_forms_fold_to_one_spelling(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="银行账户冻结验证码ab1 *🔥\u200b·|~、。ＡＢ①", max_size=40))
def test_idempotent_on_evasion_alphabet(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def _by_definition(text: str) -> str:
    """NFKC, then the table, then the noise between Chinese characters: what ``normalise`` was before
    it learnt to skip NFKC for texts already NFKC-normal once their full-width forms are folded."""
    import unicodedata

    from ringfence.lexical import normalise as module

    text = unicodedata.normalize("NFKC", text).translate(module._TABLE)
    if not text.isascii():
        text = module._NOISE_BETWEEN_CJK.sub("", text)
    return " ".join(text.split())


@settings(max_examples=400, deadline=None)
@given(
    st.text(max_size=60)
    | st.text(alphabet="银行账户冻结ａｂＡＢ！？，：\u3000\u0301\u0308e①㍿ｶﾞ\uff9e\u200b 。", max_size=30)
)
def test_skipping_nfkc_never_changes_the_result(text: str) -> None:
    assert normalise.__wrapped__(text) == _by_definition(text)


def test_whole_traditional_messages_fold_to_simplified() -> None:
    from ringfence.lexical.normalise import normalise

    assert normalise("會員專屬：點數將於到期，記得到門市使用") == "会员专属:点数将于到期,记得到门市使用"
    assert normalise("您的帳戶已凍結，請點擊連結驗證") == "您的账户已冻结,请点击连结验证"
    assert normalise("加 賴 領 取 飆股") == "加赖领取飙股"  # 飆 from the OpenCC table


def test_opencc_table_folds_traditional_only_characters() -> None:
    """Characters of the GB 2312 simplified set never fold (乾坤, 著作, 覆盖 stay as written); the
    hand-picked folds win over the OpenCC table (帳戶 is 账户, not 帐户)."""
    from ringfence.lexical.normalise import normalise
    from ringfence.lexical.traditional import OPENCC_T2S

    pairs = [OPENCC_T2S[i : i + 2] for i in range(0, len(OPENCC_T2S), 2)]
    assert len(pairs) > 3000
    for pair in pairs:
        t, s = pair
        assert t != s
        with pytest.raises(UnicodeEncodeError):
            t.encode("gb2312")
    assert normalise("乾坤著作覆盖") == "乾坤著作覆盖"
    assert normalise("帳戶") == "账户"
