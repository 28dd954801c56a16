"""Anti-fraud warnings quote the scams they warn of: their scam wording is a quotation, not a lure.

Police, the national anti-fraud centre and operators send warnings to whole populations ("刷单就是诈骗",
"骗子常以'点赞关注''日结兼职'为诱饵…, 拨打96110"). They name four or five scam typologies in one text, so
the pattern library adds up far more scam weight than any real lure carries and the one benign pattern
cannot cancel it; in a real stream such a warning would be among the most frequent texts called fraud.

A text is read as a warning only when every one of these holds, because scammers borrow the anti-fraud
centre's name too ("反诈中心: 您涉嫌诈骗, 请下载会议APP配合调查", "被骗了? 专业团队帮您追回"):
- the anti-fraud-warning pattern of the library hits (its id ``WARNING_ID``);
- the text names scams as scams at least twice (诈骗 / 骗局 / 骗子 / 骗术 / 被骗 / 陷阱 / 冒充, or says who
  never asks: "不会要求您转账", "从不索要验证码"): a lure names the victim's alleged crime once, a warning
  calls the tricks it lists scams;
- it moves the reader nowhere a scam would: no private channel, designated account or key to press
  (pattern ids in ``ACTION_IDS``), no link off a protected brand's own domain, no offer to recover lost
  money. ("转账" alone is not such a move: every warning says "凡是要求转账的都是诈骗".)

A library without ``WARNING_ID`` (a user's own) never reads a text as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ringfence.text.patterns import PatternHit

__all__ = ["ACTION_IDS", "WARNING_ID", "is_warning"]

WARNING_ID = "benign.anti_fraud_warning"
#: Patterns that move the reader to act where a scam wants them (a private chat, an account, a key press).
ACTION_IDS = frozenset({"generic.private_contact", "generic.designated_account", "generic.press_key"})
#: Naming a scam as one: the scam words, "impersonating", and the denial every warning makes
#: ("医保部门不会要求您转账", "银行从不索要验证码"): a lure asks, it does not say who never asks.
_NAMES_SCAMS = re.compile(
    r"诈骗|骗局|骗子|骗术|被骗|陷阱|冒充"
    r"|(不会|从不|从来不|绝不|决不)[^。，,;；]{0,6}(要求|索要|索取|让您|向您)"
)
_RECOVERY = re.compile(r"追回|挽回|退赔|追损|找回.{0,4}(损失|资金|钱款|被骗)")


def is_warning(text: str, hits: Sequence[PatternHit], links_official: Sequence[bool]) -> bool:
    """Whether a normalised text is an anti-fraud warning whose scam patterns quote the scams it names.

    ``links_official``: for each link in the text, whether it is on a protected brand's own domain."""
    if not any(h.id == WARNING_ID for h in hits):
        return False
    if any(h.id in ACTION_IDS for h in hits):
        return False
    if not all(links_official):
        return False
    if _RECOVERY.search(text):
        return False
    return len(_NAMES_SCAMS.findall(text)) >= 2
