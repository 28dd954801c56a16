"""Running the console server in the background: start detached, find it again, stop it.

``make demo`` must exit while leaving the console up, so the server runs as its own session leader
with its output in a log file, and a pid file (JSON: pid, url, port) in the data dir lets
``ringfence serve --stop`` find and stop exactly that process later.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from ringfence.errors import RingfenceError

__all__ = ["ServerHandle", "free_port", "pid_file", "running", "start_detached", "stop", "wait_healthy"]


# `python -m ringfence.cli.main` would run main.py as __main__, a second module whose app has no commands.
_ENTRY = "import sys; sys.argv[0] = 'ringfence'; from ringfence.cli.main import run; run()"


@dataclass(frozen=True, slots=True)
class ServerHandle:
    pid: int
    url: str
    port: int
    log: Path


def pid_file(data_dir: Path) -> Path:
    return data_dir / "serve.pid"


def free_port(host: str, first: int, tries: int = 50) -> int:
    """``first`` or the next port that can be bound on ``host``."""
    for port in range(first, first + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return port
    raise RingfenceError(f"no free port in {first}-{first + tries - 1} on {host}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():  # a recycled pid that is not our server does not count
        text = cmdline.read_bytes().replace(b"\0", b" ")
        return b"ringfence" in text and b"serve" in text
    return True


def running(data_dir: Path) -> ServerHandle | None:
    path = pid_file(data_dir)
    if not path.exists():
        return None
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        handle = ServerHandle(int(info["pid"]), str(info["url"]), int(info["port"]), Path(info["log"]))
    except (ValueError, KeyError):
        path.unlink(missing_ok=True)
        return None
    if not _alive(handle.pid):
        path.unlink(missing_ok=True)
        return None
    return handle


def wait_healthy(url: str, timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def start_detached(data_dir: Path, host: str, port: int, env: dict[str, str]) -> ServerHandle:
    """Start ``ringfence serve`` in its own session, wait until it answers, record its pid."""
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir.resolve() / "serve.log"
    url = f"http://{host}:{port}"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", _ENTRY, "serve", "--host", host, "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
            start_new_session=True,
            close_fds=True,
        )
    handle = ServerHandle(proc.pid, url, port, log)
    pid_file(data_dir).write_text(
        json.dumps({"pid": proc.pid, "url": url, "port": port, "log": str(log)}), encoding="utf-8"
    )
    if not wait_healthy(url):
        stop(data_dir)
        raise RingfenceError(f"the console server did not start; see {log}")
    return handle


def stop(data_dir: Path, timeout_s: float = 10.0) -> ServerHandle | None:
    """Stop the server recorded in ``data_dir`` (SIGTERM, then SIGKILL); ``None`` if none runs."""
    handle = running(data_dir)
    if handle is None:
        return None
    os.kill(handle.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and _alive(handle.pid):
        time.sleep(0.1)
    if _alive(handle.pid):
        os.kill(handle.pid, signal.SIGKILL)
    pid_file(data_dir).unlink(missing_ok=True)
    return handle
