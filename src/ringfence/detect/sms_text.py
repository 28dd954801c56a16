"""What a sent SMS says, as evidence in detection: does its text read as fraud?

Volume rules (R-SMS-BLAST, R-SMS-SPREAD) need 20 messages in an hour or 40 in a day, and a ring that
sends scam texts at a few an hour stays under both for most of a day. The content convicts earlier: a
new card sending three scam texts is a fraud card whatever its rate. Each message is screened once,
when records are read (identical texts once per process, ``_Seen``), by the shipped SMS screener
(model, pattern library, links); the flag becomes the per-event measure ``sms_fraud``. Only the
``fraud`` class counts (``is_fraud``): marketing and illegal adverts (gambling, invoices, escort) are
spam, not the sender defrauding the receiver, and never make R-SMS-FRAUD-TEXT.

Messages with ``origin = unknown`` (no SMS-centre record: fake base stations) are never counted: their
sender is whatever the radio put there, often a bank's or an operator's number, and convicting that
number would be wrong. They are reported as fake-base-station areas instead.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from ringfence.text.screen import SmsScreener

__all__ = ["FRAUD_TEXT", "fraud_text", "screen_ahead"]

FRAUD_TEXT = "fraud_text"

#: Texts whose verdict is remembered (a few tens of megabytes): past it, the oldest quarter goes.
SEEN_TEXTS = 200_000


class _Seen:
    """The verdicts of texts already screened in this process (the screener is the shipped one, the
    same for every call), so a text is screened once, not once per batch. Mass-sent texts (a
    campaign, a scam template, a bank's notice) repeat across the files a mediation system delivers:
    12 files of a simulated day held 28k distinct texts file by file, 4.9k in all, and ``watch``
    screened each file's on the main thread (1.6 s of its 4 s). Bounded; one lock, as ``detect``
    screens in a helper thread."""

    def __init__(self, size: int = SEEN_TEXTS) -> None:
        self.size = size
        self._fraud: dict[str, bool] = {}
        self._lock = threading.Lock()

    def verdicts(self, texts: Sequence[str]) -> list[bool]:
        """``is_fraud`` of each text, screening only those not seen before."""
        with self._lock:
            got = {t: self._fraud[t] for t in texts if t in self._fraud}
        new = list(dict.fromkeys(t for t in texts if t not in got))
        if new:
            fresh = dict(zip(new, (bool(v.is_fraud) for v in _screener().screen(new)), strict=True))
            got.update(fresh)
            with self._lock:
                self._fraud.update(fresh)
                excess = len(self._fraud) - self.size
                if excess > 0:  # the oldest first (a dict keeps insertion order)
                    for old in list(islice(self._fraud, excess + self.size // 4)):
                        del self._fraud[old]
        return [got[t] for t in texts]


_SEEN = _Seen()


@cache
def _screener() -> SmsScreener:
    from ringfence.text.screen import SmsScreener

    return SmsScreener()


def _screened(text: pl.Series, origin: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Where a message's text counts (not from a fake base station: ``origin`` ``unknown``), and
    the distinct texts that do (non-empty)."""
    trusted = origin.fill_null("") != "unknown"
    return trusted, text.filter(trusted & text.is_not_null() & (text.str.len_chars() > 0)).unique()


def screen_ahead(messages: pl.DataFrame) -> None:
    """Screen the texts of ``messages`` now, so that ``fraud_text`` of the same texts later only
    looks them up: ``watch`` calls it in the thread that reads the next file while the engine
    applies the one before (as ``detect`` screens in its reader), where it was 0.4–0.5 s of the
    engine's thread at a hundred thousand records."""
    if messages.height and "text" in messages.columns and "origin" in messages.columns:
        _, candidates = _screened(messages["text"], messages["origin"])
        if candidates.len():
            _SEEN.verdicts(candidates.to_list())


def fraud_text(text: pl.Series, origin: pl.Series) -> pl.Series:
    """``fraud_text`` (Boolean, never null) for each message: its text is screened as fraud."""
    trusted, candidates = _screened(text, origin)
    if candidates.len() == 0:
        return pl.Series(FRAUD_TEXT, [False] * text.len(), pl.Boolean)
    distinct = candidates.to_list()
    frauds = [t for t, fraud in zip(distinct, _SEEN.verdicts(distinct), strict=True) if fraud]
    flags = text.is_in(pl.Series(frauds, dtype=pl.String).implode()).fill_null(False) & trusted
    return flags.alias(FRAUD_TEXT)
