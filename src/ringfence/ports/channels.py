"""The port the outbox dispatcher delivers through: one ``Channel`` per way out (a webhook, a file
export; SMS gateways later). A channel attempts messages and says what each attempt came to; it never
touches the store, so retries, back-off and give-up stay in one place (``services.outbox``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ringfence.domain.outbox import Delivery, OutboxMessage

__all__ = ["Channel"]


class Channel(Protocol):
    name: str

    def deliver(self, messages: Sequence[OutboxMessage]) -> list[Delivery]:
        """One ``Delivery`` per message, in order. Temporary failures are ``Outcome.RETRY``; an
        exception counts as a temporary failure of every message passed."""
        ...

    def close(self) -> None: ...
