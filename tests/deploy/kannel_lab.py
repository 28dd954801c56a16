"""A real Kannel in a temp dir: bearerbox, smsbox and the fake SMSC (``fakesmsc``) on 127.0.0.1 ports.

Debian's ``kannel`` (bearerbox, smsbox) and ``kannel-extras`` (``/usr/lib/kannel/test/fakesmsc``).
The fake SMSC accepts every message it is handed, which makes bearerbox report "accepted by the SMSC"
(type 8) and then "delivered" (type 1) to the ``dlr-url`` of each message.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.deploy.sip_lab import free_ports

__all__ = ["REQUIRE_ENV", "KannelLab", "kannel_lab", "missing_binaries"]

REQUIRE_ENV = "RINGFENCE_REQUIRE_KANNEL"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    path = Path(f"/usr/sbin/{name}")
    return str(path) if path.exists() else None


def missing_binaries() -> list[str]:
    missing = [b for b in ("bearerbox", "smsbox") if _binary(b) is None]
    if not Path(FAKESMSC).exists():
        missing.append("fakesmsc (kannel-extras)")
    return missing


@dataclass
class KannelLab:
    workdir: Path
    sendsms_url: str
    username: str
    password: str

    def received(self) -> list[str]:
        """Lines the fake SMSC got (``Got message N: <from to coding text>``)."""
        log = self.workdir / "fakesmsc.log"
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        return [line for line in text.splitlines() if "Got message" in line]


def _wait_port(port: int, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


@contextmanager
def kannel_lab(workdir: Path, attempts: int = 3) -> Iterator[KannelLab]:
    """A running Kannel; a port taken by another process between choosing it and bearerbox binding it
    (tests run in parallel) is a retry with new ports, not a failure."""
    for attempt in range(1, attempts + 1):
        try:
            with _kannel_lab(workdir / f"try{attempt}") as lab:
                yield lab
                return
        except _PortTakenError:
            if attempt == attempts:
                raise
            continue


class _PortTakenError(RuntimeError):
    pass


@contextmanager
def _kannel_lab(workdir: Path) -> Iterator[KannelLab]:
    workdir.mkdir(parents=True, exist_ok=True)
    admin, box, smsc, sendsms = free_ports(4)
    conf = workdir / "kannel.conf"
    conf.write_text(
        f"""group = core
admin-port = {admin}
admin-interface = 127.0.0.1
admin-password = lab-admin
smsbox-port = {box}
box-allow-ip = 127.0.0.1
log-file = "{workdir}/bearerbox.log"
log-level = 1
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
port = {smsc}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {box}
sendsms-port = {sendsms}
sendsms-interface = 127.0.0.1
log-file = "{workdir}/smsbox.log"
log-level = 1

group = sendsms-user
username = ringfence
password = lab-secret

group = sms-service
keyword = default
catch-all = true
max-messages = 0
text = "ok"
""",
        encoding="utf-8",
    )
    procs: list[subprocess.Popen[bytes]] = []

    def start(args: list[str], log: str) -> None:
        out = (workdir / log).open("wb")
        procs.append(subprocess.Popen(args, cwd=workdir, stdout=out, stderr=subprocess.STDOUT))

    try:
        start([str(_binary("bearerbox")), str(conf)], "bearerbox.out")
        try:
            _wait_port(smsc)
            _wait_port(box)
        except TimeoutError:
            if procs[0].poll() is not None and "Address already in use" in (
                workdir / "bearerbox.out"
            ).read_text(errors="replace"):
                raise _PortTakenError(str(workdir)) from None
            raise
        start([FAKESMSC, "-H", "127.0.0.1", "-r", str(smsc), "-m", "0", "1 2 text nop"], "fakesmsc.log")
        start([str(_binary("smsbox")), str(conf)], "smsbox.out")
        _wait_port(sendsms)
        yield KannelLab(workdir, f"http://127.0.0.1:{sendsms}/cgi-bin/sendsms", "ringfence", "lab-secret")
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)
