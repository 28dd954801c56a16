"""Numbering-plan facts for whole columns of canonical numbers, with the answers of
``ringfence.domain.numbers.classify``: canonical Chinese mobiles (the bulk) are answered per prefix,
every other distinct number is classified once."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from ringfence.detect.features import KEY_ATTRIBUTES, is_foreign, key_attributes
from ringfence.domain.numbers import (
    CN_MOBILE_E164,
    NumberKind,
    classify,
    cn_mobile_home,
    cn_mobile_kind,
    region_city,
)

__all__ = ["key_attribute_frame", "kinds", "plan_homes", "region_cities"]


def _per_value(values: pl.Series, fn: Callable[[str], str | None]) -> pl.Series:
    uniques = values.drop_nulls().unique()
    answers = pl.Series([fn(v) for v in uniques.to_list()], dtype=pl.String)
    return values.replace_strict(uniques, answers, default=None, return_dtype=pl.String)


def _by_form(
    numbers: pl.Series,
    mobiles: Callable[[pl.Series], pl.Series],
    other: Callable[[str], str | None],
) -> pl.Series:
    """``mobiles`` answers canonical mobiles (vectorised), ``other`` one distinct other number."""
    text = numbers.cast(pl.String)
    mobile = text.str.contains(CN_MOBILE_E164).fill_null(False)
    out = pl.Series(numbers.name, [None] * len(text), dtype=pl.String)
    if mobile.any():
        out = out.scatter(mobile.arg_true(), mobiles(text.filter(mobile)))
    if not mobile.all():
        out = out.scatter((~mobile).arg_true(), _per_value(text.filter(~mobile), other))
    return out


def _mobile_kinds(mobiles: pl.Series) -> pl.Series:
    return _per_value(mobiles.str.slice(3, 5), lambda p: cn_mobile_kind(p).value)


def _mobile_homes(mobiles: pl.Series) -> pl.Series:
    has_home = _mobile_kinds(mobiles).is_in([NumberKind.MOBILE.value, NumberKind.VIRTUAL.value])
    homes = _per_value(mobiles.str.slice(3, 7), cn_mobile_home)
    return pl.select(pl.when(pl.lit(has_home)).then(pl.lit(homes))).to_series()


def kinds(numbers: pl.Series) -> pl.Series:
    """``classify(n).kind`` (as its string value) of every number."""
    return _by_form(numbers, _mobile_kinds, lambda n: classify(n).kind.value)


def plan_homes(numbers: pl.Series) -> pl.Series:
    """``classify(n).home_region`` of every number."""
    return _by_form(numbers, _mobile_homes, lambda n: classify(n).home_region)


def region_cities(regions: pl.Series) -> pl.Series:
    """``region_city`` of every value, computed once per distinct value."""
    distinct = regions.drop_nulls().unique()
    cities = pl.Series([region_city(r) for r in distinct.to_list()], dtype=pl.String)
    return regions.replace_strict(distinct, cities, default=None, return_dtype=pl.String)


def key_attribute_frame(keys: pl.Series, numbers: pl.Series) -> pl.DataFrame:
    """``key_attributes`` of every key (``numbers`` are the keys as number strings): the attributes
    follow from the kind and whether the number is foreign (an irregular number may be either), so
    they are computed once per pair present."""
    foreign = pl.select(is_foreign(pl.lit(numbers.cast(pl.String))).fill_null(False)).to_series()
    frame = pl.DataFrame({"key": keys, "_kind": kinds(numbers), "_foreign": foreign})
    group = ["_kind", "_foreign"]
    reps = frame.select(*group, pl.Series("_n", numbers)).unique(group, keep="first")
    rows = [{"_kind": k, "_foreign": f, **key_attributes(n)} for k, f, n in reps.iter_rows()]
    schema = {"_kind": pl.String, "_foreign": pl.Boolean, **dict.fromkeys(KEY_ATTRIBUTES, pl.Float64)}
    table = pl.DataFrame(rows, schema=schema)
    return frame.join(table, on=group, how="left", maintain_order="left").drop(group)
