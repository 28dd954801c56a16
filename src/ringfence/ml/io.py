"""Reading the model's input files: a per-number feature table, a contact edge list, known labels.

Ids are always read as text (hashed ids like ``1e10…`` must not turn into floats). Feature columns are
read as numbers; a cell that is not a number becomes missing rather than failing the file.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ringfence.errors import DataContractError, InputFileError


def _read(path: Path, overrides: dict[str, type[pl.DataType] | pl.DataType]) -> pl.DataFrame:
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    try:
        header = pl.read_csv(path, n_rows=0).columns
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read a CSV header ({exc})") from exc
    if not header:
        raise InputFileError(f"{path}: empty file (no CSV header)")
    schema = {name: overrides.get(name, pl.Utf8) for name in header}
    try:
        return pl.read_csv(path, schema_overrides=schema, infer_schema=False)
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read as CSV ({exc})") from exc


def read_features(path: Path, id_col: str, label_col: str | None = None) -> pl.DataFrame:
    """The feature table: ``id_col`` as text, every other column as Float64 (unparsable cells missing).

    With ``label_col`` the column must exist; rows whose label is not 0 or 1 are dropped (bad records are
    not fatal), and a file with no usable label at all is an error.
    """
    raw = _read(path, {})
    if id_col not in raw.columns:
        raise DataContractError(f"{path}: no id column {id_col!r} (columns: {', '.join(raw.columns[:8])}…)")
    if label_col is not None and label_col not in raw.columns:
        raise DataContractError(f"{path}: no label column {label_col!r}")
    numeric = [c for c in raw.columns if c != id_col]
    table = raw.with_columns(
        pl.col(id_col).str.strip_chars(),
        *[pl.col(c).str.strip_chars().cast(pl.Float64, strict=False) for c in numeric],
    ).filter(pl.col(id_col).is_not_null() & (pl.col(id_col) != ""))
    table = table.unique(subset=[id_col], keep="first", maintain_order=True)
    if label_col is not None:
        table = table.filter(pl.col(label_col).is_in([0.0, 1.0])).with_columns(
            pl.col(label_col).cast(pl.Int64)
        )
        if table.height == 0:
            raise DataContractError(f"{path}: no row has a 0/1 value in {label_col!r}")
    return table


def read_edges(path: Path) -> pl.DataFrame:
    """The contact graph as columns ``a``, ``b`` (named so, or else the first two columns)."""
    raw = _read(path, {})
    if {"a", "b"} <= set(raw.columns):
        edges = raw.select("a", "b")
    elif len(raw.columns) >= 2:
        edges = raw.select(pl.col(raw.columns[0]).alias("a"), pl.col(raw.columns[1]).alias("b"))
    else:
        raise DataContractError(f"{path}: an edge list needs two id columns (a, b)")
    return edges.with_columns(pl.col("a").str.strip_chars(), pl.col("b").str.strip_chars()).drop_nulls()


def read_known_labels(path: Path, id_col: str, label_col: str = "label") -> pl.DataFrame:
    """Numbers whose status is already known, as columns ``id``, ``label`` (1 fraud, 0 cleared).

    The id column is ``id_col`` if present, else ``id``, else the first column; the label column is
    ``label_col`` if present, else the second column. Rows without a 0/1 label are dropped.
    """
    raw = _read(path, {})
    cols = raw.columns
    id_name = id_col if id_col in cols else ("id" if "id" in cols else cols[0])
    rest = [c for c in cols if c != id_name]
    if label_col in rest:
        label_name = label_col
    elif rest:
        label_name = rest[0]
    else:
        raise DataContractError(f"{path}: known labels need an id column and a label column")
    return (
        raw.select(
            pl.col(id_name).str.strip_chars().alias("id"),
            pl.col(label_name).str.strip_chars().cast(pl.Float64, strict=False).alias("label"),
        )
        .filter(pl.col("label").is_in([0.0, 1.0]) & pl.col("id").is_not_null())
        .with_columns(pl.col("label").cast(pl.Int64))
        .unique(subset=["id"], keep="last", maintain_order=True)
    )
