"""``ringfence model``: train, score, explain and evaluate from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from ringfence.cli.main import get_app

runner = CliRunner()


def _invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(get_app(), list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.ml.conftest import synthetic_table

    root = tmp_path_factory.mktemp("cli")
    table, edges = synthetic_table(n=300, seed=3)
    paths = {
        "features": root / "features.csv",
        "edges": root / "edges.csv",
        "new": root / "new.csv",
        "known": root / "known.csv",
        "model": root / "model",
    }
    table.write_csv(paths["features"])
    edges.write_csv(paths["edges"])
    table.head(40).drop("label").with_columns(
        pl.format("new{}", pl.int_range(pl.len())).alias("phone_no_m")
    ).write_csv(paths["new"])
    table.select("phone_no_m", "label").write_csv(paths["known"])
    code, out, err = _invoke(
        "model",
        "train",
        "--features",
        str(paths["features"]),
        "--edges",
        str(paths["edges"]),
        "--out",
        str(paths["model"]),
        "--rounds",
        "40",
        "--threads",
        "1",
    )
    assert code == 0, err
    assert "trained on 300 numbers" in out
    return paths


@pytest.mark.parametrize("command", ["train", "score", "evaluate", "explain"])
def test_every_command_documents_its_options(command: str) -> None:
    code, out, _ = _invoke("model", command, "--help")
    assert code == 0
    assert "--features" in out
    assert "Usage" in out


def test_train_writes_a_model_directory_with_a_card(files: dict[str, Path]) -> None:
    names = {p.name for p in files["model"].iterdir()}
    assert {"booster_0.txt", "booster_4.txt", "model.json", "MODEL_CARD.md"} <= names
    card = (files["model"] / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "300 labelled numbers" in card
    assert "contact-graph inputs" in card
    assert "5 LightGBM boosters" in card


def test_train_can_still_write_a_single_booster_model(files: dict[str, Path], tmp_path: Path) -> None:
    code, _out, err = _invoke(
        "model", "train", "--features", str(files["features"]), "--edges", str(files["edges"]),
        "--recipe", "single", "--rounds", "20", "--threads", "1", "--out", str(tmp_path / "single"),
    )  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "single" / "model.txt").is_file()
    assert "ringfence-fraud-user-model/1" in (tmp_path / "single" / "model.json").read_text(encoding="utf-8")
    code, _, err = _invoke(
        "model", "train", "--features", str(files["features"]), "--recipe", "forest",
        "--out", str(tmp_path / "bad"),
    )  # fmt: skip
    assert code == 2
    assert "--recipe" in err


def test_score_writes_ids_scores_and_decisions(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    code, stdout, err = _invoke(
        "model",
        "score",
        "--model",
        str(files["model"]),
        "--features",
        str(files["new"]),
        "--edges",
        str(files["edges"]),
        "--known-labels",
        str(files["known"]),
        "--id-col",
        "phone_no_m",
        "--out",
        str(out),
    )
    assert code == 0, err
    assert "scored 40 numbers" in stdout
    scores = pl.read_csv(out)
    assert scores.columns == ["phone_no_m", "score", "label_pred"]
    assert scores.height == 40
    assert scores["score"].is_between(0, 1).all()


def test_score_reads_context_rows_as_neighbours(files: dict[str, Path], tmp_path: Path) -> None:
    scored = tmp_path / "tail.csv"  # numbers that are in the contact graph, without labels
    pl.read_csv(files["features"], schema_overrides={"phone_no_m": pl.Utf8}).tail(40).drop("label").write_csv(
        scored
    )
    outputs = []
    for extra in ([], ["--context-features", str(files["features"])]):
        out = tmp_path / f"scores{len(extra)}.csv"
        code, _, err = _invoke(
            "model",
            "score",
            "--model",
            str(files["model"]),
            "--features",
            str(scored),
            "--edges",
            str(files["edges"]),
            "--out",
            str(out),
            *extra,
        )
        assert code == 0, err
        outputs.append(pl.read_csv(out))
    assert outputs[0].height == outputs[1].height == 40
    assert outputs[0]["score"].to_list() != outputs[1]["score"].to_list()  # the context moved the hops


def test_score_without_edges_warns_that_numbers_are_isolated(files: dict[str, Path], tmp_path: Path) -> None:
    code, _, err = _invoke(
        "model",
        "score",
        "--model",
        str(files["model"]),
        "--features",
        str(files["new"]),
        "--out",
        str(tmp_path / "s.csv"),
    )
    assert code == 0
    assert "no --edges" in err


def test_explain_prints_or_writes_reasons(files: dict[str, Path], tmp_path: Path) -> None:
    code, out, err = _invoke(
        "model", "explain", "--model", str(files["model"]), "--features", str(files["new"]), "--limit", "2"
    )
    assert code == 0, err
    assert "new0" in out
    target = tmp_path / "why.csv"
    code, _, err = _invoke(
        "model",
        "explain",
        "--model",
        str(files["model"]),
        "--features",
        str(files["new"]),
        "--edges",
        str(files["edges"]),
        "--top",
        "2",
        "--all-contributions",
        "--out",
        str(target),
    )
    assert code == 0, err
    frame = pl.read_csv(target)
    assert frame["top_reasons"].str.count_matches("; ").to_list() == [1] * 40
    assert "contrib_sms_count" in frame.columns


def test_evaluate_writes_plots_metrics_and_the_card(files: dict[str, Path]) -> None:
    code, out, err = _invoke(
        "model",
        "evaluate",
        "--model",
        str(files["model"]),
        "--features",
        str(files["features"]),
        "--edges",
        str(files["edges"]),
        "--splits",
        "2",
        "--first-seed",
        "5",
        "--as-live",
        env={"COLUMNS": "250"},  # one table row per line
    )
    assert code == 0, err
    # the baseline is printed beside every figure, with the count of splits below the bar
    assert "model / baseline" in out
    assert re.search(r"mean +│ +\d\.\d{4} / \d\.\d{4}", out)
    assert "baseline 0 of 2" in out or "baseline 1 of 2" in out or "baseline 2 of 2" in out
    assert "HistGradientBoosting" in out
    assert re.search(r"below bar +│ +\d/2 / \d/2", out)
    assert "paired, model − baseline: AUC" in out
    assert "<- threshold" in out
    for name in ("evaluation.json", "pr_curve.png", "calibration.png", "roc_curve.png", "importance.png"):
        assert (files["model"] / name).is_file()
    report = json.loads((files["model"] / "evaluation.json").read_text(encoding="utf-8"))
    assert report["protocol"]["seeds"] == [5, 6]
    card = (files["model"] / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "| seed | AUC |" in card
    assert "| figure | model mean ± sd | model min | baseline mean ± sd | baseline min |" in card
    assert "normal: recall" in card
    assert re.search(r"\| splits with AUC < 0\.955 \| \d of 2 \| \| \d of 2 \| \|", card)
    assert "record bridge" in card


def test_bad_inputs_give_one_line_and_exit_2(files: dict[str, Path], tmp_path: Path) -> None:
    code, _, err = _invoke(
        "model",
        "score",
        "--model",
        str(tmp_path),
        "--features",
        str(files["new"]),
        "--out",
        str(tmp_path / "x.csv"),
    )
    assert code == 2
    assert err.startswith("error: ")
    assert "not a model directory" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = _invoke(
        "model", "train", "--features", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "m")
    )
    assert code == 2
    assert "no such file" in err


def test_acceptance_flow_on_real_sichuan_users(tmp_path: Path) -> None:
    """Train on 80 % of the real users, score the rest from the full graph, known labels and context rows."""
    from ringfence.ml.calibration import macro_f1
    from ringfence.ml.evaluation import split
    from ringfence.ml.metrics import auc
    from tests.ml.conftest import sichuan_dir

    data = sichuan_dir()
    if data is None:
        pytest.skip("Sichuan data is not next to this checkout")
    table = pl.read_csv(data / "users_features.csv", schema_overrides={"phone_no_m": pl.Utf8})
    edges = pl.read_csv(data / "user_edges.csv", schema_overrides={"a": pl.Utf8, "b": pl.Utf8})
    known_pos, held_pos = split(table.height, 0.2, 11)
    known, held = table[known_pos], table[held_pos]
    ids = known["phone_no_m"].implode()
    known.write_csv(tmp_path / "train.csv")
    edges.filter(pl.col("a").is_in(ids) & pl.col("b").is_in(ids)).write_csv(tmp_path / "train_edges.csv")
    held.drop("label").write_csv(tmp_path / "held.csv")
    known.select("phone_no_m", "label").write_csv(tmp_path / "known.csv")
    edges.write_csv(tmp_path / "all_edges.csv")
    code, _, err = _invoke(
        "model", "train", "--features", str(tmp_path / "train.csv"),
        "--edges", str(tmp_path / "train_edges.csv"),
        "--id-col", "phone_no_m", "--label-col", "label", "--out", str(tmp_path / "model"),
    )  # fmt: skip
    assert code == 0, err
    code, _, err = _invoke(
        "model", "score", "--model", str(tmp_path / "model"), "--features", str(tmp_path / "held.csv"),
        "--edges", str(tmp_path / "all_edges.csv"), "--known-labels", str(tmp_path / "known.csv"),
        "--context-features", str(tmp_path / "train.csv"),
        "--id-col", "phone_no_m", "--out", str(tmp_path / "scores.csv"),
    )  # fmt: skip
    assert code == 0, err
    scores = pl.read_csv(tmp_path / "scores.csv", schema_overrides={"phone_no_m": pl.Utf8})
    truth = held.select("phone_no_m", "label").join(scores, on="phone_no_m")
    assert truth.height == held.height
    y = truth["label"].to_numpy()
    # a regression floor under every split measured: this flow with the blend on seeds 0-9 gave AUC
    # 0.9601 (min 0.9484) and macro-F1 0.9220 (min 0.9072); on this split (seed 11) 0.9566 / 0.9194
    assert auc(y, truth["score"].to_numpy()) > 0.945
    assert macro_f1(y, truth["label_pred"].to_numpy() == 1) > 0.90
