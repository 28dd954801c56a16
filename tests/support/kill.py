"""SIGKILL a stream watcher after it has committed a batch: the crash the broker tests inflict."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


def kill_after_commits(
    cmd: Sequence[str],
    state: Path,
    env: Mapping[str, str],
    delays: Sequence[float] = (0.3, 1.0),
    commits: Sequence[int] | None = None,
    commit_file: str = "checkpoint.pkl",
) -> int:
    """Start ``cmd`` once per delay, wait until that run has written ``state/commit_file`` anew
    ``commits[i]`` times (default once: a batch or file committed in this run), wait ``delay`` more
    and SIGKILL it; returns how many runs were killed (a run that finished first is not)."""
    kills = 0
    path = state / commit_file
    for i, delay in enumerate(delays):
        wanted = 1 if commits is None else commits[i]
        proc = subprocess.Popen(cmd, env=dict(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        seen, last = 0, path.stat().st_mtime_ns if path.exists() else 0
        while time.monotonic() < deadline and proc.poll() is None and seen < wanted:
            now = path.stat().st_mtime_ns if path.exists() else 0
            if now != last:
                seen, last = seen + 1, now
            time.sleep(0.002)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
    return kills


def run_once(cmd: Sequence[str], env: Mapping[str, str]) -> None:
    """Run ``cmd`` to its end; fail the test with the tail of its stderr if it fails."""
    result = subprocess.run(list(cmd), env=dict(env), capture_output=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
