"""Records become *events*: one per party a record tells something about.

A call from X to Y is an ``out`` event for X (X acted) and an ``in`` event for Y (Y was reached); an
SMS likewise gives ``sms_out`` / ``sms_in``. Features aggregate events per key; rules are evaluated at
``out`` and ``sms_out`` events (only what a number *does* can convict it). Events are totally ordered by
``(t, seq)`` (event time in seconds, then the record id), the same order for every engine.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IN", "OUT", "ROLES", "SMS_IN", "SMS_OUT", "Event"]

OUT = "out"
IN = "in"
SMS_OUT = "sms_out"
SMS_IN = "sms_in"
ROLES = (OUT, IN, SMS_OUT, SMS_IN)


@dataclass(frozen=True, slots=True)
class Event:
    """One party's view of one record (what the streaming engine consumes)."""

    key: str  # the party's canonical number
    t: int  # event time, UTC epoch seconds
    seq: str  # record id (call_id / sms_id): tie-breaker and evidence reference
    role: str
    other: str  # the counterpart's canonical number
    duration: int = 0
    origin: str = "intra"
    imei: str | None = None
    cell: str | None = None
    off_site: bool | None = None  # caller_region known and not the number's home city
    card_age_days: float | None = None  # at event time, from subscribers
    local_hour: int = 0  # UTC+08:00 hour of day
    fraud_text: bool = False  # an SMS whose text the SMS screener reads as fraud (``detect/sms_text.py``)
    holder_cards: int | None = None  # numbers of the card's holder, from subscribers (``holders.py``)
    # The local calendar day of ``t`` (``localtime.local_day``): the days a number was active. None for
    # an event buffered by a build before days were counted (a checkpoint's): that day is not counted.
    day: int | None = None
    # The card's holder (``holders.holder_of``: ``id:`` and its id_hash; None: the number has no identity
    # in the subscriber feed and is its own holder), for the holders of a handset.
    holder: str | None = None

    def __reduce__(self) -> tuple[type[Event], tuple[object, ...]]:
        """Pickled as its fields: a checkpoint holds every buffered event, and the dataclass default
        (``fields()`` per object) made that most of a checkpoint's time."""
        return (
            Event,
            (
                self.key,
                self.t,
                self.seq,
                self.role,
                self.other,
                self.duration,
                self.origin,
                self.imei,
                self.cell,
                self.off_site,
                self.card_age_days,
                self.local_hour,
                self.fraud_text,
                self.holder_cards,
                self.day,
                self.holder,
            ),
        )
