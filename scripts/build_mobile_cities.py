"""Build ``src/ringfence/domain/cn_mobile_cities.npz``: the geocoder's home city of every Chinese
mobile block, for the installed ``phonenumbers`` (see ``ringfence.domain.mobile_cities``); and
``cn_fixed_cities.npz``: the same of every fixed-line head and length (``ringfence.domain.fixed_cities``,
630,000 questions, ~20 s).

``python scripts/build_mobile_cities.py`` asks ``geocoded_mobile_city`` for each 7-digit block
1000000–1999999 (~10 s) and writes the answers as one ``uint16`` city id per block, the city names
(id 0 = none) and the ``phonenumbers`` version. Re-run it after upgrading ``phonenumbers`` (until then
the geocoder answers, so results never depend on a stale table, and the table's tests skip).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import phonenumbers

from ringfence.domain import fixed_cities
from ringfence.domain.mobile_cities import BLOCKS, FIRST_BLOCK, TABLE_FILE
from ringfence.domain.numbers import geocoded_fixed_block, geocoded_mobile_city

DOMAIN = Path(__file__).resolve().parents[1] / "src" / "ringfence" / "domain"
OUT = DOMAIN / TABLE_FILE
FIXED_OUT = DOMAIN / fixed_cities.TABLE_FILE


def _npz(ids: np.ndarray, names: dict[str, int]) -> bytes:
    if len(names) >= np.iinfo(np.uint16).max:
        raise SystemExit("more cities than a uint16 can number")
    buf = io.BytesIO()
    np.savez_compressed(
        buf, ids=ids, names=np.array(list(names), dtype=np.str_), version=np.array(phonenumbers.__version__)
    )
    return buf.getvalue()


def build() -> bytes:
    """The table file's bytes (deterministic: the same ``phonenumbers`` gives the same bytes)."""
    names: dict[str, int] = {"": 0}
    ids = np.zeros(BLOCKS, dtype=np.uint16)
    for i in range(BLOCKS):
        city = geocoded_mobile_city(str(FIRST_BLOCK + i)) or ""
        ids[i] = names.setdefault(city, len(names))
    return _npz(ids, names)


def build_fixed() -> bytes:
    """The fixed-line table's bytes (deterministic, as ``build``'s)."""
    names: dict[str, int] = {"": 0}
    lengths = fixed_cities.LENGTHS
    ids = np.zeros((fixed_cities.HEADS, len(lengths)), dtype=np.uint16)
    for i in range(fixed_cities.HEADS):
        head = str(fixed_cities.FIRST_HEAD + i)
        for j, length in enumerate(lengths):
            city = geocoded_fixed_block(head, length)
            ids[i, j] = fixed_cities.NOT_FIXED if city is None else names.setdefault(city, len(names))
    return _npz(ids, names)


def main() -> None:
    for out, make in ((OUT, build), (FIXED_OUT, build_fixed)):
        data = make()
        out.write_bytes(data)
        print(f"{out}: {len(data):,} bytes, phonenumbers {phonenumbers.__version__}")


if __name__ == "__main__":
    main()
