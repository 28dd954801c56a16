"""The detached console server: started in its own session, found by its pid file, stopped."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import httpx
import pytest

from ringfence.adapters.server import free_port, running, start_detached, stop
from ringfence.bootstrap import build_platform
from ringfence.settings import Settings


def test_free_port_skips_a_taken_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert free_port("127.0.0.1", port) > port


def test_start_detached_then_stop(tmp_path: Path) -> None:
    data = tmp_path / "data"
    build_platform(Settings(data_dir=data)).close()
    port = free_port("127.0.0.1", 18000)
    handle = start_detached(data, "127.0.0.1", port, {"RINGFENCE_DATA_DIR": str(data)})
    try:
        assert os.getsid(handle.pid) == handle.pid  # its own session: survives the demo's exit
        assert httpx.get(f"{handle.url}/healthz").json()["status"] == "ok"
        found = running(data)
        assert found is not None
        assert found.pid == handle.pid
    finally:
        stopped = stop(data)
    assert stopped is not None
    assert running(data) is None
    assert not (data / "serve.pid").exists()
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{handle.url}/healthz", timeout=1)


def test_a_stale_pid_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "serve.pid").write_text(
        '{"pid": 999999, "url": "x", "port": 1, "log": "l"}', encoding="utf-8"
    )
    assert running(tmp_path) is None
    assert stop(tmp_path) is None
