"""What an investigation pivots on, as pure values and rules: sightings of numbers on a handset or in
a cell, counterparts, new cards, and the scripts and links SMS texts share.

Kept apart from the store and the console so the rules (what counts as a new card, a callback, the
same script) are tested on their own and every edge applies the same ones.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

__all__ = [
    "Counterpart",
    "Sighting",
    "counterparts",
    "new_cards",
    "script_key",
    "url_hosts",
    "urls_in",
]


@dataclass(frozen=True, slots=True)
class Sighting:
    """A number seen on a handset or in a cell: how many of its records, first and last time."""

    number: str
    records: int
    first: datetime
    last: datetime


@dataclass(frozen=True, slots=True)
class Counterpart:
    """Another party of a number's calls: how often it was called, called in, and called back.

    ``called_back``: the counterpart called the number after the number had called it (a victim's
    callback is the trace of wangiri and of scams that ask to be called back).
    """

    number: str
    called: int = 0
    called_by: int = 0
    called_back: bool = False

    @property
    def total(self) -> int:
        return self.called + self.called_by


def counterparts(number: str, calls: Iterable[Mapping[str, Any]], limit: int = 50) -> list[Counterpart]:
    """The parties of ``number``'s calls, most calls first (ties: by number)."""
    out_: Counter[str] = Counter()
    in_: Counter[str] = Counter()
    first_out: dict[str, datetime] = {}
    last_in: dict[str, datetime] = {}
    for c in calls:
        at: datetime = c["start_time"]
        if c["caller"] == number and c["callee"] != number:
            other = str(c["callee"])
            out_[other] += 1
            first_out[other] = min(at, first_out.get(other, at))
        elif c["callee"] == number and c["caller"] != number:
            other = str(c["caller"])
            in_[other] += 1
            last_in[other] = max(at, last_in.get(other, at))
    parties = set(out_) | set(in_)
    found = [
        Counterpart(
            n,
            out_[n],
            in_[n],
            n in first_out and n in last_in and last_in[n] > first_out[n],
        )
        for n in parties
    ]
    found.sort(key=lambda p: (-p.total, p.number))
    return found[:limit]


def new_cards(
    sightings: Iterable[Sighting], first_records: Mapping[str, datetime], now: datetime, window: timedelta
) -> list[Sighting]:
    """The sightings of numbers whose first record anywhere falls within ``window`` before ``now``:
    cards that appeared recently (SIM farms and GoIP boxes rotate fresh cards through one place).
    A number whose first record is unknown counts from its first sighting here."""
    start = now - window
    found = [s for s in sightings if start <= first_records.get(s.number, s.first) <= now]
    return sorted(found, key=lambda s: (first_records.get(s.number, s.first), s.number), reverse=True)


_URL = re.compile(r"(?i)\b(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:/[^\s\"'<>，。]*)?)")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def urls_in(text: str) -> list[str]:
    """The links an SMS text carries, without scheme, lower-cased host (``bank-verify.cn/a?b``)."""
    out: list[str] = []
    for m in _URL.finditer(text or ""):
        link = m.group(1)
        host, _, rest = link.partition("/")
        value = host.lower() + (f"/{rest}" if rest else "")
        if value not in out:
            out.append(value)
    return out


def url_hosts(text: str) -> list[str]:
    """The hosts of the links a text carries (what a scam's links share when their paths differ)."""
    return list(dict.fromkeys(u.partition("/")[0] for u in urls_in(text)))


def script_key(text: str) -> str:
    """A text's script: links, digits (amounts, codes, numbers) and spacing folded (``#``), so
    messages sent from one template with different fill-ins share a key. Empty for texts too short
    to be a script."""
    folded = _SPACE.sub(" ", _DIGITS.sub("#", _URL.sub("#", text or ""))).strip().lower()
    return folded if len(folded) >= 12 else ""
