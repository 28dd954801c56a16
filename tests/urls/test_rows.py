"""The row-by-row split of a few URLs must give exactly the columnar split's values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.urls import batch
from ringfence.urls.batch import _EXE_RE, _LURE_RE, _split_columns, prepare_batch
from ringfence.urls.brands import default_brandbook
from ringfence.urls.rows import split_rows
from tests.urls.test_batch import SAMPLES

_KEYWORDS = sorted(default_brandbook().path_keywords)
# Characters where the dialects or the case mappings could part: Unicode and ASCII-control whitespace,
# the dotted capital I and final sigma, brackets and colons of IPv6 hosts, newlines before ``$``.
_ALPHABET = "htps:/wexamplcoICB.-_@?&=%0123456789#~[]\\ \n\t\x1c\x1f\x85\xa0\u3000\u2028İΣΑσ.apkEXEloginwww"
_URL = st.text(alphabet=_ALPHABET, max_size=50) | st.sampled_from(SAMPLES)


def _columnar(urls: list[str]) -> dict[str, list[object]]:
    frame = _split_columns(urls, _KEYWORDS)
    return {name: frame[name].to_list() for name in frame.columns}


@pytest.mark.parametrize(
    "url",
    [
        "http://a.com/x.apk\n",  # Python's $ would match before the newline; Rust's does not
        "\x1chttp://a.com",  # Python's strip() would strip \x1c; Rust's trim does not
        "\u3000https://İCBC.com/ΣΑΣ",
        "http://user@[::1]:8080/a",
        "[::1]:80",
        "a@b@c.com:443/ok",
        "",
    ],
)
def test_rows_equal_columns_on_edge_cases(url: str) -> None:
    assert split_rows([url], _LURE_RE, _EXE_RE, _KEYWORDS) == _columnar([url])


@settings(max_examples=300, deadline=None)
@given(st.lists(_URL, min_size=1, max_size=6))
def test_rows_equal_columns(urls: list[str]) -> None:
    assert split_rows(urls, _LURE_RE, _EXE_RE, _KEYWORDS) == _columnar(urls)


@settings(max_examples=100, deadline=None)
@given(st.lists(_URL, min_size=1, max_size=6))
def test_a_few_urls_get_the_batch_features_to_the_bit(urls: list[str]) -> None:
    book = default_brandbook()
    rows = prepare_batch(urls, book)
    saved = batch._ROWS_BELOW
    batch._ROWS_BELOW = 0  # the columnar split for the same URLs
    try:
        columns = prepare_batch(urls, book)
    finally:
        batch._ROWS_BELOW = saved
    assert rows.texts == columns.texts
    assert np.array_equal(rows.dense, columns.dense)
    assert np.array_equal(rows.extra, columns.extra)
    assert [rows.hits(i) for i in range(len(urls))] == [columns.hits(i) for i in range(len(urls))]
