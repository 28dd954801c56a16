"""Send warnings as SMS through Kannel's HTTP ``sendsms`` interface, with delivery reports.

Each message is one ``GET /cgi-bin/sendsms`` to the smsbox: text as UTF-8 (Kannel sends UCS-2, the
coding Chinese needs), ``mclass=0`` for a flash SMS (shown at once, not stored), and a ``dlr-url`` that
Kannel calls back with the report type (``%d``: 8 accepted by the SMSC, 1 delivered, 2/16 failed). The
callback names the warning by its key and carries a keyed signature of it, so only reports for
warnings this platform sent are believed (``ringfence.api.v1.warnings``).

Kannel answering 202 ("Accepted for delivery", "Queued for later delivery") is ``SENT``: the handset
has it only when the report says so. 5xx, timeouts and connection errors are retried; any other
answer (wrong credentials, a malformed number) is a permanent refusal.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from urllib.parse import urlencode

import httpx

from ringfence.domain.outbox import Delivery, OutboxMessage, Outcome

__all__ = ["KannelChannel", "dlr_signature"]


def dlr_signature(secret: bytes, org: str, key: str) -> str:
    return hmac.new(secret, f"dlr|{org}|{key}".encode(), hashlib.sha256).hexdigest()[:32]


class KannelChannel:
    def __init__(
        self,
        name: str,
        sendsms_url: str,
        username: str,
        password: str,
        dlr_url: str,
        secret: bytes,
        sender: str = "12381",
        timeout_s: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.name = name
        self.sendsms_url = sendsms_url
        self._auth = {"username": username, "password": password}
        self.dlr_url = dlr_url
        self._secret = secret
        self.sender = sender
        self._client = httpx.Client(timeout=timeout_s, transport=transport)

    def deliver(self, messages: Sequence[OutboxMessage]) -> list[Delivery]:
        return [self._one(m) for m in messages]

    def _callback(self, m: OutboxMessage) -> str:
        query = urlencode({"org": m.org, "key": m.key, "sig": dlr_signature(self._secret, m.org, m.key)})
        # ``%d`` is Kannel's placeholder for the report type; it must reach Kannel unescaped.
        return f"{self.dlr_url}?{query}&type=%d"

    def _one(self, m: OutboxMessage) -> Delivery:
        to, text = m.payload.get("to"), m.payload.get("text")
        if not isinstance(to, str) or not to or not isinstance(text, str) or not text:
            return Delivery(Outcome.FAILED, "warning without a recipient or a text")
        params = {
            **self._auth,
            "from": self.sender,
            "to": to,
            "text": text,
            "charset": "UTF-8",
            "coding": "2",
            "dlr-mask": "31",
            "dlr-url": self._callback(m),
        }
        if m.payload.get("flash"):
            params["mclass"] = "0"
        try:
            response = self._client.get(self.sendsms_url, params=params)
        except httpx.TimeoutException as exc:
            return Delivery(Outcome.RETRY, f"timeout: {type(exc).__name__}")
        except httpx.HTTPError as exc:
            return Delivery(Outcome.RETRY, f"{type(exc).__name__}: {exc}"[:500])
        status = response.status_code
        if 200 <= status < 300:
            return Delivery(Outcome.SENT)
        error = f"HTTP {status}: {response.text[:200]}"
        if status >= 500 or status in (408, 429):
            return Delivery(Outcome.RETRY, error)
        return Delivery(Outcome.FAILED, error)

    def close(self) -> None:
        self._client.close()
