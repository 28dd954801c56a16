from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ringfence.lexical.normalise import normalise
from ringfence.simulate.sms_texts import synth_messages
from ringfence.text import patterns as patterns_module
from ringfence.text.patterns import Pattern, PatternHit, PatternLibrary, default_library
from ringfence.text.prefilter import candidates, rust_superset

_LIB = default_library()
# Filler around a pattern's match: characters of the patterns themselves (so that fillers can complete,
# break or extend a match) and the characters the two dialects disagree on.
_CHARS = set("".join(p.regex.pattern for p in _LIB.patterns)) | set(" \n\x1c٣a1")
_FILLER = st.text(alphabet=st.sampled_from(sorted(_CHARS)), max_size=12)


def test_every_shipped_pattern_has_a_prefilter() -> None:
    # the speed-up is for the shipped library: a pattern without a rewrite is searched everywhere
    missing = [p.id for p in _LIB.patterns if rust_superset(p.regex) is None]
    assert missing == []


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"转账\s*验证码", "转账\x1c验证码"),  # Python's \s takes \x1c-\x1f, Rust's does not
        (r"[\s]码", "\x1d码"),
        (r"账户[^\s]", "账户好"),
        (r"验证码\d{3}", "验证码٣٤٥"),  # Arabic-Indic digits are \d in both
        (r"尾号[^\d]", "尾号x"),
        (r"\D银行", "٣银行x银行"),
        (r"退款$", "办理退款\n"),  # Python's $ also matches before a final newline
        (r"^退款", "退款了"),
        (r"[\S]{2}退款", "好好退款"),
        (r"[^\S]退款", "\x1c退款"),
        (r"(?<!次日)开盘(?!价)", "今日开盘啦"),
        (r"\b[a-z]+pay\b", "xpay"),
        (r"(?i)APPLE\s?ID", "apple id"),
        (r"安全.*?账户", "安全的账户"),
        (r"点击(链接|网址){1,}领取", "点击链接网址领取"),
        (r"(?P<x>冻结)账户", "冻结账户"),
        (r"[一-龥]{2}客服", "淘宝客服"),
    ],
)
def test_the_rewrite_matches_wherever_python_does(pattern: str, text: str) -> None:
    regex = re.compile(pattern)
    rust = rust_superset(regex)
    assert rust is not None
    assert regex.search(text) is not None
    assert candidates([text, "无关的短信"], [rust])[:, 0].tolist() == [True, False]


@pytest.mark.parametrize("pattern", [r"\w+银行", r"(?s)退.款", r"(\d)\1{3}", r"(?>安全)账户", r"(?i:x)退款"])
def test_constructs_without_a_safe_rewrite_have_no_prefilter(pattern: str) -> None:
    assert rust_superset(re.compile(pattern)) is None


def test_a_pattern_without_a_prefilter_is_a_candidate_everywhere() -> None:
    matrix = candidates(["a", "b", "c"], [None, "b"])
    assert matrix.tolist() == [[True, False], [True, True], [True, False]]
    assert candidates(["a"], []).shape == (1, 0)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(_FILLER, st.sampled_from(_LIB.patterns).flatmap(lambda p: st.from_regex(p.regex)), _FILLER),
        min_size=1,
        max_size=8,
    )
)
def test_no_shipped_pattern_match_is_sifted_out(pieces: list[tuple[str, str, str]]) -> None:
    texts = ["".join(piece) for piece in pieces]
    rewrites = [rust_superset(p.regex) for p in _LIB.patterns]
    matrix = candidates(texts, rewrites)
    for i, text in enumerate(texts):
        for k, p in enumerate(_LIB.patterns):
            if p.regex.search(text) is not None:
                assert matrix[i, k], (p.id, text)


def _quoted(hits: list[list[PatternHit]]) -> list[list[str]]:
    return [[f"{h.id}:{h.matched}" for h in msg] for msg in hits]


def _per_message(texts: list[str]) -> list[list[str]]:
    return _quoted([_LIB.match_message(t) for t in texts])


def test_a_batch_has_the_hits_text_by_text_has(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [normalise(m.text) for m in synth_messages(11, 600)]
    texts += ["", "点击 https://icbc-jf.top/x 领取积分", "【淘宝】双11 全场5折 回T退订"]
    columnar = _quoted(_LIB.match_messages(texts))
    assert columnar == _per_message(texts)
    assert sum(map(len, columnar)) > len(texts) // 2  # the batch really holds hits
    monkeypatch.setattr(patterns_module, "_COLUMNAR_FROM", 10**9)  # the text-by-text path
    assert _quoted(_LIB.match_messages(texts)) == columnar


def test_a_custom_pattern_without_a_rewrite_still_hits_in_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns_module, "_COLUMNAR_FROM", 1)
    lib = PatternLibrary(
        [
            Pattern("w.bank", "impersonation", 1.0, re.compile(r"\w{2}银行"), "bank"),
            Pattern("plain", "prize", 1.0, re.compile("中奖"), "prize"),
        ]
    )
    hits = lib.match_messages(["您好工商银行通知", "恭喜中奖", "普通消息"])
    assert [[h.id for h in hs] for hs in hits] == [["w.bank"], ["plain"], []]
    assert np.array_equal(
        candidates(["恭喜中奖"], [rust_superset(p.regex) for p in lib.patterns]), np.array([[True, True]])
    )


def test_a_batch_with_a_lone_surrogate_is_matched_text_by_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns_module, "_COLUMNAR_FROM", 1)
    texts = ["恭喜您中奖了,请点击领取", "bad \ud800 text 安全账户", "普通消息"]
    assert _quoted(_LIB.match_messages(texts)) == _per_message(texts)
