"""End to end over SIP: SIPp → Kamailio (deploy/kamailio/kamailio.cfg) → ringfence HTTP → SIPp UAS.

Needs Debian's kamailio (+ kamailio-utils-modules, kamailio-json-modules) and sip-tester. Skips with
the reason when they are absent, unless RINGFENCE_REQUIRE_SIP=1 (CI), where absence is a failure.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.deploy.sip_lab import (
    REQUIRE_ENV,
    SipLab,
    free_port,
    header,
    missing_binaries,
    received,
    sip_lab,
)

pytestmark = pytest.mark.sip

CASES = [
    # caller, callee, origin, case
    ("+8695588", "13900000001", "international", "spoof_bank"),
    ("008613812345678", "13900000002", "international", "spoof_mobile"),
    ("13611112222", "13900000003", "intra", "tagged"),
    ("+447911123456", "13900000004", "international", "abroad"),
    ("13812345678", "13900000005", "inter", "clean"),
    ("not-a-number", "13900000006", "intra", "irregular"),
]
#: a trusted enterprise number on its own trunk, and the same number on another trunk (a spoof)
TRUSTED = [
    ("95588", "13900000007", "intra", "trusted", "icbc-1"),
    ("95588", "13900000008", "intra", "trusted_spoof", "elsewhere"),
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> SipLab:  # type: ignore[misc]
    missing = missing_binaries()
    if missing:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {', '.join(missing)} not installed (apt: see .ci/apt-packages)")
        pytest.skip(
            f"{', '.join(missing)} not installed (Debian kamailio, sip-tester); set {REQUIRE_ENV}=1 to fail"
        )
    workdir = tmp_path_factory.mktemp("siplab")
    snapshot = workdir / "snapshot.json"
    snapshot.write_text(
        json.dumps(
            {
                "version": "sip-test",
                "built_at": None,
                "tags": {"13611112222": "骚扰电话"},
                "trusted": {"95588": {"trunks": ["icbc-1"], "display_name": "工商银行"}},
            }
        )
    )
    with sip_lab(workdir) as running:
        running.start_service({"RINGFENCE_SCREEN_SNAPSHOT": str(snapshot)})
        running.start_uas()
        running.start_kamailio()
        yield running


def outcomes(lab: SipLab, name: str, uas: SipLab | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Per test case: the final response the caller got, and the INVITE the callee got (absent: none)."""
    uac = received(lab.workdir / f"{name}-messages.log")
    sent = (lab.workdir / f"{name}-messages.log").read_text(encoding="utf-8", errors="replace")
    case_of_call: dict[str, str] = {}
    for chunk in sent.split("UDP message sent")[1:]:
        cid, case = header(chunk, "Call-ID"), header(chunk, "X-Test-Case")
        if cid and case:
            case_of_call[cid] = case
    finals: dict[str, str] = {}
    for message in uac:
        first = message.splitlines()[0]
        cseq = header(message, "CSeq") or ""
        cid = header(message, "Call-ID") or ""
        if first.startswith("SIP/2.0") and not first.startswith("SIP/2.0 1") and "INVITE" in cseq:
            finals.setdefault(case_of_call.get(cid, cid), message)
    invites: dict[str, str] = {}
    for message in received((uas or lab).workdir / "uas-messages.log"):
        case = header(message, "X-Test-Case")
        if message.startswith("INVITE") and case:
            invites.setdefault(case, message)
    return finals, invites


def test_kamailio_screens_every_invite(lab: SipLab) -> None:
    result = lab.run_uac([*CASES, *TRUSTED], lab.kamailio_port, name="screen", rate=20)
    assert result.returncode == 0, result.stdout.decode(errors="replace")[-3000:]
    finals, invites = outcomes(lab, "screen")

    for case in ("spoof_bank", "spoof_mobile"):
        assert finals[case].startswith("SIP/2.0 603"), finals[case]
        assert header(finals[case], "X-Ringfence-Verdict") == "block"
        assert case not in invites  # a blocked call never reaches the callee
    assert header(finals["spoof_bank"], "X-Ringfence-Reasons") == "spoofed_official"
    assert header(finals["spoof_mobile"], "X-Ringfence-Reasons") == "spoofed_domestic"

    for case in ("tagged", "abroad", "clean", "irregular"):
        assert finals[case].startswith("SIP/2.0 200"), finals[case]
    assert header(invites["tagged"], "X-Ringfence-Label") == "骚扰电话"
    assert header(invites["tagged"], "X-Ringfence-Reasons") == "tagged"
    assert header(invites["abroad"], "X-Ringfence-Label") == "境外来电"
    assert header(invites["irregular"], "X-Ringfence-Label") == "号码不规范"
    assert header(invites["clean"], "X-Ringfence-Verdict") == "allow"
    assert header(invites["clean"], "X-Ringfence-Label") is None
    # the snapshot the verdict came from, on this path as in the switch
    assert header(invites["clean"], "X-Ringfence-Snapshot") == "sip-test"
    assert header(finals["spoof_bank"], "X-Ringfence-Snapshot") == "sip-test"
    # the screening headers from the trusted SBC are consumed, not passed on
    assert header(invites["clean"], "X-Ringfence-Origin") is None
    assert header(invites["trusted"], "X-Ringfence-Trunk") is None

    # a trusted enterprise number on its own trunk carries its registered name to the callee; no
    # other call does, and on another trunk it is a spoof, blocked without the name
    assert finals["trusted"].startswith("SIP/2.0 200"), finals["trusted"]
    assert header(invites["trusted"], "X-Ringfence-Verdict") == "allow"
    assert header(invites["trusted"], "X-Ringfence-Display-Name") == "工商银行"
    for case in ("tagged", "abroad", "clean", "irregular"):
        assert header(invites[case], "X-Ringfence-Display-Name") is None
    assert finals["trusted_spoof"].startswith("SIP/2.0 603"), finals["trusted_spoof"]
    assert header(finals["trusted_spoof"], "X-Ringfence-Reasons") == "trusted_wrong_trunk"
    assert header(finals["trusted_spoof"], "X-Ringfence-Display-Name") is None


def test_service_down_fails_open_with_unscreened_label(lab: SipLab, tmp_path: Path) -> None:
    with sip_lab(tmp_path) as down:
        down.api_port = free_port()  # nothing listens there
        down.uas_port = lab.uas_port
        down.start_kamailio(children=2)
        result = down.run_uac(
            [("13812345678", "13900000009", "intra", "down")], down.kamailio_port, name="down"
        )
        assert result.returncode == 0, result.stdout.decode(errors="replace")[-3000:]
        finals, invites = outcomes(down, "down", uas=lab)  # the callee is the shared UAS
        assert finals["down"].startswith("SIP/2.0 200")
        assert header(invites["down"], "X-Ringfence-Label") == "unscreened"
        assert "screening unavailable" in down.log("kamailio")


def test_sip_worker_does_not_wait_for_the_screening_answer(lab: SipLab, tmp_path: Path) -> None:
    """One SIP worker, a service that answers after 1.5 s, four calls at once: waiting in the worker
    they would take >= 6 s one after another; handed to async workers they are screened side by side."""
    from tests.deploy.slow_service import DELAY_S

    with sip_lab(tmp_path) as slow:
        slow.uas_port = lab.uas_port
        slow.start_service(app="tests.deploy.slow_service:create_app")
        slow.start_kamailio(("ASYNC_WORKERS=4", "SCREEN_TIMEOUT_S=5"), children=1)
        rows = [("13812345678", f"1390000002{i}", "intra", f"slow{i}") for i in range(4)]
        started = time.monotonic()
        result = slow.run_uac(rows, slow.kamailio_port, name="slow", rate=100, limit=10)
        elapsed = time.monotonic() - started
        assert result.returncode == 0, result.stdout.decode(errors="replace")[-3000:]
        finals, invites = outcomes(slow, "slow", uas=lab)
        assert all(finals[f"slow{i}"].startswith("SIP/2.0 200") for i in range(4)), finals
        assert header(invites["slow0"], "X-Ringfence-Snapshot") == "slow"
        assert elapsed < 3 * DELAY_S, f"4 calls took {elapsed:.1f} s: screened one after another"
