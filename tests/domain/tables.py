"""What the tests of the shipped city tables share."""

from __future__ import annotations

from typing import TypeVar

import phonenumbers
import pytest

T = TypeVar("T")


def shipped(table: T | None, what: str) -> T:
    """``table``, or a skip where another ``phonenumbers`` is installed than the one it was built from:
    there the geocoder answers (correct, slower) until ``scripts/build_mobile_cities.py`` is re-run;
    the fallback has its own test."""
    if table is None:
        pytest.skip(f"the {what} table is not for phonenumbers {phonenumbers.__version__}: rebuild it")
    return table
