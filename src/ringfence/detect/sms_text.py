"""What a sent SMS says, as evidence in detection: does its text read as fraud?

Volume rules (R-SMS-BLAST, R-SMS-SPREAD) need 20 messages in an hour or 40 in a day, and a ring that
sends scam texts at a few an hour stays under both for most of a day. The content convicts earlier: a
new card sending three scam texts is a fraud card whatever its rate. Each message is screened once,
when records are read (identical texts once per batch), by the shipped SMS screener (model, pattern
library, links); the flag becomes the per-event measure ``sms_fraud``. Only the ``fraud`` class counts
(``is_fraud``): marketing and illegal adverts (gambling, invoices, escort) are spam, not the sender
defrauding the receiver, and never make R-SMS-FRAUD-TEXT.

Messages with ``origin = unknown`` (no SMS-centre record: fake base stations) are never counted: their
sender is whatever the radio put there, often a bank's or an operator's number, and convicting that
number would be wrong. They are reported as fake-base-station areas instead.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from ringfence.text.screen import SmsScreener

__all__ = ["FRAUD_TEXT", "fraud_text"]

FRAUD_TEXT = "fraud_text"


@cache
def _screener() -> SmsScreener:
    from ringfence.text.screen import SmsScreener

    return SmsScreener()


def fraud_text(text: pl.Series, origin: pl.Series) -> pl.Series:
    """``fraud_text`` (Boolean, never null) for each message: its text is screened as fraud."""
    trusted = origin.fill_null("") != "unknown"
    candidates = text.filter(trusted & text.is_not_null() & (text.str.len_chars() > 0)).unique()
    if candidates.len() == 0:
        return pl.Series(FRAUD_TEXT, [False] * text.len(), pl.Boolean)
    verdicts = _screener().screen(candidates.to_list())
    frauds = [t for t, v in zip(candidates.to_list(), verdicts, strict=True) if v.is_fraud]
    flags = text.is_in(pl.Series(frauds, dtype=pl.String).implode()).fill_null(False) & trusted
    return flags.alias(FRAUD_TEXT)
