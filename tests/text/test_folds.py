"""``near_duplicate_clusters`` and ``grouped_folds``: the folds of ``sms train``'s out-of-fold scores keep
near duplicates together, so the stacker's cross-validation sees wording unseen in training."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.simulate.sms_marketing import synth_spam
from ringfence.simulate.sms_texts import synth_messages
from ringfence.text.folds import grouped_folds, near_duplicate_clusters

SCAM = "【{b}】您的账户存在异常，请于{d}前登录 {u} 核实身份，逾期将冻结，客服电话{p}"
OTHER = [
    "妈，我周六晚上回家吃饭，帮我留点汤",
    "Your parcel could not be delivered, reschedule at the post office counter",
    "明天上午十点的会议改到三楼小会议室，记得带上季度报表",
    "恭喜您获得本月积分兑换资格，可到门店领取精美礼品一份",
    "hey are we still on for football tonight? bring the spare ball",
]


def _scam_variants() -> list[str]:
    rows = []
    for j, (b, u) in enumerate((("工商银行", "http://icbc-verify.cc/a"), ("建设银行", "www.ccb-safe.top"))):
        for k in range(4):
            rows.append(
                SCAM.format(b=b, d=f"{3 + k}月{10 + j}日", u=u, p=f"400-8{k}{j}-66{k}{k}").replace(
                    "核实", "核实" if k % 2 else "核对"
                )
            )
    masked = "【工商银行】您的账户存在异常，请于5月1日前登录 http://a.b/c 核实身份，逾期将冻结，客服电话"
    rows.append(masked + "138****1234")
    return rows


def test_near_duplicates_share_a_cluster_and_distinct_texts_do_not() -> None:
    scam = _scam_variants()
    cl = near_duplicate_clusters(scam + OTHER)
    assert len(set(cl[: len(scam)].tolist())) == 1  # other digits, masks, links, banks, one word
    assert len(set(cl[len(scam) :].tolist())) == len(OTHER)
    assert cl[0] not in set(cl[len(scam) :].tolist())
    assert cl.tolist()[: len(scam) + 1] == [0] * len(scam) + [1]  # ids in order of first row


def test_exact_duplicates_share_a_cluster_even_beyond_the_cap() -> None:
    texts = ["恭喜中奖，请点击链接领取"] * 30 + OTHER
    cl = near_duplicate_clusters(texts, max_size=5)
    assert len(set(cl[:30].tolist())) == 1
    assert len(set(cl.tolist())) == 1 + len(OTHER)


def test_clusters_are_capped() -> None:
    """Single linkage would chain every variant into one cluster; the cap keeps clusters small."""
    scam = _scam_variants()
    cl = near_duplicate_clusters(scam, max_size=3)
    assert max(Counter(cl.tolist()).values()) <= 3


def test_tiny_and_empty_inputs() -> None:
    assert near_duplicate_clusters([]).tolist() == []
    assert near_duplicate_clusters(["a"]).tolist() == [0]
    assert near_duplicate_clusters(["a", "b", "a"]).tolist() == [0, 1, 0]


def _generated(seed: int) -> tuple[list[str], list[str]]:
    rows = [(m.text, c) for c in ("normal", "prize", "loan_credit") for m in synth_messages(seed, 60, c)]
    rows += [(m.text, "marketing") for m in synth_spam(seed, 60, "marketing")]
    return [t for t, _ in rows], [y for _, y in rows]


def test_clustering_and_folds_are_deterministic() -> None:
    texts, labels = _generated(3)
    a, b = near_duplicate_clusters(texts), near_duplicate_clusters(list(texts))
    np.testing.assert_array_equal(a, b)
    assert len(set(a.tolist())) < len(texts)  # generated wording has near duplicates
    np.testing.assert_array_equal(grouped_folds(texts, labels, 5, 7), grouped_folds(texts, labels, 5, 7))


def test_generated_rows_are_grouped_whole_and_every_fold_holds_every_label() -> None:
    texts, labels = _generated(4)
    cl = near_duplicate_clusters(texts)
    fold = grouped_folds(texts, labels, 5, 0)
    for c in set(cl.tolist()):
        assert len(set(fold[cl == c].tolist())) == 1
    for k in range(5):
        assert {y for y, f in zip(labels, fold.tolist(), strict=True) if f == k} == set(labels)


def _label_pure_clusters(draw: st.DrawFn) -> tuple[list[str], np.ndarray]:
    n_clusters = draw(st.integers(1, 25))
    cluster_label = draw(st.lists(st.sampled_from("abcd"), min_size=n_clusters, max_size=n_clusters))
    sizes = draw(st.lists(st.integers(1, 6), min_size=n_clusters, max_size=n_clusters))
    cl = np.repeat(np.arange(n_clusters), sizes)
    perm = draw(st.permutations(range(len(cl))))
    cl = cl[list(perm)]
    return [cluster_label[c] for c in cl.tolist()], cl


@settings(max_examples=80, deadline=None)
@given(st.data(), st.integers(2, 6), st.integers(0, 2**40))
def test_grouped_folds_keep_clusters_whole_and_every_label_in_training(
    data: st.DataObject, folds: int, seed: int
) -> None:
    labels, cl = data.draw(st.composite(_label_pure_clusters)())
    texts = [f"t{i}" for i in range(len(labels))]
    fold = grouped_folds(texts, labels, folds, seed, clusters=cl)
    counts = Counter(labels)
    assert all((fold[i] == -1) == (counts[y] == 1) for i, y in enumerate(labels))
    assert fold.max() < folds
    for k in range(folds):
        train = {y for y, f in zip(labels, fold.tolist(), strict=True) if f != k and counts[y] >= 2}
        assert train == {y for y in labels if counts[y] >= 2}
    clusters_of = {y: set(cl[[z == y for z in labels]].tolist()) for y in counts}
    for c in set(cl.tolist()):
        y = labels[int(np.flatnonzero(cl == c)[0])]
        if len(clusters_of[y]) >= 2:  # only a label confined to one cluster is dealt by rows
            assert len(set(fold[cl == c].tolist())) == 1


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 8)), min_size=2, max_size=60),
    st.integers(2, 5),
    st.integers(0, 2**40),
)
def test_grouped_folds_contract_holds_for_mixed_clusters(
    rows: list[tuple[str, int]], folds: int, seed: int
) -> None:
    """Clusters holding several labels (the same wording labelled twice): the contract of
    ``stratified_folds`` still holds."""
    labels = [y for y, _ in rows]
    cl = np.asarray([c for _, c in rows], np.int64)
    fold = grouped_folds([f"t{i}" for i in range(len(rows))], labels, folds, seed, clusters=cl)
    counts = Counter(labels)
    assert all((fold[i] == -1) == (counts[y] == 1) for i, y in enumerate(labels))
    for k in range(folds):
        train = {y for y, f in zip(labels, fold.tolist(), strict=True) if f != k and counts[y] >= 2}
        assert train == {y for y in labels if counts[y] >= 2}
