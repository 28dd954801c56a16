"""The home city of every Chinese fixed-line block, as a table built from ``phonenumbers``.

``mobile_cities`` spared detection the geocoder for mobiles; a single fixed line in the records (a
business, a call centre, a bank's branch) still imported its geodata (every prefix of every country,
0.27–0.35 s, measured on a simulated week whose records hold a few fixed lines). Whether a fixed line
is valid and where it is depends on its first five national digits and its length only (what
``numbers._cn_fixed_block`` asks), so ``scripts/build_mobile_cities.py`` also asks for each of the
90,000 heads ``10000`` … ``99999`` and the lengths 6–12 (valid fixed lines are 7–11 digits long; one
more either way is stored as invalid) and stores the answers (``cn_fixed_cities.npz``: one small
integer per head and length, ``NOT_FIXED`` where the block is not a valid fixed line, and the city
names) with the ``phonenumbers`` version they came from.

As with the mobile table, it is used only when that version is the one installed, and any other
question (a head of fewer than five digits, a length outside 6–12) goes to the geocoder as before.
Tests hold it to the geocoder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ringfence.domain.mobile_cities import load_table

__all__ = ["FIRST_HEAD", "HEADS", "LENGTHS", "NOT_FIXED", "TABLE_FILE", "FixedCities", "fixed_cities"]

TABLE_FILE = "cn_fixed_cities.npz"
#: Heads are the first five national digits ``FIRST_HEAD`` … ``FIRST_HEAD + HEADS - 1`` (a national
#: number after the trunk 0 never starts with 0).
FIRST_HEAD = 10_000
HEADS = 90_000
LENGTHS = range(6, 13)
#: The id of a head and length that is not a valid fixed-line block.
NOT_FIXED = np.iinfo(np.uint16).max


@dataclass(frozen=True)
class FixedCities:
    """``names[ids[head - FIRST_HEAD, length - LENGTHS.start]]``; id 0 (name "") is a valid block of no
    named city, ``NOT_FIXED`` no valid fixed-line block."""

    ids: npt.NDArray[np.uint16]
    names: tuple[str, ...]
    version: str

    @staticmethod
    def covers(head: str, length: int) -> bool:
        return length in LENGTHS and len(head) == 5 and head.isascii() and head.isdigit() and head[0] != "0"

    def block(self, head: str, length: int) -> str | None:
        """``numbers._cn_fixed_block``'s answer for a head and length the table ``covers``."""
        i = int(self.ids[int(head) - FIRST_HEAD, length - LENGTHS.start])
        return None if i == NOT_FIXED else self.names[i]


@lru_cache(maxsize=1)
def fixed_cities() -> FixedCities | None:
    """The shipped table, or None when it was built from another ``phonenumbers`` than the one
    installed (or is missing): then the geocoder answers."""
    table = load_table(TABLE_FILE, (HEADS, len(LENGTHS)))
    return None if table is None else FixedCities(*table)
