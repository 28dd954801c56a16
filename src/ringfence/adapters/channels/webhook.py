"""Deliver outbox messages by HTTP POST: the payload as JSON, the message key as ``Idempotency-Key``.

2xx is delivered. 5xx, 408, 429, timeouts and connection errors are temporary (retried with back-off
by the dispatcher); any other status is a permanent refusal (retrying the same request would get the
same answer). Runs in the dispatcher's thread, never on the event loop.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from ringfence import __version__
from ringfence.domain.outbox import Delivery, OutboxMessage, Outcome

__all__ = ["WebhookChannel"]

_TEMPORARY = {408, 425, 429}


class WebhookChannel:
    def __init__(
        self, name: str, url: str, timeout_s: float = 5.0, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.name = name
        self.url = url
        self._client = httpx.Client(timeout=timeout_s, transport=transport)

    def deliver(self, messages: Sequence[OutboxMessage]) -> list[Delivery]:
        return [self._one(m) for m in messages]

    def _one(self, m: OutboxMessage) -> Delivery:
        headers = {
            "Idempotency-Key": m.key,
            "User-Agent": f"ringfence/{__version__}",
            "X-Ringfence-Topic": m.topic,
        }
        try:
            response = self._client.post(self.url, json=m.payload, headers=headers)
        except httpx.TimeoutException as exc:
            return Delivery(Outcome.RETRY, f"timeout: {type(exc).__name__}")
        except httpx.HTTPError as exc:
            return Delivery(Outcome.RETRY, f"{type(exc).__name__}: {exc}"[:500])
        status = response.status_code
        if 200 <= status < 300:
            return Delivery(Outcome.DELIVERED)
        error = f"HTTP {status}: {response.text[:200]}"
        if status >= 500 or status in _TEMPORARY:
            return Delivery(Outcome.RETRY, error)
        return Delivery(Outcome.FAILED, error)

    def close(self) -> None:
        self._client.close()
