"""Numbering-plan facts the classifier must get right (CN plan per MIIT allocations)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.numbers import (
    CN_MOBILE_BARE,
    CN_MOBILE_E164,
    NumberKind,
    city_of,
    classify,
    cn_mobile_home,
    cn_mobile_kind,
    normalize,
    region_city,
    same_city,
)


@pytest.mark.parametrize(
    "raw",
    ["13812345678", "+8613812345678", "008613812345678", "8613812345678", "+86 138-1234-5678"],
)
def test_every_presentation_of_a_mobile_reduces_to_one_e164(raw: str) -> None:
    info = classify(raw)
    assert info.normalized == "+8613812345678"
    assert info.kind is NumberKind.MOBILE
    assert info.country == "CN"


def test_mobile_home_region_comes_from_the_h_code() -> None:
    # 138-1234 is a China Mobile block in Lianyungang, Jiangsu.
    assert classify("13812345678").home_region == "连云港"


@pytest.mark.parametrize(
    ("raw", "e164", "city"),
    [
        ("01062345678", "+861062345678", "北京"),
        ("02887654321", "+862887654321", "成都"),
        ("075512345678", "+8675512345678", "深圳"),
        ("+862887654321", "+862887654321", "成都"),
    ],
)
def test_fixed_lines_keep_their_area(raw: str, e164: str, city: str) -> None:
    info = classify(raw)
    assert (info.kind, info.normalized, info.home_region) == (NumberKind.FIXED, e164, city)


@pytest.mark.parametrize(
    ("raw", "service"),
    [
        ("110", "emergency: police"),
        ("+86110", "emergency: police"),
        ("12345", "government: government hotline"),
        ("12381", "government: MIIT fraud warning"),
        ("95588", "bank: ICBC"),
        ("+8695588", "bank: ICBC"),
        ("95555", "bank: China Merchants Bank"),
        ("10086", "operator: China Mobile"),
        ("10010", "operator: China Unicom"),
        ("10000", "operator: China Telecom"),
    ],
)
def test_official_short_codes(raw: str, service: str) -> None:
    info = classify(raw)
    assert info.kind is NumberKind.SERVICE
    assert info.service == service
    assert info.official


def test_sms_port_and_beijing_fixed_line_are_told_apart_by_the_trunk_prefix() -> None:
    assert classify("10690000123").kind is NumberKind.SMS_PORT
    assert classify("01062345678").kind is NumberKind.FIXED


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("4008123123", NumberKind.TOLL_FREE),
        ("8008301880", NumberKind.TOLL_FREE),
        ("17012340001", NumberKind.VIRTUAL),
        ("17112340001", NumberKind.VIRTUAL),
        ("16512340002", NumberKind.VIRTUAL),
        ("16712340002", NumberKind.VIRTUAL),
        ("14612345678", NumberKind.IOT),
        ("1064812345678", NumberKind.IOT),
        ("1440775920016", NumberKind.IOT),  # the M2M plan's 13 digits (China Mobile's 1440)
        ("+861410123456789", NumberKind.IOT),  # China Telecom's 1410
        ("00861461234567890", NumberKind.IOT),  # China Unicom's 146
        ("+85291234567", NumberKind.INTERNATIONAL),
        ("+447911123456", NumberKind.INTERNATIONAL),
        ("0014155552671", NumberKind.INTERNATIONAL),
    ],
)
def test_ranges(raw: str, kind: NumberKind) -> None:
    assert classify(raw).kind is kind


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        ("12012345678", "unassigned"),  # no 120 mobile range
        ("+861381234567", "10 digits"),  # mobile one digit short
        ("1234", "short code"),
        ("abc", "non-digit"),
        ("", "empty"),
        ("+85290000000", "invalid"),  # unallocated Hong Kong block
        ("008821234567", "invalid"),
        ("62345678", "trunk prefix"),  # local number without area code
        ("1" * 25, "too long"),
    ],
)
def test_irregular_numbers_carry_a_reason(raw: str, reason_part: str) -> None:
    info = classify(raw)
    assert info.kind is NumberKind.IRREGULAR
    assert info.reason is not None
    assert reason_part in info.reason


def test_city_reduction() -> None:
    assert city_of("四川省成都市、资阳市、眉山市") == "成都"
    assert city_of("北京市") == "北京"
    assert city_of("中国") is None
    assert same_city("成都", "028") is True
    assert same_city("四川省成都市", "成都") is True
    assert same_city("绵阳", "成都") is False
    assert same_city(None, "成都") is None


@given(st.text(max_size=30))
def test_classify_never_raises_and_is_idempotent_on_dialable_numbers(raw: str) -> None:
    info = classify(raw)
    assert info.raw == raw
    if info.kind is not NumberKind.IRREGULAR:
        again = classify(info.normalized)
        assert again.normalized == info.normalized
        assert again.kind is info.kind


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_all_presentations_agree(national: str) -> None:
    forms = [national, "+86" + national, "0086" + national, "86" + national]
    assert len({normalize(f) for f in forms}) == 1


@given(
    st.sampled_from(["13", "15", "17", "18", "19", "14", "16", "10", "12"]),
    st.text("0123456789", min_size=9, max_size=9),
)
def test_e164_and_0086_mobiles_take_the_fast_path_to_the_same_answer(head: str, tail: str) -> None:
    national = head + tail
    bare = classify("86" + national)
    for raw in ("+86" + national, "0086" + national):
        info = classify(raw)
        assert (info.normalized, info.kind, info.home_region, info.reason) == (
            bare.normalized,
            bare.kind,
            bare.home_region,
            bare.reason,
        )


@given(
    st.sampled_from(["3", "5", "7", "8", "9", "4", "6", "0", "2", "1"]),
    st.text("0123456789", min_size=9, max_size=9),
)
def test_canonical_mobiles_follow_from_their_prefixes(head: str, tail: str) -> None:
    number = "+861" + head + tail
    assert re.fullmatch(CN_MOBILE_E164, number)
    info = classify(number)
    assert info.normalized == number
    assert info.kind is cn_mobile_kind(number[3:8])
    mobile = info.kind in (NumberKind.MOBILE, NumberKind.VIRTUAL)
    assert info.home_region == (cn_mobile_home(number[3:10]) if mobile else None)
    bare = number[3:]
    assert re.fullmatch(CN_MOBILE_BARE, bare)
    if not bare.startswith("106"):
        assert normalize(bare) == number


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_plain_mobile_numbers_parse_to_themselves(national: str) -> None:
    # The home-region lookup skips the parser for these (see numbers._cn_national_number).
    import phonenumbers

    from ringfence.domain.numbers import _cn_national_number

    assert _cn_national_number(national) == phonenumbers.parse(national, "CN")


@pytest.mark.parametrize(
    "a", [None, "", "成都", "成都市", "四川省成都市", "028", "绵阳", "0816", "x", "中国"]
)
@pytest.mark.parametrize("b", [None, "成都", "028", "绵阳市", "010", "99999"])
def test_same_city_compares_region_cities(a: str | None, b: str | None) -> None:
    ca, cb = region_city(a), region_city(b)
    assert same_city(a, b) == (None if ca is None or cb is None else ca == cb)


@pytest.mark.parametrize("raw", ["0086000", "+8600", "0086", "00", "+", "00860", "0086 0 0"])
def test_degenerate_international_prefixes_are_irregular_not_errors(raw: str) -> None:
    assert classify(raw).kind is NumberKind.IRREGULAR


@given(st.from_regex(r"(\+|00)?86?0{0,3}[0-9]{0,4}", fullmatch=True))
def test_short_prefixed_strings_never_raise(raw: str) -> None:
    assert classify(raw).raw == raw


# -- numbers written with other digits or with invisible characters ------------------------------
_FULL_WIDTH = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789+-()"}
_DIGIT_SETS = [0x0660, 0x06F0, 0x0966, 0x09E6, 0xFF10, 0x1D7CE]  # Arabic-Indic, Persian, Devanagari, ...
_INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202c",
    "\u2066",
]

presented = st.one_of(
    st.from_regex(r"\A1[3-9][0-9]{9}\Z"),
    st.from_regex(r"\A\+861[3-9][0-9]{9}\Z"),
    st.from_regex(r"\A00861[3-9][0-9]{9}\Z"),
    st.from_regex(r"\A0(10|21|28|755)[2-8][0-9]{7}\Z"),
    st.from_regex(r"\A\+(852|44|1)[2-9][0-9]{7,9}\Z"),
    st.sampled_from(["95588", "110", "12345", "10690000123", "+86 138-1234-5678"]),
)


def _in_digits(raw: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in raw)


@given(raw=presented, zero=st.sampled_from(_DIGIT_SETS), data=st.data())
def test_other_digits_and_invisible_characters_normalise_like_ascii(
    raw: str, zero: int, data: st.DataObject
) -> None:
    expected = normalize(raw)
    assert normalize(raw.translate(_FULL_WIDTH)) == expected
    assert normalize(_in_digits(raw, zero)) == expected
    sprinkled = "".join(c + data.draw(st.sampled_from(["", "", *_INVISIBLE]), label="after") for c in raw)
    assert normalize(data.draw(st.sampled_from(_INVISIBLE)) + sprinkled) == expected
    assert classify(_in_digits(sprinkled, zero)).kind is classify(raw).kind


def test_a_full_width_list_entry_matches_an_ascii_lookup() -> None:
    assert normalize("１３８１２３４５６７８") == normalize("13812345678") == "+8613812345678"
    assert normalize("＋８６ １３８－１２３４－５６７８") == "+8613812345678"
    assert normalize("\u202a+86 138\u200b1234\u20605678\u202c") == "+8613812345678"
    assert normalize("\u200b\ufeff") == ""  # nothing but invisible characters: empty, not a number
