"""The Kannel channel against a stand-in smsbox (httpx MockTransport): what it asks Kannel to do, and
how it reads the answers. The real Kannel is in tests/deploy/test_kannel.py."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httpx

from ringfence.adapters.channels.kannel import KannelChannel, dlr_signature
from ringfence.domain.outbox import OutboxMessage, Outcome, Status

T0 = datetime(2026, 11, 2, tzinfo=UTC)


def _message(payload: dict[str, object], key: str = "warn-1") -> OutboxMessage:
    return OutboxMessage(1, "op-a", "warning", "kannel", key, payload, Status.QUEUED, 0, T0, T0, T0)


def _channel(handler: httpx.MockTransport) -> KannelChannel:
    return KannelChannel(
        "kannel",
        "http://sms.test/cgi-bin/sendsms",
        "u",
        "p",
        "http://rf.test/v1/warnings/dlr",
        b"s",
        transport=handler,
    )


def test_sendsms_request_carries_text_coding_flash_and_signed_dlr_url() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202, text="0: Accepted for delivery")

    channel = _channel(httpx.MockTransport(answer))
    out = channel.deliver([_message({"to": "+8613800000001", "text": "【反诈提醒】请勿转账", "flash": True})])
    assert out[0].outcome is Outcome.SENT
    q = parse_qs(urlsplit(str(seen[0].url)).query)
    assert q["to"] == ["+8613800000001"]
    assert q["text"] == ["【反诈提醒】请勿转账"]
    assert (q["coding"], q["charset"], q["mclass"], q["dlr-mask"]) == (["2"], ["UTF-8"], ["0"], ["31"])
    assert (q["username"], q["password"], q["from"]) == (["u"], ["p"], ["12381"])
    dlr = q["dlr-url"][0]
    assert dlr.endswith("&type=%d")
    dq = parse_qs(urlsplit(dlr).query)
    assert dq["key"] == ["warn-1"]
    assert dq["sig"] == [dlr_signature(b"s", "op-a", "warn-1")]


def test_plain_sms_has_no_message_class() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202, text="3: Queued for later delivery")

    out = _channel(httpx.MockTransport(answer)).deliver([_message({"to": "+8613800000001", "text": "x"})])
    assert out[0].outcome is Outcome.SENT
    assert "mclass" not in parse_qs(urlsplit(str(seen[0].url)).query)


def test_answers_map_to_retry_or_failure() -> None:
    codes = iter([503, 403, 400])

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(codes), text="nope")

    channel = _channel(httpx.MockTransport(answer))
    m = _message({"to": "+8613800000001", "text": "x"})
    assert [d.outcome for d in channel.deliver([m, m, m])] == [Outcome.RETRY, Outcome.FAILED, Outcome.FAILED]


def test_unreachable_kannel_is_retried_and_empty_messages_fail() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    channel = _channel(httpx.MockTransport(refuse))
    assert channel.deliver([_message({"to": "+8613800000001", "text": "x"})])[0].outcome is Outcome.RETRY
    assert channel.deliver([_message({"text": "x"})])[0].outcome is Outcome.FAILED
    channel.close()
