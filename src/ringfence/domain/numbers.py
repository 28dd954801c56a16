"""Telephone numbers as they are presented in signalling and records.

A fraud platform sees the same subscriber written as ``+8613812345678``, ``13812345678`` and
``008613812345678``; grouping, list lookups and spoof checks are only sound once all of them reduce to
one canonical form. Canonical forms: E.164 (``+8613812345678``) for dialable numbers, bare digits for
Chinese short codes and SMS ports (``95588``, ``10690000123``), and the cleaned input for irregular
presentations so that the evidence is kept.

Classification uses the ``phonenumbers`` numbering-plan metadata for validity, type and home region,
plus the Chinese ranges it does not model (virtual operators, IoT, 106 SMS ports, 95xxx service
numbers). Results are cached per number; Chinese mobiles are cached per 7-digit H-code prefix, since
every number under one prefix shares its type and home region.

Before anything else a number is reduced to ASCII: full-width forms (``１３８``, ``＋``, ``－``) and the
decimal digits of every script (Arabic-Indic ``١٣٨``, Devanagari, ...) become ASCII, and invisible
format characters (zero-width space and joiners, word joiner, BOM, bidi marks and embeddings: Unicode
category Cf) are dropped. Otherwise a list entry typed on a Chinese keyboard, or a number with a
zero-width space pasted in, would never match the same number in the records.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

from ringfence.domain.fixed_cities import fixed_cities
from ringfence.domain.mobile_cities import mobile_cities

__all__ = [
    "CN_MOBILE_BARE",
    "CN_MOBILE_E164",
    "NumberInfo",
    "NumberKind",
    "city_of",
    "classify",
    "cn_mobile_home",
    "cn_mobile_kind",
    "normalize",
    "region_city",
    "same_city",
    "to_ascii",
]


class NumberKind(StrEnum):
    """What a presented number is, as far as the numbering plan can tell."""

    MOBILE = "mobile"
    VIRTUAL = "virtual"  # mobile virtual network operator ranges (170/171/162/165/167)
    IOT = "iot"  # IoT / M2M ranges
    FIXED = "fixed"
    TOLL_FREE = "toll_free"  # 400 / 800 enterprise numbers
    SERVICE = "service"  # short codes: emergency, government, banks, operators
    SMS_PORT = "sms_port"  # 106 SMS ports
    INTERNATIONAL = "international"
    IRREGULAR = "irregular"  # not valid under any numbering plan


#: Kinds that a person or business can be called back on inside China.
DOMESTIC_KINDS = frozenset(
    {
        NumberKind.MOBILE,
        NumberKind.VIRTUAL,
        NumberKind.IOT,
        NumberKind.FIXED,
        NumberKind.TOLL_FREE,
        NumberKind.SERVICE,
        NumberKind.SMS_PORT,
    }
)

# Virtual-operator (MVNO) ranges: issued to resellers, historically with weak real-name checks and
# over-represented among fraud cards (seeds: "虚拟运营商存量卡等高风险号卡").
VIRTUAL_PREFIXES = ("170", "171", "162", "165", "167")
# IoT / M2M ranges: 140/141/144/146/148 and 1064x. The M2M plan numbers them with 13 digits (1440 for
# China Mobile, 1410 for China Telecom, 146 for China Unicom; 10646-10649 before them); 11-digit numbers
# under 140/141/144/146/148 are read as IoT too. These cards should not place ordinary voice calls to the
# public; when they do, it is a classic misuse ("物联网卡涉诈"). Until stop 44 a 13-digit 14x number was
# irregular (libphonenumber knows only 11-digit mobiles), so a ring dialling from IoT voice cards met
# neither R-VIRTUAL-IOT nor the screening rules for IoT ranges (a blind world's ring did).
IOT_PREFIXES_11 = ("140", "141", "144", "146", "148")
IOT_PREFIXES_13 = ("10646", "10647", "10648", "10649", *IOT_PREFIXES_11)

EMERGENCY = {"110": "police", "119": "fire", "120": "ambulance", "122": "traffic police"}
GOVERNMENT = {
    "12345": "government hotline",
    "12315": "consumer complaints",
    "12321": "spam reporting",
    "12381": "MIIT fraud warning",
    "12306": "railway",
    "12366": "tax",
    "12333": "social security",
    "12368": "court services",
    "12389": "police supervision",
    "96110": "anti-fraud warning (police)",
}
OPERATORS = {
    "10086": "China Mobile",
    "10010": "China Unicom",
    "10000": "China Telecom",
    "10099": "China Broadnet",
}
BANKS = {
    "95588": "ICBC",
    "95533": "China Construction Bank",
    "95599": "Agricultural Bank of China",
    "95566": "Bank of China",
    "95559": "Bank of Communications",
    "95555": "China Merchants Bank",
    "95568": "China Minsheng Bank",
    "95561": "Industrial Bank",
    "95528": "SPD Bank",
    "95595": "China Everbright Bank",
    "95558": "China CITIC Bank",
    "95577": "Hua Xia Bank",
    "95508": "China Guangfa Bank",
    "95511": "Ping An",
    "95580": "Postal Savings Bank",
    "95516": "UnionPay",
    "95188": "Alipay",
    "95017": "Tenpay (WeChat Pay)",
}

_SEPARATORS = re.compile(r"[\s\-().\u00a0/]")
_CITY = re.compile(r"^(?:.+?(?:省|自治区))?(.+?)(?:市|地区|自治州|盟)?$")


@dataclass(frozen=True, slots=True)
class NumberInfo:
    """A presented number, canonicalised and classified."""

    raw: str
    normalized: str
    kind: NumberKind
    country: str | None = None  # ISO 3166 region of the number ("CN", "HK", ...)
    home: str | None = None  # home city (zh) when known at classification (fixed lines)
    service: str | None = None  # what a short code is ("bank: ICBC", "operator: China Mobile")
    official: bool = False  # domestic official / service number: never legitimately from abroad
    reason: str | None = None  # why a number is irregular

    @property
    def home_region(self) -> str | None:
        """Home city (zh) where the plan knows it. For mobiles it is looked up on first use, per
        H-code: most callers of ``classify`` never need it, and the lookup is the costly part."""
        if self.home is not None:
            return self.home
        if self.kind in (NumberKind.MOBILE, NumberKind.VIRTUAL) and self.normalized.startswith("+861"):
            return _mobile_city(self.normalized[3:10])
        return None

    @property
    def is_domestic(self) -> bool:
        return self.kind in DOMESTIC_KINDS

    @property
    def is_cn_subscriber(self) -> bool:
        """A +86 mobile, virtual, IoT or fixed number (a number that belongs to a person or line)."""
        return self.kind in (
            NumberKind.MOBILE,
            NumberKind.VIRTUAL,
            NumberKind.IOT,
            NumberKind.FIXED,
        )


#: Full-width ASCII (U+FF01-U+FF5E) and the ideographic space, as ASCII.
_FULL_WIDTH = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}


def to_ascii(raw: str) -> str:
    """``raw`` with full-width forms and decimal digits of any script as ASCII, and format characters
    (category Cf) removed; other characters unchanged. ASCII input is returned as it is."""
    if raw.isascii():
        return raw
    out = []
    for ch in raw.translate(_FULL_WIDTH):
        if ch.isascii():
            out.append(ch)
        elif unicodedata.category(ch) == "Cf":
            continue
        elif ch.isdecimal():
            out.append(str(unicodedata.decimal(ch)))
        else:
            out.append(ch)
    return "".join(out)


def _clean(raw: str) -> str:
    return _SEPARATORS.sub("", to_ascii(raw).strip())


def _irregular(raw: str, cleaned: str, reason: str, country: str | None = None) -> NumberInfo:
    return NumberInfo(raw, cleaned, NumberKind.IRREGULAR, country=country, reason=reason)


def city_of(description: str | None) -> str | None:
    """Reduce a geocoder description ("四川省成都市、资阳市") to its first city ("成都")."""
    if not description:
        return None
    first = description.split("、")[0].strip()
    if first in ("中国", ""):
        return None
    match = _CITY.match(first)
    return match.group(1) if match else first


def region_city(region: str | None) -> str | None:
    """The city a region string names (what ``same_city`` compares), None when unknown."""
    return _region_city(region) if region else None


def same_city(a: str | None, b: str | None) -> bool | None:
    """Whether two region strings name the same city; None when either is unknown.

    Regions arrive as "成都", "成都市", "四川省成都市" or an area code ("028"); the comparison is on the
    reduced city name.
    """
    if not a or not b:
        return None
    ca, cb = _region_city(a), _region_city(b)
    if ca is None or cb is None:
        return None
    return ca == cb


@lru_cache(maxsize=4096)
def _region_city(region: str) -> str | None:
    region = region.strip()
    if region.isdigit():
        code = region.lstrip("0")
        # Geocode a number in that area: the plan maps area codes to cities.
        for filler in ("88888888", "8888888"):
            info = classify("0" + code + filler)
            if info.kind is NumberKind.FIXED and info.home_region:
                return info.home_region
        return None
    return city_of(region)


def _short_code(digits: str, raw: str) -> NumberInfo | None:
    """Chinese short codes, service numbers and SMS ports (no trunk prefix, no country code)."""
    if digits in EMERGENCY:
        return NumberInfo(
            raw, digits, NumberKind.SERVICE, "CN", None, f"emergency: {EMERGENCY[digits]}", True
        )
    if digits in GOVERNMENT:
        return NumberInfo(
            raw, digits, NumberKind.SERVICE, "CN", None, f"government: {GOVERNMENT[digits]}", True
        )
    if digits in OPERATORS:
        return NumberInfo(raw, digits, NumberKind.SERVICE, "CN", None, f"operator: {OPERATORS[digits]}", True)
    if digits.startswith("106") and 8 <= len(digits) <= 20:
        return NumberInfo(raw, digits, NumberKind.SMS_PORT, "CN", None, "sms port", True)
    if digits.startswith("95") and 5 <= len(digits) <= 8:
        name = BANKS.get(digits[:5])
        label = f"bank: {name}" if name else "enterprise service number (95)"
        return NumberInfo(raw, digits, NumberKind.SERVICE, "CN", None, label, True)
    if digits.startswith("96") and 5 <= len(digits) <= 8:
        return NumberInfo(raw, digits, NumberKind.SERVICE, "CN", None, "local service number (96)", True)
    if digits.startswith("1") and 3 <= len(digits) <= 5:
        # 1xx / 1xxxx public-service ranges (114, 12580, 11185, ...): real short codes.
        num = phonenumbers.parse(digits, "CN")
        if phonenumbers.shortnumberinfo.is_valid_short_number_for_region(num, "CN"):
            return NumberInfo(raw, digits, NumberKind.SERVICE, "CN", None, "public service number", True)
    return None


@lru_cache(maxsize=65536)
def _cn_mobile_by_prefix(prefix5: str) -> tuple[NumberKind, str | None]:
    """Kind and irregularity reason for an 11-digit Chinese mobile. The plan assigns mobile ranges
    by their first digits, so one lookup per 5-digit prefix serves every number under it."""
    if prefix5.startswith(VIRTUAL_PREFIXES):
        kind = NumberKind.VIRTUAL
    elif prefix5.startswith(IOT_PREFIXES_11):
        return NumberKind.IOT, None
    else:
        kind = NumberKind.MOBILE
    num = phonenumbers.parse(prefix5 + "000000", "CN")
    ntype = phonenumbers.number_type(num)  # UNKNOWN for numbers outside every assigned range
    if ntype == PhoneNumberType.UNKNOWN:
        return NumberKind.IRREGULAR, "unassigned mobile range"
    if ntype not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return NumberKind.IRREGULAR, "not a mobile range"
    return kind, None


#: 11-digit national numbers that ``phonenumbers.parse(n, "CN")`` reads as just that: no IDD
#: (``00``, ``1[12]xx00``, ``179xx00``) or national/carrier prefix (``0``, ``1[12]xx``, ``179xx``)
#: can start them. Property-tested: the parser returns ``PhoneNumber(86, int(n))`` for these.
_PLAIN_MOBILE_BLOCK = re.compile(r"1[3-9][0-9]{5}")


def _cn_national_number(national: str) -> phonenumbers.PhoneNumber:
    if _PLAIN_MOBILE_BLOCK.fullmatch(national[:7]) and not national.startswith("179") and len(national) == 11:
        return phonenumbers.PhoneNumber(country_code=86, national_number=int(national))
    return phonenumbers.parse(national, "CN")


_BLOCK = re.compile(r"1[0-9]{6}")


@lru_cache(maxsize=1 << 20)
def _mobile_city(prefix7: str) -> str | None:
    """Home city of a mobile H-code block (7-digit prefix): from the table built from the geocoder
    (``mobile_cities``) when it matches the installed ``phonenumbers``, else from the geocoder."""
    table = mobile_cities()
    if table is not None and _BLOCK.fullmatch(prefix7):
        return table.city(prefix7)
    return geocoded_mobile_city(prefix7)


def geocoded_mobile_city(prefix7: str) -> str | None:
    """The geocoder's home city of a mobile block (what the table stores). The geocoder is imported
    here, not with the module: its geodata (every country's prefixes) takes 0.25–0.4 s to load."""
    from phonenumbers import geocoder

    num = _cn_national_number(prefix7 + "0000")
    return city_of(geocoder.description_for_valid_number(num, "zh"))


def _cn_national(national: str, raw: str, cleaned: str, *, prefixed: bool) -> NumberInfo:
    """Classify a Chinese number without its country code or trunk 0.

    ``prefixed`` says whether it came with ``+86``/``0086``/trunk ``0``: only then can it be a fixed
    line (Beijing's ``010 62345678`` and an SMS port ``1062345678`` differ only by that prefix); a bare
    short code is read as a service number first.
    """
    if not national:
        return _irregular(raw, cleaned, "empty after country code")
    if national.startswith(IOT_PREFIXES_13) and len(national) == 13:
        return NumberInfo(raw, "+86" + national, NumberKind.IOT, "CN")
    if not prefixed:
        short = _short_code(national, raw)
        if short is not None:
            return short
    if national.startswith("1") and len(national) == 11:
        kind, reason = _cn_mobile_by_prefix(national[:5])
        if kind is NumberKind.IRREGULAR:
            return _irregular(raw, "+86" + national, reason or "irregular", "CN")
        return NumberInfo(raw, "+86" + national, kind, "CN")
    if national.startswith(("400", "800")) and len(national) == 10:
        return NumberInfo(raw, "+86" + national, NumberKind.TOLL_FREE, "CN")
    if prefixed:
        fixed = _cn_fixed(national, raw)
        if fixed is not None:
            return fixed
        short = _short_code(national, raw)
        if short is not None:
            return short
        if national.startswith("1") and not national.startswith("10"):
            return _irregular(raw, cleaned, f"mobile number with {len(national)} digits", "CN")
        return _irregular(raw, cleaned, "invalid fixed-line number or area code", "CN")
    if len(national) <= 6:
        return _irregular(raw, cleaned, "unknown short code", "CN")
    if national.startswith("1"):
        return _irregular(raw, cleaned, f"mobile number with {len(national)} digits", "CN")
    return _irregular(raw, cleaned, "fixed-line number without trunk prefix 0", "CN")


def _cn_fixed(national: str, raw: str) -> NumberInfo | None:
    city = _cn_fixed_block(national[:5], len(national))
    if city is None:
        return None
    return NumberInfo(raw, "+86" + national, NumberKind.FIXED, "CN", city or None)


@lru_cache(maxsize=65536)
def _cn_fixed_block(head: str, length: int) -> str | None:
    """Home city of fixed lines starting with ``head`` of this length ("" when the plan knows none);
    None when the block is not a valid fixed-line range. Validity and area depend on the area code,
    the first subscriber digits and the length only, so one lookup serves the whole block: from the
    table built from the geocoder (``fixed_cities``) when it matches the installed ``phonenumbers``,
    else from the geocoder."""
    table = fixed_cities()
    if table is not None and table.covers(head, length):
        return table.block(head, length)
    return geocoded_fixed_block(head, length)


def geocoded_fixed_block(head: str, length: int) -> str | None:
    """``_cn_fixed_block`` asked of the numbering plan and the geocoder (what the table stores)."""
    num = phonenumbers.parse("0" + head + "2" * (length - len(head)), "CN")
    if not phonenumbers.is_valid_number(num):
        return None
    if phonenumbers.number_type(num) not in (
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    from phonenumbers import geocoder  # its geodata loads only where a fixed line is named

    return city_of(geocoder.description_for_number(num, "zh")) or ""


def _international(e164_digits: str, raw: str, cleaned: str) -> NumberInfo:
    try:
        num = phonenumbers.parse("+" + e164_digits, None)
    except phonenumbers.NumberParseException as exc:
        return _irregular(raw, cleaned, f"unparsable international number ({exc.error_type})")
    region = phonenumbers.region_code_for_number(num)
    if num.country_code == 86:
        return _cn_national(str(num.national_number), raw, cleaned, prefixed=True)
    normalized = "+" + e164_digits
    if not phonenumbers.is_valid_number(num):
        return _irregular(raw, normalized, "invalid under the country's numbering plan", region)
    return NumberInfo(raw, normalized, NumberKind.INTERNATIONAL, region)


@lru_cache(maxsize=1 << 20)
def classify(raw: str) -> NumberInfo:
    """Canonicalise and classify one presented number. Never raises: bad input is IRREGULAR."""
    try:
        return _classify(raw)
    except phonenumbers.NumberParseException as exc:
        # The plan library refuses some shapes deep inside (an IDD with too few digits after it):
        # whatever it refuses is not a number anyone can be called back on.
        return _irregular(raw, _clean(raw), f"unparsable number ({exc.error_type})")


def _classify(raw: str) -> NumberInfo:
    cleaned = _clean(raw)
    if not cleaned:
        return _irregular(raw, cleaned, "empty")
    plus = cleaned.startswith("+")
    digits = cleaned[1:] if plus else cleaned
    if not digits.isdigit() or not digits.isascii():
        return _irregular(raw, cleaned, "non-digit characters")
    if len(digits) > 20:
        return _irregular(raw, cleaned, "too long")
    if plus or digits.startswith("00"):
        e164 = digits if plus else digits[2:]
        if len(e164) == 13 and e164.startswith("861"):
            # +86 / 0086 mobiles, the bulk of traffic, skip the general parser: same result, far faster.
            return _cn_national(e164[2:], raw, cleaned, prefixed=True)
        return _international(e164, raw, cleaned)
    if digits.startswith("86") and len(digits) == 13 and digits[2] == "1":
        return _cn_national(digits[2:], raw, cleaned, prefixed=True)
    if digits.startswith("0"):
        return _cn_national(digits[1:], raw, cleaned, prefixed=True)
    return _cn_national(digits, raw, cleaned, prefixed=False)


def normalize(raw: str) -> str:
    """The canonical form of a presented number (see module docstring)."""
    return classify(raw).normalized


# -- the bulk of traffic, for vectorised callers ---------------------------------------------------
#: A canonical Chinese mobile (E.164): ``normalize`` returns it unchanged, its kind is
#: ``cn_mobile_kind(n[3:8])`` and its home region ``cn_mobile_home(n[3:10])`` (property-tested), so
#: columns of millions of numbers need one lookup per prefix, not one ``classify`` per number.
CN_MOBILE_E164 = r"^\+861[0-9]{10}$"
#: A bare 11-digit Chinese mobile (not a ``106`` SMS port): ``normalize`` prefixes it with ``+86``.
CN_MOBILE_BARE = r"^1[0-9]{10}$"


def cn_mobile_kind(prefix5: str) -> NumberKind:
    """The kind of every canonical mobile ``+86`` + 11 digits whose national number starts with
    ``prefix5`` (mobile, virtual, IoT or irregular)."""
    return _cn_mobile_by_prefix(prefix5)[0]


def cn_mobile_home(prefix7: str) -> str | None:
    """The home region of every canonical mobile or virtual-operator number under an H-code block."""
    return _mobile_city(prefix7)
