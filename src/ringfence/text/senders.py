"""Does the sender fit who the message claims to be?

Banks send from their 95xxx number or a 106 port, operators from 100xx; a message signed 【工商银行】 that
arrives from a personal mobile, or from abroad, is impersonation whatever its wording. So is a presented
sender that looks like a 95xxx or 106 port but is not a valid one (prefixed with a country code, padded),
and an official number arriving over an international gateway. These checks need no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ringfence.domain.numbers import NumberInfo, NumberKind, classify

__all__ = ["BRAND_NUMBERS", "SenderFinding", "check_sender"]

#: Domestic brands (as signed in 【】 or named in the text) and their official short numbers.
BRAND_NUMBERS: dict[str, tuple[str, ...]] = {
    "工商银行": ("95588",), "建设银行": ("95533",), "农业银行": ("95599",), "中国银行": ("95566",),
    "交通银行": ("95559",), "招商银行": ("95555",), "民生银行": ("95568",), "兴业银行": ("95561",),
    "浦发银行": ("95528",), "光大银行": ("95595",), "中信银行": ("95558",), "华夏银行": ("95577",),
    "广发银行": ("95508",), "平安银行": ("95511",), "邮储银行": ("95580",), "邮政储蓄": ("95580",),
    "银联": ("95516",), "支付宝": ("95188",), "微信支付": ("95017",), "财付通": ("95017",),
    "中国移动": ("10086",), "中国联通": ("10010",), "中国电信": ("10000",), "中国广电": ("10099",),
    "公安": ("110", "96110"), "法院": ("12368",), "检察院": ("12309",), "社保": ("12333",),
    "税务": ("12366",), "人社局": ("12333",), "医保局": ("12393",), "交管12123": ("12123",),
    "淘宝": (), "京东": (), "拼多多": (), "抖音": (), "美团": (), "顺丰": ("95338",), "12306": ("12306",),
    "etc": (),
}  # fmt: skip

_SIGNATURE = re.compile(r"[【\[]([^】\]]{2,12})[】\]]")
_BRAND_RE = re.compile("|".join(sorted(map(re.escape, BRAND_NUMBERS), key=len, reverse=True)))
_OFFICIAL_IN_TEXT = re.compile(r"(?<!\d)(95\d{3}|100(?:86|10|00)|106\d{5,})(?!\d)")
_PERSONAL = (NumberKind.MOBILE, NumberKind.VIRTUAL, NumberKind.IOT, NumberKind.FIXED)


@dataclass(frozen=True, slots=True)
class SenderFinding:
    id: str
    weight: float
    note: str


def _claimed_brands(text: str) -> list[str]:
    """Brands the message presents itself as: its 【signature】, or a brand its first word names."""
    brands = []
    for sig in _SIGNATURE.findall(text):
        brands.extend(_BRAND_RE.findall(sig))
    if not brands:
        lead = _BRAND_RE.match(text)
        if lead is not None:
            brands.append(lead.group(0))
    return brands


def check_sender(sender: str | None, text: str, origin: str | None = None) -> list[SenderFinding]:
    """Findings about the sender of a (normalised) message; empty when nothing is wrong."""
    if not sender:
        return []
    info: NumberInfo = classify(sender)
    findings: list[SenderFinding] = []
    brands = _claimed_brands(text)
    official_in_text = _OFFICIAL_IN_TEXT.search(text[:40])
    if info.kind in _PERSONAL and (brands or official_in_text):
        who = brands[0] if brands else official_in_text.group(0) if official_in_text else "?"
        findings.append(
            SenderFinding(
                "sender.brand_from_personal", 2.5, f"claims to be {who} but was sent from a personal number"
            )
        )
    foreign = info.kind is NumberKind.INTERNATIONAL or (
        info.normalized.startswith("+") and not info.normalized.startswith("+86")
    )
    if foreign and brands:
        findings.append(
            SenderFinding(
                "sender.international_brand", 2.5, f"international sender uses domestic brand {brands[0]}"
            )
        )
    if info.kind is NumberKind.IRREGULAR:
        digits = re.sub(r"\D", "", sender)
        core = digits[2:] if digits.startswith("86") else digits[4:] if digits.startswith("0086") else digits
        if core.startswith(("95", "106")):
            findings.append(
                SenderFinding(
                    "sender.malformed_official",
                    2.0,
                    f"presents like an official number but is irregular ({info.reason})",
                )
            )
    if info.official and origin == "international":
        findings.append(
            SenderFinding(
                "sender.official_via_international",
                3.0,
                "official number arrived over an international gateway",
            )
        )
    if info.kind is NumberKind.SERVICE and info.normalized.startswith("95") and brands:
        numbers = BRAND_NUMBERS.get(brands[0], ())
        if numbers and not any(info.normalized.startswith(n) for n in numbers) and brands[0].endswith("银行"):
            findings.append(
                SenderFinding(
                    "sender.brand_number_mismatch", 1.5, f"signed {brands[0]} but sent from {info.normalized}"
                )
            )
    if origin == "unknown":
        findings.append(
            SenderFinding(
                "sender.no_smsc_record", 1.5, "no SMS-centre record: possible fake base station broadcast"
            )
        )
    return findings
