"""The mobile-city table answers exactly what the geocoder answers, and detection need not load the
geocoder's geodata for mobiles."""

from __future__ import annotations

import random
import subprocess
import sys

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain import numbers
from ringfence.domain.mobile_cities import BLOCKS, FIRST_BLOCK, MobileCities, mobile_cities
from ringfence.domain.numbers import classify, cn_mobile_home, geocoded_mobile_city
from tests.domain.tables import shipped


def _shipped() -> MobileCities:
    return shipped(mobile_cities(), "mobile-city")


def test_the_shipped_table_matches_the_installed_phonenumbers() -> None:
    table = _shipped()
    assert table.version == phonenumbers.__version__
    assert table.names[0] == ""
    assert len(set(table.names)) == len(table.names)


@given(st.integers(FIRST_BLOCK, FIRST_BLOCK + BLOCKS - 1))
def test_every_block_has_the_geocoders_city(block: int) -> None:
    table = _shipped()
    assert table.city(str(block)) == geocoded_mobile_city(str(block))


def test_a_random_sample_of_blocks_and_the_known_cities() -> None:
    table = _shipped()
    rng = random.Random()
    for block in rng.sample(range(FIRST_BLOCK, FIRST_BLOCK + BLOCKS), 3000):
        assert table.city(str(block)) == geocoded_mobile_city(str(block)), block
    assert table.city("1380000") == "北京"
    assert sum(1 for n in table.names if n) > 300  # cities of every province


def test_without_the_table_the_geocoder_answers_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    sample = ["+8613800000000", "+8615928123456", "+8617012345678", "+8619912345678"]
    with_table = [classify(n).home_region for n in sample] + [cn_mobile_home("1592812")]
    monkeypatch.setattr(numbers, "mobile_cities", lambda: None)
    numbers._mobile_city.cache_clear()
    try:
        without = [classify(n).home_region for n in sample] + [cn_mobile_home("1592812")]
    finally:
        numbers._mobile_city.cache_clear()
    assert with_table == without
    assert with_table[0] == "北京"


def test_mobile_homes_do_not_load_the_geodata() -> None:
    _shipped()
    code = (
        "import sys; from ringfence.domain.numbers import classify; "
        "assert classify('+8613800000000').home_region == '北京'; "
        "print('phonenumbers.geodata' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
