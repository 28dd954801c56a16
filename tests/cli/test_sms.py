from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from ringfence.cli.main import get_app
from ringfence.simulate.sms_texts import synth_messages

runner = CliRunner()


def test_classify_with_default_model_keeps_input_order(tmp_path: Path) -> None:
    texts = [
        "【工商银行】您尾号1234的储蓄卡于11月24日09:00支出人民币200.00元，余额3000.00元。",
        "您好，我是市公安局民警，您的身份证涉嫌洗钱案件，请将资金转入安全账户配合调查。",
        "晚上回家吃饭吗？",
        "【中国移动】尊敬的用户，您的8000积分即将清零，请登录 10086-jf.top 兑换现金",
    ]
    data = tmp_path / "in.csv"
    pl.DataFrame({"id": [1, 2, 3, 4], "body": texts}).write_csv(data)
    out = tmp_path / "out.csv"
    result = runner.invoke(
        get_app(), ["sms", "classify", "--data", str(data), "--text-col", "body", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    df = pl.read_csv(out)
    assert df.columns[:4] == ["prediction", "score", "category", "is_fraud"]
    assert df["is_fraud"].to_list() == [0, 1, 0, 1]
    assert df["prediction"].to_list() == ["normal", "fraud", "normal", "fraud"]
    assert df["category"][1] == "police_impersonation"
    assert df["category"][3] == "points_redemption"
    assert "10086-jf.top" in df["reasons"][3]


def test_train_then_classify_with_labels_from_the_data(tmp_path: Path) -> None:
    cats = ["normal", "prize", "loan_credit", "order_brushing", "investment"]
    rows = [(m.text, m.category) for c in cats for m in synth_messages(hash(c) % 1000, 120, c)]
    data = tmp_path / "train.csv"
    pl.DataFrame(rows, schema=["msg", "kind"], orient="row").write_csv(data)
    model = tmp_path / "model"
    result = runner.invoke(
        get_app(),
        [
            "sms",
            "train",
            "--data",
            str(data),
            "--text-col",
            "msg",
            "--label-col",
            "kind",
            "--out",
            str(model),
            "--bits",
            "16",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (model / "labels.npz").is_file()
    assert (model / "MODEL_CARD.md").read_text(encoding="utf-8").startswith("# SMS model")
    test = tmp_path / "test.csv"
    probe = [(m.text, m.category) for c in cats for m in synth_messages(777, 20, c)]
    pl.DataFrame(probe, schema=["msg", "kind"], orient="row").write_csv(test)
    out = tmp_path / "pred.csv"
    result = runner.invoke(
        get_app(),
        [
            "sms",
            "classify",
            "--model",
            str(model),
            "--data",
            str(test),
            "--text-col",
            "msg",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    df = pl.read_csv(out)
    truth = [k for _, k in probe]
    accuracy = sum(p == t for p, t in zip(df["prediction"].to_list(), truth, strict=True)) / len(truth)
    assert accuracy > 0.95
    assert df["is_fraud"].to_list() == [int(p != "normal") for p in df["prediction"].to_list()]


def test_missing_column_is_a_one_line_error(tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    data.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(
        get_app(), ["sms", "classify", "--data", str(data), "--out", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 2
    assert "missing column" in result.output


def test_fbs_command(tmp_path: Path) -> None:
    lines = ["sms_id,sender,receiver,send_time,text,origin,sender_cell"]
    body = "【工商银行】积分清零 icbc-jf.top"
    for i in range(4):
        lines.append(f"m{i},95588,1390000000{i},2026-11-24T09:0{i}:00+08:00,{body},unknown,CD-7")
    lines.append("m9,95588,13900000009,2026-11-24T09:00:00+08:00,您尾号1234的账户支出200元,intra,CD-7")
    messages = tmp_path / "messages.csv"
    messages.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "areas.csv"
    flags = tmp_path / "flags.csv"
    result = runner.invoke(
        get_app(), ["sms", "fbs", "--messages", str(messages), "--out", str(out), "--flags-out", str(flags)]
    )
    assert result.exit_code == 0, result.output
    areas = pl.read_csv(out)
    assert areas["cell"].to_list() == ["CD-7"]
    assert areas["messages"].to_list() == [4]
    assert pl.read_csv(flags).height == 4


def _labelled(tmp_path: Path) -> Path:
    from ringfence.simulate.sms_marketing import synth_spam

    rows = [(m.text, "fraud") for m in synth_messages(3, 80, "prize")]
    rows += [(m.text, "normal") for m in synth_messages(4, 80, "normal")]
    rows += [(m.text, "marketing") for m in synth_spam(5, 80, "marketing")]
    data = tmp_path / "labelled.csv"
    pl.DataFrame(rows, schema=["text", "label"], orient="row").write_csv(data)
    return data


def _figures(output: str) -> tuple[str, str]:
    flat = " ".join(output.split())
    pipeline = re.search(r"pipeline: macro-F1 ([0-9.]+) accuracy [0-9.]+ \(test n=([0-9,]+)\)", flat)
    baseline = re.search(
        r"baseline \(char 1-3-gram TF-IDF \+ LinearSVC\) on the same split: macro-F1 ([0-9.]+) "
        r"accuracy [0-9.]+ \(test n=([0-9,]+)\)",
        flat,
    )
    assert pipeline is not None, output
    assert baseline is not None, output
    assert pipeline.group(2) == baseline.group(2) == "48"  # the same 20 % of 240 rows
    return pipeline.group(1), baseline.group(1)


def test_train_prints_the_baseline_on_the_same_split(tmp_path: Path) -> None:
    model = tmp_path / "m"
    result = runner.invoke(
        get_app(), ["sms", "train", "--data", str(_labelled(tmp_path)), "--out", str(model), "--bits", "16"]
    )
    assert result.exit_code == 0, result.output
    mine, base = _figures(result.output)
    assert float(mine) >= float(base) - 1e-9
    card = (model / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "baseline: char 1-3-gram TF-IDF + LinearSVC" in card


def test_evaluate_prints_pipeline_and_baseline(tmp_path: Path) -> None:
    result = runner.invoke(get_app(), ["sms", "evaluate", "--data", str(_labelled(tmp_path))])
    assert result.exit_code == 0, result.output
    _figures(result.output)
    flat = " ".join(result.output.split())
    assert "192 train / 48 test rows (same for both)" in flat
    # fraud figures and the marketing-called-fraud share, for both, on the 16 marketing test rows
    for who in ("pipeline", "baseline"):
        line = re.search(
            rf"{who}: fraud precision ([0-9.]+) recall ([0-9.]+) F1 ([0-9.]+) "
            r"marketing called fraud [0-9.]+% \(([0-9]+)/16\)",
            flat,
        )
        assert line is not None, flat
        assert 0.0 <= float(line.group(3)) <= 1.0
