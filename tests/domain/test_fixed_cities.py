"""The fixed-line table answers exactly what the numbering plan and the geocoder answer, and naming a
fixed line's city need not load the geocoder's geodata."""

from __future__ import annotations

import random
import subprocess
import sys

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain import numbers
from ringfence.domain.fixed_cities import FIRST_HEAD, HEADS, LENGTHS, FixedCities, fixed_cities
from ringfence.domain.numbers import classify, geocoded_fixed_block
from tests.domain.tables import shipped


def _shipped() -> FixedCities:
    return shipped(fixed_cities(), "fixed-line")


def test_the_shipped_table_matches_the_installed_phonenumbers() -> None:
    table = _shipped()
    assert table.version == phonenumbers.__version__
    assert table.names[0] == ""
    assert len(set(table.names)) == len(table.names)


@given(st.integers(FIRST_HEAD, FIRST_HEAD + HEADS - 1), st.sampled_from(list(LENGTHS)))
def test_every_head_and_length_has_the_geocoders_answer(head: int, length: int) -> None:
    table = _shipped()
    assert table.covers(str(head), length)
    assert table.block(str(head), length) == geocoded_fixed_block(str(head), length)


def test_a_random_sample_and_the_known_cities() -> None:
    table = _shipped()
    rng = random.Random()
    for head in rng.sample(range(FIRST_HEAD, FIRST_HEAD + HEADS), 1500):
        for length in LENGTHS:
            assert table.block(str(head), length) == geocoded_fixed_block(str(head), length), (head, length)
    assert table.block("28845", 10) == "成都"
    assert table.block("10623", 10) == "北京"
    assert table.block("75512", 11) == "深圳"
    assert table.block("28845", 12) is None  # too long for a fixed line
    valid = sum(
        table.block(str(h), n) is not None for h in range(FIRST_HEAD, FIRST_HEAD + HEADS, 7) for n in LENGTHS
    )
    assert valid > 4000  # every province's area codes (1 head in 7 sampled)


def test_what_the_table_does_not_cover_is_asked_of_the_geocoder() -> None:
    assert not FixedCities.covers("2884", 10)  # fewer than five digits
    assert not FixedCities.covers("28845", 13)
    assert not FixedCities.covers("02884", 10)
    assert not FixedCities.covers("2８845", 10)  # a full-width digit
    assert FixedCities.covers("28845", 10)


def test_without_the_table_the_geocoder_answers_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    sample = ["+862884567890", "02884567890", "+8675512345678", "01062345678", "+8657112345678", "+86288456"]
    with_table = [classify(n) for n in sample]
    monkeypatch.setattr(numbers, "fixed_cities", lambda: None)
    numbers._cn_fixed_block.cache_clear()
    numbers.classify.cache_clear()
    try:
        without = [classify(n) for n in sample]
    finally:
        numbers._cn_fixed_block.cache_clear()
        numbers.classify.cache_clear()
    assert with_table == without
    assert [i.home_region for i in with_table[:5]] == ["成都", "成都", "深圳", "北京", "杭州"]


def test_fixed_line_homes_do_not_load_the_geodata() -> None:
    _shipped()
    code = (
        "import sys; from ringfence.domain.numbers import classify; "
        "assert classify('02884567890').home_region == '成都'; "
        "assert classify('+8675512345678').home_region == '深圳'; "
        "print('phonenumbers.geodata' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
