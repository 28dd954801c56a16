"""A throwaway SIP lab on 127.0.0.1: ringfence HTTP service, Kamailio with the repo's config, SIPp.

Shared by the SIP integration test and the SIP benchmark. Every process gets free ports and its own
directory, and everything is stopped (by the pids started here) when the lab closes.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
KAMAILIO_CFG = ROOT / "deploy" / "kamailio" / "kamailio.cfg"
KEMI_SCRIPT = ROOT / "deploy" / "kamailio" / "ringfence_kemi.py"
SIPP_DIR = ROOT / "deploy" / "kamailio" / "sipp"
REQUIRE_ENV = "RINGFENCE_REQUIRE_SIP"
# Kamailio's shared memory in the lab (MB): room for the transactions of a few thousand calls/s
SHM_MB = 512
# SIPp's socket buffers (bytes). Its default (64 KB) overflows on a busy 2-core machine whenever SIPp
# is not scheduled for a few ms at ~1 000 calls/s; a lost 200 then leaves the call hanging.
SIPP_BUFFER = 4 * 1024 * 1024


def missing_binaries() -> list[str]:
    return [
        b for b in ("kamailio", "sipp") if shutil.which(b) is None and not Path(f"/usr/sbin/{b}").exists()
    ]


def binary(name: str) -> str:
    return shutil.which(name) or f"/usr/sbin/{name}"


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def free_ports(n: int) -> list[int]:
    """``n`` different free TCP ports (held open together while chosen, so none is picked twice)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [int(s.getsockname()[1]) for s in socks]
    finally:
        for s in socks:
            s.close()


def free_udp_port() -> int:
    """A port free for UDP and TCP both (SIPp opens both for some transports)."""
    while True:
        port = free_port(socket.SOCK_DGRAM)
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue


@dataclass
class SipLab:
    workdir: Path
    api_port: int = 0
    kamailio_port: int = 0
    uas_port: int = 0
    api_key: str = ""  # a screen-only key of the service's store, sent by Kamailio and clients
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    # --- processes --------------------------------------------------------------------------------

    def _spawn(
        self, name: str, args: list[str], env: Mapping[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.workdir, env=env
        )
        self.procs.append(proc)
        return proc

    def start_service(
        self, env: Mapping[str, str] | None = None, app: str = "ringfence.api.app:create_app"
    ) -> None:
        self.api_port = free_port()
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        platform_env = self._screening_key()
        full_env = {**os.environ, "PYTHONPATH": path, **platform_env, **(env or {})}
        args = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.api_port),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        proc = self._spawn(f"service-{self.api_port}", args, full_env)
        deadline = time.monotonic() + 90  # a busy shared machine: imports alone can take a while
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"ringfence service exited: {self.log(f'service-{self.api_port}')}")
            try:
                if httpx.get(f"{self.api_url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("ringfence service did not come up")

    def _screening_key(self) -> dict[str, str]:
        """A store for the service in the lab dir with a screen-only key; the settings that find it."""
        from ringfence.bootstrap import build_platform
        from ringfence.services.keys import create_key
        from ringfence.settings import Settings

        settings = Settings(data_dir=self.workdir / "platform", database_url="", secret_key="sip-lab")
        platform = build_platform(settings)
        try:
            made = create_key(
                platform.store, platform.secret, "sip-lab", "kamailio", "screen-only", platform.clock()
            )
        finally:
            platform.close()
        self.api_key = made.key
        return {
            "RINGFENCE_DATA_DIR": str(settings.data_dir),
            "RINGFENCE_DATABASE_URL": "",
            "RINGFENCE_SECRET_KEY": settings.secret_key,
        }

    @property
    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    def start_kamailio(
        self,
        extra_defines: tuple[str, ...] = (),
        children: int = 4,
        env: Mapping[str, str] | None = None,
        shm_mb: int = SHM_MB,
    ) -> None:
        """Kamailio with the repo's config. ``shm_mb`` is its shared memory: every transaction lives
        there until tm's wait timer (5 s) frees it, so the size bounds the sustainable call rate
        (64 MB ran out at 500 calls/s; see docs/screening.md)."""
        self.kamailio_port = free_udp_port()
        run = self.workdir / "kamailio-run"
        run.mkdir(exist_ok=True)
        args = [
            binary("kamailio"),
            "-f",
            str(KAMAILIO_CFG),
            "-DD",
            "-E",
            "-e",
            "-l",
            f"udp:127.0.0.1:{self.kamailio_port}",
            "-Y",
            str(run),
            "-P",
            str(run / "kamailio.pid"),
            "-w",
            str(run),
            "-A",
            f'RINGFENCE_URL="{self.api_url}"',
            "-A",
            f'RINGFENCE_KEY="{self.api_key}"',
            "-A",
            f'NEXT_HOP="sip:127.0.0.1:{self.uas_port}"',
            "-A",
            f"CHILDREN={children}",
            "-m",
            str(shm_mb),
            "-M",
            "8",
            *os.environ.get("SIPLAB_KAMX", "").split(),
        ]
        for define in extra_defines:
            args += ["-A", define]
        proc = self._spawn("kamailio", args, None if env is None else {**os.environ, **env})
        self._wait_sip(self.kamailio_port, proc, "kamailio")

    def start_inswitch(
        self,
        snapshot_file: Path,
        children: int = 4,
        extra_defines: tuple[str, ...] = (),
        shm_mb: int = SHM_MB,
    ) -> None:
        """Kamailio screening inside its workers (app_python3) over the published snapshot file."""
        import sysconfig

        paths = [str(ROOT / "src"), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
        self.start_kamailio(
            ("INSWITCH", f'KEMI_SCRIPT="{KEMI_SCRIPT}"', *extra_defines),
            children=children,
            env={
                "RINGFENCE_SNAPSHOT_FILE": str(snapshot_file),
                "RINGFENCE_PYTHONPATH": os.pathsep.join(paths),
            },
            shm_mb=shm_mb,
        )

    def start_uas(self, trace: bool = True) -> None:
        """The callee. ``trace`` writes every message to a file (the tests read it); a benchmark turns
        it off, since tracing thousands of messages a second costs the UAS more than answering them."""
        self.uas_port = free_udp_port()
        args = [
            binary("sipp"),
            "-sf",
            str(SIPP_DIR / "uas.xml"),
            "-i",
            "127.0.0.1",
            "-p",
            str(self.uas_port),
            "-nostdin",
            *(["-trace_msg", "-message_file", str(self.workdir / "uas-messages.log")] if trace else []),
            "-max_recv_loops",
            "10000",
            "-buff_size",
            str(SIPP_BUFFER),
        ]
        self._spawn("uas", args)
        time.sleep(0.3)

    def _wait_sip(self, port: int, proc: subprocess.Popen[bytes], name: str) -> None:
        """Probe with OPTIONS Max-Forwards: 0 until the proxy answers (483) or gives up."""
        deadline = time.monotonic() + 20
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", 0))
            s.settimeout(0.2)
            me = s.getsockname()[1]
            probe = (
                f"OPTIONS sip:probe@127.0.0.1:{port} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP 127.0.0.1:{me};rport;branch=z9hG4bKprobe{me}\r\n"
                "From: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:probe@127.0.0.1>\r\nCall-ID: probe\r\n"
                "CSeq: 1 OPTIONS\r\nMax-Forwards: 0\r\nContent-Length: 0\r\n\r\n"
            ).encode()
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited: {self.log(name)[-3000:]}")
                s.sendto(probe, ("127.0.0.1", port))
                try:
                    if s.recv(4096).startswith(b"SIP/2.0"):
                        return
                except OSError:
                    continue
        raise RuntimeError(f"{name} did not answer on udp {port}: {self.log(name)[-3000:]}")

    def run_uac(
        self,
        rows: Sequence[tuple[str, ...]],
        target_port: int,
        name: str = "uac",
        calls: int | None = None,
        rate: float = 50,
        limit: int = 50,
        trace_msg: bool = True,
        timeout_s: int = 60,
    ) -> subprocess.CompletedProcess[bytes]:
        """Place calls from ``rows`` (caller, callee, origin, tag[, trunk]) and wait for SIPp to finish."""
        inf = self.workdir / f"{name}.csv"
        lines = "".join(";".join((*r, "")[:5]) + "\n" for r in rows)  # no trunk: an empty field
        inf.write_text("SEQUENTIAL\n" + lines, encoding="utf-8")
        port = free_udp_port()
        args = [
            binary("sipp"),
            f"127.0.0.1:{target_port}",
            "-sf",
            str(SIPP_DIR / "uac.xml"),
            "-inf",
            str(inf),
            "-i",
            "127.0.0.1",
            "-p",
            str(port),
            "-m",
            str(calls or len(rows)),
            "-r",
            str(rate),
            "-l",
            str(limit),
            "-nostdin",
            "-timeout",
            f"{timeout_s}s",
            "-timeout_error",
            "-max_recv_loops",
            "10000",
            "-buff_size",
            str(SIPP_BUFFER),
        ]
        if trace_msg:
            args += ["-trace_msg", "-message_file", str(self.workdir / f"{name}-messages.log")]
        return subprocess.run(
            args, cwd=self.workdir, capture_output=True, timeout=timeout_s + 30, check=False
        )

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def close(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        self.procs.clear()


@contextmanager
def sip_lab(workdir: Path) -> Iterator[SipLab]:
    lab = SipLab(workdir)
    try:
        yield lab
    finally:
        lab.close()


# --- reading SIPp traces ------------------------------------------------------------------------------

_SPLIT = re.compile(r"^-{10,}.*$", re.MULTILINE)


def messages(path: Path) -> list[str]:
    """SIP messages from a SIPp ``-trace_msg`` file (sent and received)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    out = []
    for chunk in _SPLIT.split(text):
        body = chunk.split("\n\n", 1)[1] if "message received" in chunk or "message sent" in chunk else chunk
        if "SIP/2.0" in body:
            out.append(body.strip())
    return out


def received(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    parts = re.split(r"^-{10,}[^\n]*\n", text, flags=re.MULTILINE)
    return [p.split("\n", 1)[1].strip() for p in parts if "message received" in p.split("\n", 1)[0]]


def header(message: str, name: str) -> str | None:
    for line in message.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


def setup_times_ms(path: Path) -> dict[str, float]:
    """Per Call-ID: ms from the first INVITE sent to the first final response, from a UAC trace.

    SIPp's own response times have 1 ms resolution; its message trace is stamped in microseconds.
    """
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    sent: dict[str, float] = {}
    done: dict[str, float] = {}
    for part in re.split(r"^-{10,} ", text, flags=re.MULTILINE):
        stamp, _, rest = part.partition("\n")
        try:
            at = datetime.strptime(stamp.strip(), "%Y-%m-%d %H:%M:%S.%f").timestamp()
        except ValueError:
            continue
        body = rest.split("\n\n", 1)[-1] if "\n\n" in rest else rest
        first = body.strip().split("\n", 1)[0]
        call_id = header(body, "Call-ID")
        if call_id is None:
            continue
        if first.startswith("INVITE ") and "message sent" in rest.split("\n", 1)[0]:
            sent.setdefault(call_id, at)
        elif (
            re.match(r"SIP/2.0 [2-6]\d\d ", first)
            and header(
                body,
                "CSeq",
            )
            and "INVITE" in (header(body, "CSeq") or "")
        ):
            done.setdefault(call_id, at)
    return {cid: (done[cid] - t) * 1000 for cid, t in sent.items() if cid in done}
