from __future__ import annotations

import csv
from pathlib import Path

from ringfence.bootstrap import build_platform
from ringfence.services.publish_demo import DEMO_ORG, PEER_ORG, publish
from ringfence.settings import Settings
from tests.support.runs import FlagRow, write_run


def _records(root: Path) -> None:
    (root / "calls.csv").write_text(
        "call_id,caller,callee,start_time,duration_s\nc1,+8613800000001,+8613900000002,2026-11-02T08:00:00+08:00,3\n",
        encoding="utf-8",
    )
    (root / "truth").mkdir()
    with (root / "truth" / "numbers.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["number", "role", "is_fraud"])
        w.writerow(["+8613800000001", "dialer", "true"])
        w.writerow(["+8613900000002", "courier", "false"])


def test_publish_loads_a_fresh_store_and_plays_an_analyst(tmp_path: Path) -> None:
    _records(tmp_path)
    run = write_run(
        tmp_path / "run",
        [FlagRow(f"+86138000000{i:02d}") for i in range(1, 21)] + [FlagRow("+8613900000002", verdict="warn")],
    )
    settings = Settings(data_dir=tmp_path / "platform", secret_key="s")
    for _ in range(2):  # a second demo starts from a fresh store
        shown = publish(run, tmp_path, settings, truth_dir=tmp_path / "truth", start_server=False, fresh=True)
    assert shown.key.startswith("rf_")
    assert (shown.alerts, shown.calls, shown.messages) == (21, 1, 0)
    platform = build_platform(settings)
    store = platform.store
    ds = store.decisions(DEMO_ORG)
    assert len(ds) == 21
    judged = [d for d in ds if d.outcome != "open"]
    assert 0 < len(judged) < len(ds)
    assert all((d.outcome == "confirmed") == (d.number == "+8613800000001") for d in judged)
    assert [e.org for e in store.entries(DEMO_ORG, "blacklist") if e.org == PEER_ORG]  # the peer shares
    assert platform.store.key_by_lookup(shown.key.split("_")[1]) is not None
    assert len(platform.store.keys(DEMO_ORG)) == 1
    platform.close()
