"""The worlds written by helpers who read nothing of the project but the data contract, each generated
into a directory of its own files: ``callworld`` (``callworld.py``, the first day of term) and
``festival`` (``festival.py``, a county before Spring Festival) from stop 41; ``typhoon``
(``typhoon.py``, a coastal city through a typhoon's landfall) and ``workweek`` (``workweek.py``, a
working week in an industrial district) from stop 42; ``county`` (``county.py``, a county in Jiangxi
whose rings work with cards bought from local people, relays and call forwarding) and ``goldenweek``
(``goldenweek.py``, a tourist city over the National Day holiday) from stop 43; ``logistics``
(``logistics.py``, two working weeks in a business and logistics district, with enterprise lines and
rings on industry cards) from stop 44; ``phonemarket`` (``phonemarket.py``, two weeks around a
mobile-phone market and the operator's business halls, whose shops test-call the cards they sell)
from stop 45; ``eldercity`` (``eldercity.py``, an ageing county-level city as its operator's
mediation system exports it: placeholder, 14-digit and 16-digit IMEIs, cloned IMEIs on cheap phones,
the served handset's IMEI on incoming records, twin moc/mtc records) from stop 46; ``nightcity``
(``nightcity.py``, ten days of a big city's night and platform economy: privacy numbers, a survey call
centre, hospital and school lines, night workers, dual-SIM work cards, shared phones) from stop 47;
``harbour`` (``harbour.py``, twelve days of a harbour city: a call-centre park, the port, a university
district, number changers, rented student cards, VoIP calls presenting +86 numbers, a relay desk) from
stop 50; ``border`` (``border.py``, thirteen days of a Yunnan border prefecture over the water-splashing
festival: cross-border traders and foreign business houses, +86 phones drifting onto Myanmar and Lao
networks, anti-fraud callers, rings across the border, relay phones and SIM farms at border cells) from
stop 51. All but ``callworld``
run only as commands. They
are kept as their authors wrote them (formatted); this is the one way the tests and the hidden-check
module make them. The last eight write numbers in national form (``13812345678``) in ``truth.csv``:
``truth`` reads any of them with canonical numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl

from ringfence.ingest.fields import canonical_numbers
from tests.detect import callworld

NAMES = (
    "callworld",
    "festival",
    "typhoon",
    "workweek",
    "county",
    "goldenweek",
    "logistics",
    "phonemarket",
    "eldercity",
    "nightcity",
    "harbour",
    "border",
)
_COMMANDS = NAMES[1:]  # every world but callworld runs as a command


def write(name: str, seed: int, out: Path) -> tuple[Path, Path]:
    """World ``name`` for ``seed`` written into ``out`` (``calls.csv``, ``subscribers.csv``,
    ``truth.csv``); returns the calls and subscribers files."""
    if name == "callworld":
        world = callworld.World(seed, 11000)  # the generator's default social world
        world.run()
        world.write(str(out))
    elif name in _COMMANDS:
        script = Path(__file__).parent / f"{name}.py"
        command = [sys.executable, str(script), "--seed", str(seed), "--out", str(out)]
        subprocess.run(command, check=True, capture_output=True)
    else:
        raise ValueError(f"no blind world {name!r} (one of {', '.join(NAMES)})")
    return out / "calls.csv", out / "subscribers.csv"


def truth(out: Path) -> pl.DataFrame:
    """``truth.csv`` of a world written by ``write``: ``number`` (canonical), ``population`` and
    ``is_fraud`` (bool)."""
    frame = pl.read_csv(out / "truth.csv", infer_schema=False)
    return frame.with_columns(
        canonical_numbers(frame["number"]).alias("number"), pl.col("is_fraud") == "1"
    ).unique("number", keep="first", maintain_order=True)
