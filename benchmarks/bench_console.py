"""Console and ingest API speed on the demo's data (5,000 subscribers x 7 days, seed 7).

Each page is timed as the median of repeated requests through the ASGI app (TestClient: no network,
no browser), and reported as a ratio against ``/healthz`` served by the same client in the same
process, so machine noise cancels. The ingest API is timed against reading the same CSV with the file
reader (the validation both share), so the ratio is the cost of HTTP plus storing.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPEAT = 15


def _median_ms(fn: Callable[[], Any], repeat: int = REPEAT) -> float:
    fn()  # warm caches (templates, SQLite pages)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _paired_median_ms(
    a: Callable[[], Any], b: Callable[[], Any], repeat: int = REPEAT
) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` timed alternately, so load from other jobs falls on both alike."""
    a(), b()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, out in ((a, times[0]), (b, times[1])):
            start = time.perf_counter()
            fn()
            out.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def _demo_store(root: Path) -> tuple[Any, str, dict[str, float], Any]:
    from ringfence.api.app import create_app
    from ringfence.bootstrap import build_platform
    from ringfence.detect.exports import write_run
    from ringfence.detect.policy import load_policy
    from ringfence.detect.replay import run_detection
    from ringfence.ingest import read_frame
    from ringfence.services.publish_demo import publish
    from ringfence.settings import Settings
    from ringfence.simulate.scenario import SimConfig, simulate
    from ringfence.simulate.writer import write_simulation

    sim = simulate(SimConfig(seed=7, subscribers=5000, days=7, start=datetime(2026, 11, 2, tzinfo=UTC)))
    write_simulation(sim, root)
    calls, _ = read_frame([root / "calls.csv"])
    messages, _ = read_frame([root / "messages.csv"])
    policy = load_policy()
    result, _ = run_detection([root / "calls.csv"], policy, subscribers=[root / "subscribers.csv"])
    write_run(result, root / "run", policy, {}, "Asia/Shanghai")
    settings = Settings(data_dir=root / "platform", database_url="", secret_key="bench")
    start = time.perf_counter()
    shown = publish(
        root / "run", root, settings, truth_dir=root / "truth", start_server=False, frames=(calls, messages)
    )
    load_s = time.perf_counter() - start
    platform = build_platform(settings)
    from fastapi.testclient import TestClient

    client = TestClient(create_app(platform))
    import re

    page = client.get("/console/login").text  # the login form's CSRF token, as a browser would
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert token is not None
    assert client.post("/console/login", data={"key": shown.key, "csrf": token.group(1)}).status_code == 200
    facts = {"calls": float(calls.height), "messages": float(messages.height), "load_s": load_s}
    return client, shown.key, facts, platform


def _pivot_pages(platform: Any) -> dict[str, str]:
    """The investigation pages on real ids: a SIM-farm alert, its handset and cell, a scam link."""
    from urllib.parse import quote

    from ringfence.domain.pivots import url_hosts
    from ringfence.services.publish_demo import DEMO_ORG

    store = platform.store
    farm = next(d for d in store.decisions(DEMO_ORG) if d.typology == "sim_farm")
    calls = store.calls_of(DEMO_ORG, farm.number, 50)
    imei = next(str(c["caller_imei"]) for c in calls if c.get("caller_imei"))
    cell = next(str(c["caller_cell"]) for c in calls if c.get("caller_cell"))
    linked = store.messages_containing(DEMO_ORG, "http", 1)
    host = url_hosts(str(linked[0]["text"]))[0] if linked else "example.cn"
    n = quote(farm.number, safe="")
    return {
        "alert queue (sorted, filtered)": "/console/alerts?outcome=&verdict=block&sort=time&q=%2B86",
        "dashboard (date range)": "/console/?start=2026-11-03&end=2026-11-05",
        "alert page (trace)": f"/console/alerts/{farm.id}",
        "investigate (ring)": f"/console/numbers/{n}/investigate",
        "handset page": f"/console/handsets/{quote(imei, safe='')}",
        "cell page": f"/console/cells/{quote(cell, safe='')}",
        "link page": f"/console/urls?u={quote(host)}",
        "search": "/console/search",
    }


def run() -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="ringfence-bench-") as tmp:
        root = Path(tmp)
        client, key, facts, platform = _demo_store(root)
        rows = (facts["calls"] + facts["messages"]) / facts["load_s"]
        print(
            f"demo data: {facts['calls']:,.0f} calls, {facts['messages']:,.0f} SMS; "
            f"store load incl. casework {facts['load_s']:.1f} s ({rows:,.0f} records/s)"
        )
        base = _median_ms(lambda: client.get("/healthz"))
        top = client.get("/v1/alerts?limit=1", headers={"Authorization": f"Bearer {key}"}).json()[0]["number"]
        pages = {
            "dashboard": "/console/",
            "alert queue": "/console/alerts",
            "number page": f"/console/numbers/{top}",
            "lists": "/console/lists",
            "reports (daily)": "/console/reports",
            "reports (monthly)": "/console/reports?granularity=month",
            "report CSV": "/console/reports.csv?table=category",
            "API lookup": f"/v1/numbers/{top}",
            **_pivot_pages(platform),
        }
        # Console pages in English and in Chinese (the catalogue, Babel's date and number formats and
        # the display names of codes), the Chinese time as a ratio of the English in the same process.
        print(f"{'page':<32}{'median ms':>10}{'x healthz':>11}{'zh-CN ms':>10}{'zh/en':>7}")
        print(f"{'/healthz (baseline)':<32}{base:>10.1f}{1.0:>11.1f}")
        for name, path in pages.items():
            api = path.startswith("/v1")
            headers = {"Authorization": f"Bearer {key}"} if api else {"Accept-Language": "en"}
            assert client.get(path, headers=headers).status_code == 200, path
            zh = {"Accept-Language": "zh-CN"}
            if api:
                ms = _median_ms(lambda p=path, h=headers: client.get(p, headers=h))
            else:
                page = client.get(path, headers=zh).text
                assert '<html lang="zh-CN">' in page or ".csv" in path, path
                ms, zh_ms = _paired_median_ms(
                    lambda p=path, h=headers: client.get(p, headers=h),
                    lambda p=path, h=zh: client.get(p, headers=h),
                )
            row: dict[str, Any] = {
                "name": name,
                "median_ms": round(ms, 2),
                "baseline_ms": round(base, 2),
                "ratio": round(ms / base, 1),
            }
            line = f"{name:<32}{ms:>10.1f}{ms / base:>11.1f}"
            if not api:
                row |= {"zh_ms": round(zh_ms, 2), "zh_over_en": round(zh_ms / ms, 2)}
                line += f"{zh_ms:>10.1f}{zh_ms / ms:>7.2f}"
            results.append(row)
            print(line)
        results.append(_ingest(client, key, root))
    return results


def _ingest(client: Any, key: str, root: Path) -> dict[str, Any]:
    """POST 20k call records as CSV vs reading the same file with the file reader."""
    from ringfence.ingest import RecordKind, RecordReader

    lines = (root / "calls.csv").read_text(encoding="utf-8").splitlines()[:20_001]
    body = "\n".join(f"h{line[1:]}" if i else line for i, line in enumerate(lines)) + "\n"  # new call ids
    sample = root / "sample.csv"
    sample.write_text(body, encoding="utf-8")

    def read() -> None:
        for _ in RecordReader([sample], RecordKind.CALLS):
            pass

    base = _median_ms(read, 3)
    headers = {"Authorization": f"Bearer {key}", "content-type": "text/csv"}
    start = time.perf_counter()
    out = client.post("/v1/records/calls", content=body.encode(), headers=headers).json()
    ms = (time.perf_counter() - start) * 1000
    print(
        f"ingest API: 20,000 calls in {ms:.0f} ms ({out['stored']:,} stored) = {ms / base:.1f}x reading the "
        f"file ({base:.0f} ms); {20_000 / ms * 1000:,.0f} records/s"
    )
    return {
        "name": "ingest API 20k calls",
        "median_ms": round(ms, 1),
        "baseline_ms": round(base, 1),
        "ratio": round(ms / base, 2),
        "stored": out["stored"],
    }
