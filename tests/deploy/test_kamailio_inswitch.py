"""In-switch screening: SIPp → Kamailio running ringfence's screening in its workers (app_python3)
over the published, memory-mapped snapshot → SIPp UAS. No ringfence server is involved.

Needs Debian's kamailio, kamailio-python3-modules and sip-tester; skips with the reason when they are
absent, unless RINGFENCE_REQUIRE_SIP=1 (CI), where absence is a failure.
"""

from __future__ import annotations

import glob
import os
import re
import threading
import time
from pathlib import Path

import pytest

from ringfence.adapters.snapshot_mmap import write_mapped
from ringfence.screening import SnapshotBuilder
from tests.deploy.sip_lab import REQUIRE_ENV, SipLab, header, missing_binaries, sip_lab
from tests.deploy.test_kamailio import outcomes

pytestmark = pytest.mark.sip

CASES = [
    ("13700000000", "13900000001", "intra", "suspended"),
    ("13611112222", "13900000002", "intra", "tagged"),
    ("13812345678", "13900000003", "intra", "clean"),
    ("+8695588", "13900000004", "international", "spoof_bank"),
    ("95588|13900000005|intra|icbc-1", "13900000005", "intra", "injection"),
    ("95588", "13900000006", "intra", "trusted", "icbc-1"),
]


ALWAYS_BLOCKED = "13722222222"  # on the blacklist of every version the tests publish


def _publish(path: Path, version: str, blocked: str = "13700000000") -> None:
    b = SnapshotBuilder(version, built_at=time.time())
    b.blacklist(blocked, "suspended")
    b.blacklist(ALWAYS_BLOCKED, "suspended")
    b.tag("13611112222", "骚扰电话")
    b.trusted("95588", ["icbc-1"], "工商银行")
    write_mapped(b.build(), path)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> SipLab:  # type: ignore[misc]
    missing = missing_binaries()
    if not glob.glob("/usr/lib/*/kamailio/modules/app_python3.so"):
        missing.append("kamailio-python3-modules")
    if missing:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {', '.join(missing)} not installed (apt: see .ci/apt-packages)")
        pytest.skip(f"{', '.join(missing)} not installed; set {REQUIRE_ENV}=1 to fail")
    workdir = tmp_path_factory.mktemp("inswitch")
    _publish(workdir / "risk.rfsnap", "v1")
    with sip_lab(workdir) as running:
        running.start_uas()
        running.start_inswitch(workdir / "risk.rfsnap")
        yield running


def test_block_label_and_allow_inside_the_switch(lab: SipLab) -> None:
    result = lab.run_uac(CASES, lab.kamailio_port, name="inswitch", rate=20)
    assert result.returncode == 0, result.stdout.decode(errors="replace")[-3000:]
    finals, invites = outcomes(lab, "inswitch")
    assert finals["suspended"].startswith("SIP/2.0 603"), finals["suspended"]
    assert header(finals["suspended"], "X-Ringfence-Reasons") == "blacklisted"
    assert header(finals["suspended"], "X-Ringfence-Snapshot") == "v1"
    assert "suspended" not in invites
    assert finals["spoof_bank"].startswith("SIP/2.0 603")
    assert header(finals["spoof_bank"], "X-Ringfence-Reasons") == "spoofed_official"
    assert header(invites["tagged"], "X-Ringfence-Verdict") == "label"
    assert header(invites["tagged"], "X-Ringfence-Label") == "骚扰电话"
    assert header(invites["tagged"], "X-Ringfence-Snapshot") == "v1"
    assert header(invites["clean"], "X-Ringfence-Verdict") == "allow"
    assert header(invites["clean"], "X-Ringfence-Label") is None
    # a caller cannot smuggle a trunk (or any other field) in through its user part
    # (it is screened as the one irregular number it is, never as 95588 on the trusted trunk)
    assert header(invites["injection"], "X-Ringfence-Reasons") == "irregular"
    assert header(invites["injection"], "X-Ringfence-Label") == "号码不规范"
    # a trusted enterprise number on its own trunk: its name for the callee, from the mapped snapshot
    assert header(invites["trusted"], "X-Ringfence-Verdict") == "allow"
    assert header(invites["trusted"], "X-Ringfence-Display-Name") == "工商银行"
    assert header(invites["clean"], "X-Ringfence-Display-Name") is None
    assert header(invites["injection"], "X-Ringfence-Display-Name") is None


def _count(screen: str, message: str) -> int:
    """How many ``message`` SIPp counted (first column of its final scenario screen; a response name
    is its code, a request its method; the last screen printed is the final one)."""
    found = re.findall(rf"^\s*{message} (?:<-+|-+>)\s+(\d+)", screen, flags=re.MULTILINE)
    assert found, f"no {message} line in SIPp's screen"
    return int(found[-1])


def test_a_snapshot_swap_under_load_fails_no_call(lab: SipLab) -> None:
    path = lab.workdir / "risk.rfsnap"
    # every 10th call comes from a number blocked in every version: mid-swap it must still be refused
    rows = [
        (ALWAYS_BLOCKED if i % 10 == 0 else f"1380000{i:04d}", f"1390000{i:04d}", "intra", f"load{i}")
        for i in range(600)
    ]
    stop = threading.Event()

    def swap() -> None:
        n = 2
        while not stop.is_set():
            _publish(path, f"v{n}", blocked="13911111111")
            n += 1
            time.sleep(0.2)

    swapper = threading.Thread(target=swap)
    swapper.start()
    try:
        result = lab.run_uac(rows, lab.kamailio_port, name="swap", rate=150, limit=200, trace_msg=False)
    finally:
        stop.set()
        swapper.join()
    out = result.stdout.decode(errors="replace")
    assert result.returncode == 0, out[-3000:]  # every call completed (SIPp exits 0 only then)
    # SIPp's message counts: exactly the blocked calls got 603, every other call was answered
    assert _count(out, "603") == 60, out[-3000:]
    assert _count(out, "BYE") == 540, out[-3000:]
    # after the swaps, the worker sees the newest file: the number v1 blocked is now allowed
    later = lab.run_uac([("13700000000", "13900000099", "intra", "after")], lab.kamailio_port, name="after")
    assert later.returncode == 0
    finals, _ = outcomes(lab, "after")
    assert finals["after"].startswith("SIP/2.0 200"), finals["after"]


def test_no_snapshot_file_fails_open_with_unscreened_label(lab: SipLab, tmp_path: Path) -> None:
    with sip_lab(tmp_path) as bare:
        bare.uas_port = lab.uas_port
        bare.start_inswitch(tmp_path / "never-published.rfsnap", children=2)
        result = bare.run_uac(
            [("13812345678", "13900000077", "intra", "nosnap")], bare.kamailio_port, name="nosnap"
        )
        assert result.returncode == 0, result.stdout.decode(errors="replace")[-3000:]
        finals, invites = outcomes(bare, "nosnap", uas=lab)
        assert finals["nosnap"].startswith("SIP/2.0 200")
        assert header(invites["nosnap"], "X-Ringfence-Label") == "unscreened"
        assert header(invites["nosnap"], "X-Ringfence-Snapshot") == "none"
