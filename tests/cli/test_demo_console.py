"""`ringfence demo` ends with the console running in the background, serving the run, with a login key."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from typer.testing import CliRunner

from ringfence.adapters.server import free_port, running, stop
from ringfence.cli.main import get_app


def test_demo_leaves_the_console_up_with_the_run(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    port = free_port("127.0.0.1", 18100)
    args = ["demo", "--out", str(out), "--subscribers", "500", "--days", "1", "--port", str(port)]
    result = CliRunner().invoke(get_app(), args, env={"RINGFENCE_DATABASE_URL": "postgresql://nowhere/x"})
    try:
        assert result.exit_code == 0, result.output
        key = re.search(r"rf_[A-Za-z0-9_-]+", result.output)
        assert key is not None
        handle = running(out / "platform")
        assert handle is not None
        assert handle.url == f"http://127.0.0.1:{port}"
        alerts = httpx.get(f"{handle.url}/v1/alerts", headers={"Authorization": f"Bearer {key.group(0)}"})
        assert alerts.status_code == 200
        assert len(alerts.json()) > 0
        assert (out / "run" / "flagged.csv").exists()
    finally:
        stop(out / "platform")
    assert running(out / "platform") is None
