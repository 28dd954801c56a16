from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from ringfence.cli.main import get_app

runner = CliRunner()


def test_classify_writes_columns_in_input_order(tmp_path: Path) -> None:
    urls = [
        "https://www.icbc.com.cn/",
        "http://icbc-jf.top/m",
        "https://www.taobao.com/",
        "http://1.2.3.4/login.php",
    ]
    data = tmp_path / "u.csv"
    pl.DataFrame({"link": urls}).write_csv(data)
    out = tmp_path / "o.csv"
    result = runner.invoke(
        get_app(), ["url", "classify", "--data", str(data), "--url-col", "link", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    df = pl.read_csv(out)
    assert df.columns[:4] == ["prediction", "score", "is_malicious", "reasons"]
    assert df["is_malicious"].to_list() == [0, 1, 0, 1]
    assert df["url"].to_list() == urls


def test_train_and_use_a_model(tmp_path: Path) -> None:
    good = [f"http://www.site{i}.com/articles/{i}/index.html" for i in range(120)]
    bad = [f"http://secure-login{i}.top/verify/account.php?id={i}" for i in range(120)]
    data = tmp_path / "train.csv"
    pl.DataFrame({"url": good + bad, "label": ["good"] * 120 + ["phish"] * 120}).write_csv(data)
    model = tmp_path / "m"
    result = runner.invoke(
        get_app(), ["url", "train", "--data", str(data), "--out", str(model), "--benign-label", "good"]
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "o.csv"
    result = runner.invoke(
        get_app(), ["url", "classify", "--model", str(model), "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert pl.read_csv(out)["is_malicious"].sum() >= 110


def test_train_prints_the_baseline_on_the_same_split(tmp_path: Path) -> None:
    good = [f"http://www.site{i}.com/articles/{i}/index.html" for i in range(100)]
    bad = [f"http://secure-login{i}.top/verify/account.php?id={i}" for i in range(100)]
    data = tmp_path / "train.csv"
    pl.DataFrame({"url": good + bad, "label": ["good"] * 100 + ["phish"] * 100}).write_csv(data)
    result = runner.invoke(
        get_app(),
        ["url", "train", "--data", str(data), "--out", str(tmp_path / "m"), "--benign-label", "good"],
    )
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "baseline (char 1-3-gram TF-IDF + LinearSVC) on the same split: macro-F1" in flat
    sizes = re.findall(r"\(test n=([0-9,]+)\)", flat)
    assert sizes == ["40", "40"]  # pipeline and baseline scored on the same 20 %
    assert "160 train / 40 test" in flat
