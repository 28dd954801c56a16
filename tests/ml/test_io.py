"""Reading the model's input files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ringfence.errors import DataContractError, InputFileError
from ringfence.ml.io import read_edges, read_features, read_known_labels


def test_features_keep_ids_as_text_and_drop_bad_labels(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,x,label\n1e10,1.5,1\n0012,oops,0\n0012,3,1\n,4,0\nzz,5,maybe\n", encoding="utf-8")
    table = read_features(path, "id", "label")
    assert table["id"].to_list() == ["1e10", "0012"]  # duplicates keep the first row; empty id dropped
    assert table["x"].to_list() == [1.5, None]
    assert table["label"].to_list() == [1, 0]
    assert read_features(path, "id").height == 3


def test_feature_file_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        read_features(tmp_path / "nope.csv", "id")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputFileError):
        read_features(empty, "id")
    path = tmp_path / "f.csv"
    path.write_text("msisdn,x\n1,2\n", encoding="utf-8")
    with pytest.raises(DataContractError, match="no id column 'id'"):
        read_features(path, "id")
    with pytest.raises(DataContractError, match="no label column"):
        read_features(path, "msisdn", "label")
    path.write_text("msisdn,label\n1,5\n", encoding="utf-8")
    with pytest.raises(DataContractError, match="no row has a 0/1"):
        read_features(path, "msisdn", "label")


def test_edges_by_name_or_position(tmp_path: Path) -> None:
    named = tmp_path / "named.csv"
    named.write_text("w,b,a\n9,x,y\n", encoding="utf-8")
    assert read_edges(named).rows() == [("y", "x")]
    plain = tmp_path / "plain.csv"
    plain.write_text("src,dst\n001,002\n", encoding="utf-8")
    assert read_edges(plain).rows() == [("001", "002")]
    one = tmp_path / "one.csv"
    one.write_text("src\n1\n", encoding="utf-8")
    with pytest.raises(DataContractError):
        read_edges(one)


def test_known_labels_accept_several_layouts(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("phone_no_m,label\na,1\nb,0\nc,x\na,0\n", encoding="utf-8")
    assert read_known_labels(path, "phone_no_m").rows() == [("b", 0), ("a", 0)]
    other = tmp_path / "k2.csv"
    other.write_text("number,status\nq,1\n", encoding="utf-8")
    assert read_known_labels(other, "phone_no_m").rows() == [("q", 1)]
