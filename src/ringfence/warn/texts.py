"""What a warning says, per scam category, in the manner of the 12381 warning service: short, plain
Chinese, the scam named, what not to do — and never a link or a number to call back, because a
warning that carries either is exactly what the next scam will imitate.

The category of a fraud number comes from the flag (a ``category`` column), else from the texts it
sent (the SMS pattern library), else from its typology (wangiri, spoofed official numbers).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ringfence.errors import ConfigError

__all__ = [
    "CATEGORIES",
    "GENERAL",
    "category_of_texts",
    "category_of_typology",
    "check_text",
    "guardian_text",
    "person_text",
    "risk_name",
]

GENERAL = "general"

#: Category → (the risk named in Chinese, the person's warning).
_TEXTS: dict[str, tuple[str, str]] = {
    "police_impersonation": (
        "冒充公检法",
        "【反诈提醒】公检法机关不会通过电话办案，不存在“安全账户”。刚才联系您的号码涉嫌诈骗，"
        "请立即挂断，不要转账、不要透露验证码。",
    ),
    "customer_service_refund": (
        "冒充客服退款",
        "【反诈提醒】退款、理赔不需要您先付款或提供验证码。联系您的“客服”涉嫌诈骗，"
        "请只通过官方应用核实，切勿转账。",
    ),
    "loan_credit": (
        "贷款/信用卡",
        "【反诈提醒】凡是放款前要交保证金、解冻费的都是诈骗。联系您的号码涉嫌贷款诈骗，请勿转账。",
    ),
    "acquaintance_boss": (
        "冒充熟人/领导",
        "【反诈提醒】自称熟人、领导要求借钱或转账的，请先当面或用原有联系方式核实，切勿直接汇款。",
    ),
    "order_brushing": (
        "刷单返利",
        "【反诈提醒】刷单返利都是诈骗，先给小甜头再骗大钱。联系您的号码涉嫌刷单诈骗，请停止操作、不要转账。",
    ),
    "investment": (
        "投资理财",
        "【反诈提醒】“高收益、稳赚不赔”的投资理财都是诈骗。联系您的号码涉嫌投资诈骗，请勿下载陌生应用、不要转账。",
    ),
    "prize": (
        "中奖",
        "【反诈提醒】中奖要先交税费、手续费的都是诈骗。请不要转账、不要透露银行卡信息。",
    ),
    "account_freeze": (
        "账户冻结",
        "【反诈提醒】以账户异常、冻结为由要求操作转账的都是诈骗。请通过官方应用或营业厅核实。",
    ),
    "points_redemption": (
        "积分兑换",
        "【反诈提醒】积分兑换不会要求您填写银行卡和验证码。收到的兑换短信涉嫌诈骗，请勿点击、勿填写。",
    ),
    "subsidy_refund": (
        "补贴退款",
        "【反诈提醒】政府补贴、退税不会要求您提供验证码或转账。联系您的号码涉嫌诈骗，请勿操作。",
    ),
    "delivery_claim": (
        "快递理赔",
        "【反诈提醒】快递丢失理赔不会要求您先付款或开通借贷。联系您的“客服”涉嫌诈骗，请勿转账。",
    ),
    "wangiri": (
        "响一声境外来电",
        "【反诈提醒】您回拨的境外号码是“响一声”诈骗电话，回拨会产生高额费用。请勿再回拨陌生境外号码。",
    ),
    "spoofed": (
        "改号电话",
        "【反诈提醒】刚才给您来电的号码经境外改号伪装，来电显示不可信。请挂断，不要转账、不要透露验证码。",
    ),
    GENERAL: (
        "电信网络诈骗",
        "【反诈提醒】您近期接触的号码涉嫌电信网络诈骗。请不要转账汇款、不要透露验证码、不要下载陌生应用。",
    ),
}

CATEGORIES: tuple[str, ...] = tuple(_TEXTS)

_LINK = re.compile(r"(?i)https?://|www\.|\.(com|cn|net|top|xyz|vip|cc)\b")
_NUMBER = re.compile(r"\d{5,}|\d{3}[- ]\d{3,}")


def check_text(text: str) -> None:
    """Refuse a warning text with a link or anything that reads as a number to call."""
    if _LINK.search(text) or _NUMBER.search(text):
        raise ConfigError(f"a warning text must carry no link and no callback number: {text!r}")


def risk_name(category: str | None) -> str:
    return _TEXTS.get(category or GENERAL, _TEXTS[GENERAL])[0]


def person_text(category: str | None) -> str:
    return _TEXTS.get(category or GENERAL, _TEXTS[GENERAL])[1]


def guardian_text(category: str | None, person: str) -> str:
    """A guardian's alert names the risk and which relative (by the last four digits only)."""
    tail = person[-4:] if len(person) >= 4 else person
    return (
        f"【反诈提醒】您的家人（手机尾号{tail}）近期接到疑似{risk_name(category)}诈骗电话，"
        "请尽快当面或电话联系其本人，提醒不要转账、不要透露验证码。"
    )


def category_of_texts(texts: Iterable[str]) -> str | None:
    """The scam category most of a number's messages match (SMS pattern library), if any."""
    from ringfence.lexical.normalise import normalise
    from ringfence.text.patterns import BENIGN, GENERIC, default_library

    library = default_library()
    votes: Counter[str] = Counter()
    for text in texts:
        for hit in library.match_message(normalise(text)):
            if hit.category in _TEXTS and hit.category not in (BENIGN, GENERIC):
                votes[hit.category] += 1
    return votes.most_common(1)[0][0] if votes else None


def category_of_typology(typology: str | None, spoofed: bool, fraud_number: str) -> str:
    if typology == "wangiri":
        return "wangiri"
    if spoofed:
        if fraud_number in {"110", "12110", "12389"}:
            return "police_impersonation"
        if fraud_number.startswith(("95", "100")):
            return "customer_service_refund"
        return "spoofed"
    return GENERAL
