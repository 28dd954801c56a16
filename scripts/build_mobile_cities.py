"""Build ``src/ringfence/domain/cn_mobile_cities.npz``: the geocoder's home city of every Chinese
mobile block, for the installed ``phonenumbers`` (see ``ringfence.domain.mobile_cities``).

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

from ringfence.domain.mobile_cities import BLOCKS, FIRST_BLOCK, TABLE_FILE
from ringfence.domain.numbers import geocoded_mobile_city

OUT = Path(__file__).resolve().parents[1] / "src" / "ringfence" / "domain" / TABLE_FILE


def build() -> bytes:
    """The table file's bytes (deterministic: the same ``phonenumbers`` gives the same bytes)."""
    names: dict[str, int] = {"": 0}
    ids = np.zeros(BLOCKS, dtype=np.uint16)
    for i in range(BLOCKS):
        city = geocoded_mobile_city(str(FIRST_BLOCK + i)) or ""
        ids[i] = names.setdefault(city, len(names))
    if len(names) > np.iinfo(np.uint16).max:
        raise SystemExit("more cities than a uint16 can number")
    buf = io.BytesIO()
    np.savez_compressed(
        buf, ids=ids, names=np.array(list(names), dtype=np.str_), version=np.array(phonenumbers.__version__)
    )
    return buf.getvalue()


def main() -> None:
    data = build()
    OUT.write_bytes(data)
    print(f"{OUT}: {len(data):,} bytes, phonenumbers {phonenumbers.__version__}")


if __name__ == "__main__":
    main()
