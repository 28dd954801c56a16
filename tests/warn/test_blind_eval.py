"""The warnings' blind-world measurement (``tests.warn.blind_eval``) counts what a reader of the
warnings file and the world's truth would."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.warn import blind_eval

FRAUD, LEGIT = "13800000001", "13800000002"
PEOPLE = [f"1390000000{i}" for i in range(6)]


def _world(root: Path, victims: str) -> None:
    (root / "in").mkdir(parents=True)
    (root / "in" / "truth.csv").write_text(
        f"number,population,is_fraud\n{FRAUD},dialer,1\n{LEGIT},agent,0\n", encoding="utf-8"
    )
    pl.DataFrame({"number": PEOPLE}).write_csv(root / "in" / "subscribers.csv")
    (root / "in" / "victims.csv").write_text(victims, encoding="utf-8")
    pl.DataFrame(
        {  # four warned about the fraud number, one about the legitimate one
            "number": [f"+86{p}" for p in PEOPLE[:5]],
            "fraud_number": [f"+86{FRAUD}"] * 4 + [f"+86{LEGIT}"],
        }
    ).write_csv(root / "warn-t.csv")


def test_warnings_are_counted_against_the_truth_and_the_victims(tmp_path: Path) -> None:
    # eldercity's form: three victims among the warned (one of them with a long call), one not warned
    # with a long call, and a victim who is no subscriber (not counted)
    _world(
        tmp_path / "eldercity-1",
        "number,fraud_number,first_contact,answered_calls,max_duration_s,engaged\n"
        f"{PEOPLE[0]},{FRAUD},x,1,900,1\n{PEOPLE[1]},{FRAUD},x,1,60,0\n{PEOPLE[2]},{FRAUD},x,2,300,1\n"
        f"{PEOPLE[5]},{FRAUD},x,1,1200,1\n13700000000,{FRAUD},x,1,1200,1\n",
    )
    row = blind_eval.measure(tmp_path, ["eldercity"], [1], "t").row(0, named=True)
    assert (row["warned"], row["about_fraud"]) == (5, 4)
    assert (row["victims"], row["long_victims"]) == (4, 2)
    assert (row["warned_victims"], row["warned_long_victims"]) == (3, 1)
    cells = blind_eval._cells(blind_eval.measure(tmp_path, ["eldercity"], [1], "t"))
    assert cells == ["5", "4", "0.800", "0.600", "0.500"]


def test_worlds_without_victims_report_the_share_only(tmp_path: Path) -> None:
    _world(tmp_path / "harbour-1", "number\n")
    frame = blind_eval.measure(tmp_path, ["harbour"], [1], "t")
    assert "victims" not in frame.columns
    assert blind_eval._cells(frame)[3:] == ["", ""]
