"""SMS and URL classification throughput on one core, each beside a baseline run in the same process.

SMS: the full screener (normalisation, n-gram model, pattern library, sender checks, links extracted and
scored by the URL model) against a naive keyword matcher (one regex alternation of scam keywords over the
raw text), the bare model (normalise + n-gram model) shown for reference. URLs: the full classifier
(parse, rules, features, two-stage model) against a rules-only baseline (``urllib`` split plus IP,
shortener and TLD checks), once with cold caches (every host new) and once warm.
Targets: >= 20,000 SMS/s and >= 50,000 URLs/s.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("POLARS_MAX_THREADS", "1")  # one core, as the targets say

N_SMS = 40000
N_ALONE = 2000
N_URLS = 60000
DATA = Path(os.environ.get("RINGFENCE_BENCH_DATA", "/work/shared/data"))


def _time(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """Best wall time and best process CPU time over ``repeat`` runs.

    CPU time is what one core spent on the work: on a shared machine (other jobs on both cores) wall time
    also counts the time the process waited for a core, CPU time does not. Targets are checked on it.
    """
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu


def _row(name: str, items: int, timing: tuple[float, float], baseline: tuple[float, float]) -> dict[str, Any]:
    wall, cpu = timing
    return {
        "name": name,
        "items": items,
        "wall_seconds": round(wall, 4),
        "cpu_seconds": round(cpu, 4),
        "per_second_wall": round(items / wall),
        "per_cpu_second": round(items / cpu),
        "vs_baseline": round(baseline[1] / cpu, 4),
    }


def _sms_corpus() -> tuple[list[str], list[str]]:
    from ringfence.simulate.sms_texts import synth_messages

    msgs = synth_messages(424242, N_SMS, fraud_ratio=0.3)
    senders = ["95588" if i % 3 == 0 else "13812345678" for i in range(len(msgs))]
    return [m.text for m in msgs], senders


def _url_corpus() -> list[str]:
    import polars as pl

    urls: list[str] = []
    for name, col in (
        ("iscx_url_2016.csv", "url"),
        ("phishtank_verified_online.csv", "url"),
        ("web_page_phishing_2021.csv", "url"),
    ):
        path = DATA / "urls" / name
        if path.is_file():
            urls.extend(
                pl.read_csv(path, infer_schema=False, columns=[col])[col]
                .drop_nulls()
                .unique(maintain_order=True)
                .to_list()
            )
    if not urls:  # no shared data: synthetic phishing links
        import random

        from ringfence.simulate.sms_texts import phishing_url

        rng = random.Random(7)
        urls = [phishing_url(rng) for _ in range(N_URLS)]
    return (urls * (N_URLS // len(urls) + 1))[:N_URLS]


_KEYWORDS = re.compile(
    "安全账户|冻结|中奖|刷单|贷款|积分|验证码|退款|理赔|涉嫌|转账|返利|红包|兼职|稳赚|征信|补贴"
)


def _baseline_sms(texts: list[str]) -> list[bool]:
    return [_KEYWORDS.search(t) is not None for t in texts]


_RISKY = {"top", "xyz", "cc", "vip", "club", "shop", "icu", "buzz", "work", "live", "site", "online"}
_SHORT = {"t.cn", "bit.ly", "dwz.cn", "tinyurl.com", "is.gd", "goo.gl"}
_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


def _baseline_urls(urls: list[str]) -> list[bool]:
    out = []
    for u in urls:
        try:
            host = (urlsplit(u if "://" in u else "http://" + u).hostname or "").lower()
        except ValueError:
            host = ""
        out.append(bool(_IP.match(host)) or host in _SHORT or host.rpartition(".")[2] in _RISKY or "@" in u)
    return out


def _clear_url_caches() -> None:
    from ringfence.urls import parse, rules
    from ringfence.urls.brands import default_brandbook

    parse._split_host.cache_clear()
    rules._host_rules.cache_clear()
    default_brandbook().match_domain.cache_clear()


def run() -> list[dict[str, Any]]:
    import numpy as np

    from ringfence.lexical.normalise import normalise
    from ringfence.text.model import default_sms_model, feature_text
    from ringfence.text.screen import SmsScreener
    from ringfence.urls.model import default_url_classifier

    results: list[dict[str, Any]] = []
    load = os.getloadavg()[0]

    texts, senders = _sms_corpus()
    screener = SmsScreener()
    model = default_sms_model()
    screener.screen(texts[:200], senders[:200])  # load models, warm imports

    def bare() -> None:
        normalise.cache_clear()
        norm = [normalise(t) for t in texts]
        feats = [feature_text(t) for t in norm]
        if model.stacker is None:
            model.label_proba(feats, None)
            return
        # A stacked model: every head and the stacker, with the screener's evidence (patterns, links)
        # left at zero: what the n-gram part costs.
        evidence = np.zeros((len(texts), model.stacker.n_evidence), np.float32)
        model.label_proba(feats, None, norm=norm, evidence=evidence)

    def full() -> None:
        normalise.cache_clear()
        _clear_url_caches()
        screener.screen(texts, senders)

    base_s = _time(lambda: _baseline_sms(texts))
    bare_s = _time(bare)
    full_s = _time(full)
    results.append(_row("sms: keyword regex (baseline)", len(texts), base_s, base_s))
    results.append(_row("sms: normalise + n-gram heads (+ stacker)", len(texts), bare_s, base_s))
    results.append(_row("sms: full screener", len(texts), full_s, base_s))
    results[-1]["target_per_second"] = 20000
    results[-1]["meets_target"] = results[-1]["per_cpu_second"] >= 20000
    # One message per call, as the HTTP route screens them (no target: what a caller waits for).
    alone, alone_senders = texts[:N_ALONE], senders[:N_ALONE]

    def one_by_one() -> None:
        normalise.cache_clear()
        _clear_url_caches()
        for text, sender in zip(alone, alone_senders, strict=True):
            screener.screen([text], [sender])

    share = N_ALONE / len(texts)  # the baseline's time for as many messages
    base_alone = (base_s[0] * share, base_s[1] * share)
    results.append(_row("sms: one message per call", N_ALONE, _time(one_by_one, 3), base_alone))

    urls = _url_corpus()
    clf = default_url_classifier()
    clf.classify(urls[:200])

    def cold() -> None:
        _clear_url_caches()
        clf.classify(urls)

    base_u = _time(lambda: _baseline_urls(urls))
    cold_u = _time(cold)
    clf.classify(urls)
    warm_u = _time(lambda: clf.classify(urls))
    results.append(_row("url: urllib + IP/shortener/TLD rules (baseline)", len(urls), base_u, base_u))
    results.append(_row("url: full classifier, cold caches", len(urls), cold_u, base_u))
    results.append(_row("url: full classifier, warm caches", len(urls), warm_u, base_u))
    for r in results[-2:]:
        r["target_per_second"] = 50000
        r["meets_target"] = r["per_cpu_second"] >= 50000

    print(f"1-minute load average when the run started: {load:.2f} on {os.cpu_count()} cores")
    for r in results:
        r["load_average"] = load
    for r in results:
        target = ""
        if "target_per_second" in r:
            target = f"  target {r['target_per_second']:,}/s {'met' if r['meets_target'] else 'NOT met'}"
        print(
            f"{r['name']:<50} {r['per_cpu_second']:>10,}/cpu-s {r['per_second_wall']:>10,}/s wall"
            f"  ({r['vs_baseline']:.3f}x baseline){target}"
        )
    return results
