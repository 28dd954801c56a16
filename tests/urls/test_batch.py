"""The vectorised batch path must compute exactly what the scalar reference path computes."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.urls.batch import prepare_batch
from ringfence.urls.brands import default_brandbook
from ringfence.urls.features import hash_text, numeric_matrix
from ringfence.urls.parse import parse_url
from ringfence.urls.rules import evaluate

SAMPLES = [
    "http://www.icbc.com.cn/login",
    "icbc-jf.top/m",
    "HTTPS://A.B.Example.CO.UK:8443/x?y=1&z=%20",
    "http://192.168.1.1:8080/login.php",
    "http://paypal.com@evil.xyz//redirect?u=http://x.com",
    "  https://secure-update-paypal.a.b.c.xyz/Account/Verify/app.apk  ",
    "http://[::1]:8080/a",
    "ftp://files.example.org/a.exe?x",
    "",
    "www.bbc.co.uk/news",
    "http://xn--pypal-4ve.com/Signin",
]


def _scalar(urls: list[str]) -> tuple[list[str], np.ndarray, list[set[str]]]:
    book = default_brandbook()
    parsed = [parse_url(u) for u in urls]
    evals = [evaluate(p, book) for p in parsed]
    numeric = numeric_matrix(
        urls,
        [p.host for p in parsed],
        [p.path for p in parsed],
        [len(p.subdomain_labels) for p in parsed],
        [len(p.suffix) for p in parsed],
    )
    dense = np.hstack([numeric, np.asarray([e[1] for e in evals], np.float32)])
    return [hash_text(p.host, p.path) for p in parsed], dense, [{h.id for h in e[0]} for e in evals]


def _check(urls: list[str]) -> None:
    batch = prepare_batch(urls, default_brandbook())
    s_texts, s_dense, s_hits = _scalar(urls)
    assert batch.texts == s_texts
    np.testing.assert_allclose(batch.dense, s_dense, rtol=1e-5, atol=1e-5)
    assert [{h.id for h in batch.hits(i)} for i in range(len(urls))] == s_hits
    book = default_brandbook()
    scalar_extra = [sum(h.weight for h in evaluate(parse_url(u), book)[0]) for u in urls]
    np.testing.assert_allclose(batch.extra, scalar_extra)


def test_batch_matches_scalar_on_samples() -> None:
    _check(SAMPLES)  # a few URLs: the row-by-row split
    _check(SAMPLES * 20)  # a batch: the columnar split


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(alphabet="htps:/wexamplcoICB.-_@?&=%0123456789#:~[]\\ ", max_size=60), min_size=1, max_size=5
    )
)
def test_batch_matches_scalar_on_random_urls(urls: list[str]) -> None:
    _check(urls)
