"""``ringfence warn`` on files written by hand: presented numbers canonicalised, clean errors."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from ringfence.cli.main import get_app
from tests.warn import scenario as s

runner = CliRunner()


def _files(tmp_path: Path) -> dict[str, Path]:
    calls = s.calls().with_columns(
        pl.col("start_time").dt.convert_time_zone("Asia/Shanghai").dt.strftime("%Y-%m-%dT%H:%M:%S%:z"),
        # national presentation, as switches write it
        pl.col("callee").str.replace(r"^\+86", ""),
    )
    paths = {
        "calls": tmp_path / "calls.csv",
        "sms": tmp_path / "sms.csv",
        "subs": tmp_path / "subscribers.csv",
        "flagged": tmp_path / "flagged.csv",
    }
    calls.write_csv(paths["calls"])
    s.sms().with_columns(pl.col("send_time").dt.strftime("%Y-%m-%dT%H:%M:%SZ")).write_csv(paths["sms"])
    s.subscribers().write_csv(paths["subs"])
    s.flagged().drop("detected_at").write_csv(paths["flagged"])
    return paths


def _args(p: dict[str, Path], out: Path, *extra: str) -> list[str]:
    return [
        "warn",
        "--calls",
        str(p["calls"]),
        "--sms",
        str(p["sms"]),
        "--subscribers",
        str(p["subs"]),
        "--flagged",
        str(p["flagged"]),
        "--out",
        str(out),
        *extra,
    ]


def test_warn_writes_the_contract_file(tmp_path: Path) -> None:
    p = _files(tmp_path)
    out = tmp_path / "warnings.csv"
    result = runner.invoke(get_app(), _args(p, out, "--at", "2026-11-11T10:00:00+08:00"))
    assert result.exit_code == 0, result.output
    w = pl.read_csv(out)
    assert set(w["number"]) == s.WARNED
    assert set(w.filter(pl.col("channel") == "guardian")["notify"]) == {s.G1, s.G2}
    assert w["detected_at"].str.ends_with("+08:00").all()


def test_clean_errors(tmp_path: Path) -> None:
    p = _files(tmp_path)
    out = tmp_path / "warnings.csv"
    bad = runner.invoke(get_app(), _args(p, out, "--at", "yesterday"))
    assert bad.exit_code == 2
    assert "ISO-8601" in bad.output
    naive = runner.invoke(get_app(), _args(p, out, "--at", "2026-11-11T10:00:00"))
    assert naive.exit_code == 2
    pl.DataFrame({"phone": ["1"]}).write_csv(p["flagged"])
    nonum = runner.invoke(get_app(), _args(p, out))
    assert nonum.exit_code == 2
    assert "'number' column" in nonum.output
    assert not out.exists()


def test_only_warn_and_block_numbers_by_default(tmp_path: Path) -> None:
    """A ``watch`` number's contacts are warned only when asked for (the platform warns for warn and
    block); the hand-built flags are all at ``watch`` here."""
    p = _files(tmp_path)
    s.flagged().drop("detected_at").with_columns(pl.lit("watch").alias("verdict")).write_csv(p["flagged"])
    out = tmp_path / "warnings.csv"
    at = ("--at", "2026-11-11T10:00:00+08:00")
    assert runner.invoke(get_app(), _args(p, out, *at)).exit_code == 0
    assert set(pl.read_csv(out)["number"]) == {s.P[6]}  # the spoofed bank number needs no flag
    wide = runner.invoke(get_app(), _args(p, out, *at, "--verdicts", "watch,warn,block"))
    assert wide.exit_code == 0, wide.output
    assert set(pl.read_csv(out)["number"]) == s.WARNED
    long = runner.invoke(get_app(), _args(p, out, *at, "--watch-long-call", "900"))
    assert long.exit_code == 0, long.output
    assert set(pl.read_csv(out)["number"]) == {s.P[1], s.P[6]}  # P1 talked 900 s with a watch number
    off = runner.invoke(get_app(), _args(p, out, *at, "--verdicts", "watch,warn,block", "--home-window", "0"))
    assert off.exit_code == 0, off.output
    assert set(pl.read_csv(out)["number"]) == s.WARNED  # the roamer calls the same person: family
    bad = runner.invoke(get_app(), _args(p, out, "--verdicts", "maybe"))
    assert bad.exit_code == 2
    assert "--verdicts" in bad.output
