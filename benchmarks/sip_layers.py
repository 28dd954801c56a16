"""SIP call rates layer by layer, on one machine: SIPp straight to the callee, through Kamailio relaying
without screening, with screening in its workers (in-switch), and with screening over HTTP.

Every layer runs at the same time (idle ones cost nothing) and is measured in turn, rate step by rate
step, so that the noise of a shared machine falls on all of them alike. The layer below is each one's
baseline: SIPp → SIPp is the ceiling this machine puts on any SIP path, Kamailio's plain relay what the
proxy costs, and the screening layers what screening adds on top.

* **sustained**: a rate counts when most of its repeated runs complete every call (SIPp exits 0:
  no failed call, none left hanging) at >= 95 % of the rate offered; a layer climbs until a rate
  does not count.
* **setup latency**: INVITE → final response from SIPp's microsecond message traces, at a moderate
  rate, in interleaved rounds; added p99 = the layer's p99 − SIPp straight to the callee's p99.
* **CPU per call**: CPU seconds of every process of the layer (SIPp caller and callee, Kamailio, the
  ringfence service) over the calls of one run: what a call costs, whatever else the machine runs.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.deploy.sip_lab import SipLab, setup_times_ms

Row = tuple[str, str, str, str]

DIRECT, PLAIN, INSWITCH, HTTP = "direct", "kamailio-relay", "in-switch", "http"
LAYERS = (DIRECT, PLAIN, INSWITCH, HTTP)

_RATE = re.compile(r"Call Rate\s*\|\s*[\d.]+ cps\s*\|\s*([\d.]+) cps")


def _ticks(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Kamailio forks its workers)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += parents.get(p, [])
    return out


@dataclass
class Layer:
    name: str
    lab: SipLab
    port: int  # where the caller sends its INVITEs
    pids: list[int] = field(default_factory=list)  # what serves the layer's calls besides the callee


@dataclass
class RunResult:
    layer: str
    rate: int
    calls: int
    completed: bool
    achieved_cps: float
    cpu_ms_per_call: dict[str, float]

    def sustains(self) -> bool:
        return self.completed and self.achieved_cps >= 0.95 * self.rate


@contextmanager
def layers(
    workdir: Path, snapshot: Path, children: int = 4, shm_mb: int = 1024, with_http: bool = True
) -> Iterator[dict[str, Layer]]:
    """Start the callee, a plain Kamailio, an in-switch Kamailio and (``with_http``) the ringfence
    service with an HTTP-screening Kamailio; all relay to the same callee."""
    labs: list[SipLab] = []

    def lab(name: str) -> SipLab:
        d = workdir / name
        d.mkdir()
        made = SipLab(d)
        labs.append(made)
        return made

    try:
        callee = lab("callee")
        callee.start_uas(trace=False)
        out = {DIRECT: Layer(DIRECT, callee, callee.uas_port)}
        plain = lab("plain")
        plain.uas_port = callee.uas_port
        plain.start_kamailio(("NOSCREEN",), children=children, shm_mb=shm_mb)
        out[PLAIN] = Layer(PLAIN, plain, plain.kamailio_port, _tree(plain.procs[0].pid))
        inswitch = lab("inswitch")
        inswitch.uas_port = callee.uas_port
        inswitch.start_inswitch(snapshot, children=children, shm_mb=shm_mb)
        out[INSWITCH] = Layer(INSWITCH, inswitch, inswitch.kamailio_port, _tree(inswitch.procs[0].pid))
        if with_http:
            http = lab("http")
            http.uas_port = callee.uas_port
            http.start_service()
            http.start_kamailio(children=children, shm_mb=shm_mb)
            pids = [http.procs[0].pid, *_tree(http.procs[1].pid)]
            out[HTTP] = Layer(HTTP, http, http.kamailio_port, pids)
        yield out
    finally:
        for made in reversed(labs):
            made.close()


def run_rate(layer: Layer, callee_pid: int, rows: list[Row], rate: int, name: str) -> RunResult:
    """Offer ``len(rows)`` calls at ``rate`` calls/s through ``layer``; no message trace."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    callee0, layer0 = _ticks([callee_pid]), _ticks(layer.pids)
    t0 = time.perf_counter()
    result = layer.lab.run_uac(
        rows,
        layer.port,
        name=name,
        rate=rate,
        limit=max(200, rate),
        trace_msg=False,
        timeout_s=len(rows) // rate + 20,
    )
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    caller_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    n = len(rows)
    cpu = {
        "caller": 1000 * caller_cpu / n,
        "callee": 1000 * (_ticks([callee_pid]) - callee0) / n,
    }
    if layer.pids:
        cpu["proxy"] = 1000 * (_ticks(layer.pids) - layer0) / n
    found = _RATE.findall(result.stdout.decode(errors="replace"))
    achieved = float(found[-1]) if found else n / elapsed
    return RunResult(layer.name, rate, n, result.returncode == 0, achieved, cpu)


def sustained(
    running: dict[str, Layer],
    rates: dict[str, tuple[int, ...]],
    make_rows: Callable[[int], list[Row]],
    seconds: int = 6,
    repeats: int = 3,
) -> tuple[dict[str, int], list[RunResult]]:
    """Climb each layer's ladder of rates, the layers interleaved run by run; the highest rate each
    sustains in most of its ``repeats`` runs (0: not even the first)."""
    callee_pid = running[DIRECT].lab.procs[0].pid
    best = dict.fromkeys(rates, 0)
    climbing = set(rates)
    runs: list[RunResult] = []
    for step in range(max(len(r) for r in rates.values())):
        active = [n for n in rates if n in climbing and step < len(rates[n])]
        if not active:
            break
        wins = dict.fromkeys(active, 0)
        for rep in range(repeats):
            for name in active:
                rate = rates[name][step]
                got = run_rate(
                    running[name], callee_pid, make_rows(rate * seconds), rate, f"{name}-{rate}-{rep}"
                )
                runs.append(got)
                wins[name] += got.sustains()
        for name in active:
            if wins[name] * 2 > repeats:
                best[name] = rates[name][step]
            else:
                climbing.discard(name)
    return best, runs


def setup_latency(
    running: dict[str, Layer], rows: list[Row], rate: int = 100, rounds: int = 4
) -> dict[str, list[float]]:
    """Per layer, the setup times (ms) of ``rows`` split over ``rounds`` interleaved traced runs."""
    times: dict[str, list[float]] = {name: [] for name in running}
    chunk = max(1, len(rows) // rounds)
    for r in range(rounds):
        part = rows[r * chunk : (r + 1) * chunk]
        for name, layer in running.items():
            label = f"lat-{name}-{r}"
            layer.lab.run_uac(part, layer.port, name=label, rate=rate, limit=100, trace_msg=True)
            times[name] += setup_times_ms(layer.lab.workdir / f"{label}-messages.log").values()
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def cpu_summary(runs: list[RunResult], layer: str) -> dict[str, float]:
    """Median CPU ms per call of each process group over the layer's completed runs."""
    done = [r for r in runs if r.layer == layer and r.completed]
    keys = sorted({k for r in done for k in r.cpu_ms_per_call})
    return {k: round(statistics.median(r.cpu_ms_per_call[k] for r in done), 3) for k in keys}


def describe(runs: list[RunResult]) -> list[dict[str, Any]]:
    return [
        {
            "layer": r.layer,
            "rate": r.rate,
            "calls": r.calls,
            "all_completed": r.completed,
            "achieved_cps": round(r.achieved_cps, 1),
            "cpu_ms_per_call": {k: round(v, 3) for k, v in r.cpu_ms_per_call.items()},
        }
        for r in runs
    ]


def sipp_version() -> str:
    out = subprocess.run(["sipp", "-v"], capture_output=True, text=True, check=False).stdout
    return next((line.strip() for line in out.splitlines() if "SIPp" in line), "")
