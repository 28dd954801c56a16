"""A call being set up, as the switch or the international gateway sees it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CallSetup", "Origin"]


class Origin(StrEnum):
    """Where the call entered the operator's network (DATA.md ``origin``).

    The spoofing rules hinge on it: a +86 number is normal on a domestic trunk and a forgery when the
    international gateway presents it.
    """

    INTRA = "intra"
    INTER = "inter"
    INTERNATIONAL = "international"

    @classmethod
    def parse(cls, raw: str | None) -> Origin | None:
        """The origin named by ``raw`` (case and blanks ignored; empty means the contract's ``intra``)."""
        if raw is None:
            return cls.INTRA
        value = raw.strip().lower()
        if not value:
            return cls.INTRA
        try:
            return cls(value)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class CallSetup:
    """One call setup. Numbers are kept as presented; screening canonicalises them itself.

    ``at`` is event time in Unix seconds: the burst tracker windows on it, and replayed records must
    behave as they did live. ``trunk`` identifies the ingress trunk (checked against trusted enterprise
    numbers); ``attestation`` is an optional caller-ID attestation level (``A``/``B``/``C``) from an
    upstream verification service.
    """

    caller: str
    callee: str
    origin: Origin = Origin.INTRA
    at: float = 0.0
    trunk: str | None = None
    attestation: str | None = None
    call_id: str | None = None
