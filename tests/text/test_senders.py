from __future__ import annotations

from ringfence.lexical.normalise import normalise
from ringfence.text.senders import check_sender


def _ids(sender: str | None, text: str, origin: str | None = None) -> set[str]:
    return {f.id for f in check_sender(sender, normalise(text), origin)}


def test_bank_signature_from_a_mobile_is_impersonation() -> None:
    assert "sender.brand_from_personal" in _ids("13812345678", "【工商银行】您的账户已冻结")


def test_bank_signature_from_its_own_number_is_fine() -> None:
    assert _ids("95588", "【工商银行】您尾号1234的账户支出200元") == set()
    assert _ids("1069000095588", "【工商银行】您尾号1234的账户支出200元") == set()


def test_international_sender_with_domestic_brand() -> None:
    assert "sender.international_brand" in _ids("+85290001234", "【中国移动】您的积分即将清零")


def test_personal_chat_mentioning_a_bank_is_not_flagged() -> None:
    assert _ids("13812345678", "我在工商银行办了张卡") == set()


def test_other_banks_number_is_a_mismatch() -> None:
    assert "sender.brand_number_mismatch" in _ids("95533", "【工商银行】您的账户异常")


def test_official_number_over_international_gateway_and_unknown_origin() -> None:
    assert "sender.official_via_international" in _ids("95588", "您好", "international")
    assert "sender.no_smsc_record" in _ids("95588", "您好", "unknown")
    assert _ids(None, "【工商银行】") == set()
