"""A handset's identity, whichever form of its IMEI a record carries.

3GPP TS 23.003 gives a handset three written forms: the 14-digit IMEI (8-digit type allocation code and
6-digit serial number), the same with a Luhn check digit (15 digits), and the IMEISV (the 14 digits and
a 2-digit software version, 16 digits). Switches write them as they come: circuit-switched records
usually the IMEI, VoLTE and packet records the IMEISV. Read whole, one phone on both networks is two
handsets, and every handset feature (handsets per number, numbers per handset) counts it twice.

The identity is the first 14 digits; it is written as the 15-digit IMEI, the form most records carry.
A 15-digit value is kept as written, check digit and all (a wrong one included): no two distinct
15-digit values are ever made one, so sequential or random 15-digit ids stay distinct. Only a
16-digit value (the same phone with another software version) or a 14-digit one gains the check
digit of its first 14 digits.

A value whose 14 digits are one digit repeated (``000000000000000``) is what switches and probes write
when they do not know the handset: it is no handset, and read as one it would be a "phone" carrying
every number whose IMEI was unknown, the mark of a SIM box on thousands of ordinary subscribers.
"""

from __future__ import annotations

__all__ = [
    "IMEISV_DIGITS",
    "IMEI_BODY",
    "IMEI_DIGITS",
    "PLACEHOLDER_UNIT",
    "handset_id",
    "luhn_digit",
    "luhn_sum",
]

#: Digits of the handset's identity: type allocation code and serial number.
IMEI_BODY = 14
#: Digits of the written IMEI, check digit included: the canonical form.
IMEI_DIGITS = IMEI_BODY + 1
#: Digits of an IMEISV: the identity and a two-digit software version.
IMEISV_DIGITS = IMEI_BODY + 2
#: Fourteen ones: the 14-digit bodies that are one digit repeated are its multiples below 10^14.
PLACEHOLDER_UNIT = int("1" * IMEI_BODY)


def luhn_sum(digits: str) -> int:
    """The Luhn sum of ASCII digits that a check digit will follow: the last digit, and every second
    one before it, doubled (less 9 past 9)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return total


def luhn_digit(body: str) -> str:
    """The Luhn check digit of a string of ASCII digits (the digit that makes ``body + digit`` pass)."""
    return str((10 - luhn_sum(body) % 10) % 10)


def handset_id(imei: str) -> str | None:
    """The 15-digit IMEI of a 14- to 16-digit value (the value itself when it has 15 digits), None for
    a placeholder; a value that is not 14 to 16 ASCII digits is returned as it is (validation's to
    reject)."""
    if not (IMEI_BODY <= len(imei) <= IMEISV_DIGITS and imei.isascii() and imei.isdigit()):
        return imei
    body = imei[:IMEI_BODY]
    if len(set(body)) == 1:
        return None
    if len(imei) == IMEI_DIGITS:
        return imei
    return body + luhn_digit(body)
