"""The home city of every Chinese mobile H-code block, as a table built from ``phonenumbers``.

Every detection run names the home city of its callers (off-site roaming, the model's home
features). Asking ``phonenumbers.geocoder`` means importing its geodata — a Python dict of every
prefix of every country, 0.25–0.4 s of import before the first answer, a tenth of a 1M-call run — and
~5 µs per block after that. The answers for Chinese mobiles depend on the 7-digit block alone
(``1300000`` … ``1999999``), so ``scripts/build_mobile_cities.py`` asks the geocoder once for each of
the million blocks and stores the answers (``cn_mobile_cities.npz``: one small integer per block and
the city names, 116 KB compressed) with the ``phonenumbers`` version they came from.

The table is used only when that version is the one installed: otherwise (a newer ``phonenumbers``
with new blocks) every answer comes from the geocoder as before, so the table can make a run faster
but never change an answer. Tests hold it to the geocoder (any block, and a random sample of
blocks); with another ``phonenumbers`` installed they skip, asking for a rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt
import phonenumbers

__all__ = ["FIRST_BLOCK", "TABLE_FILE", "MobileCities", "mobile_cities"]

TABLE_FILE = "cn_mobile_cities.npz"
#: Blocks are the 7-digit prefixes ``FIRST_BLOCK`` … ``FIRST_BLOCK + BLOCKS - 1`` (every mobile
#: number starts with 1).
FIRST_BLOCK = 1_000_000
BLOCKS = 1_000_000


@dataclass(frozen=True)
class MobileCities:
    """``names[ids[block - FIRST_BLOCK]]`` is the block's city; id 0 (name "") is no city."""

    ids: npt.NDArray[np.uint16]
    names: tuple[str, ...]
    version: str

    def city(self, prefix7: str) -> str | None:
        """The city of a 7-digit block written as ASCII digits starting with 1."""
        return self.names[int(self.ids[int(prefix7) - FIRST_BLOCK])] or None


def load_table(
    file: str, shape: tuple[int, ...]
) -> tuple[npt.NDArray[np.uint16], tuple[str, ...], str] | None:
    """A shipped city table of this package (``ids`` of ``shape``, the names, the ``phonenumbers``
    version it came from), or None when it was built from another ``phonenumbers`` than the one
    installed, has another shape, or is missing."""
    try:
        with resources.files("ringfence.domain").joinpath(file).open("rb") as fh:
            data = np.load(fh, allow_pickle=False)
            ids, names, version = data["ids"], data["names"], str(data["version"])
    except (OSError, KeyError, ValueError):
        return None
    if version != phonenumbers.__version__ or ids.shape != shape:
        return None
    return ids.astype(np.uint16, copy=False), tuple(str(n) for n in names), version


@lru_cache(maxsize=1)
def mobile_cities() -> MobileCities | None:
    """The shipped table, or None when it was built from another ``phonenumbers`` than the one
    installed (or is missing): then the geocoder answers."""
    table = load_table(TABLE_FILE, (BLOCKS,))
    return None if table is None else MobileCities(*table)
