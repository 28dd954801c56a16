"""Folds for the out-of-fold scores of ``sms train``'s stack, grouped by near-duplicate clusters.

Row-wise folds of messages made of templates (or of one scam sent with other numbers) put near
duplicates of every validation row in its training part, so the cross-validation sees memorised wording
and overrates a stacker on rare classes (issue #15: on held-out template families the stack it chose
lost to the baseline). Grouping near duplicates into one fold makes each validation row's wording, up
to a near duplicate, unseen in its training part, as a new message's is.

Clusters: texts are normalised as the model reads them (``feature_text``: digits fold to 0, masked
digits read as digits, links are one placeholder), exact duplicates are one cluster, and two texts are
linked when the cosine of their character 3-gram TF-IDF vectors is at least ``threshold`` and each is
among the other's ``neighbours`` nearest (either way). Links are taken in order of decreasing
similarity and a link that would make a cluster larger than ``max_size`` rows is skipped: without the
cap, single linkage chains short greetings into one cluster of half the rows, which no fold can hold.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ringfence.lexical.normalise import normalise

__all__ = [
    "CLUSTER_NEIGHBOURS",
    "CLUSTER_THRESHOLD",
    "grouped_folds",
    "near_duplicate_clusters",
]

IntArray = npt.NDArray[np.int64]

#: Cosine (char 3-gram TF-IDF of the normalised text) at which two messages are near duplicates.
CLUSTER_THRESHOLD = 0.5
#: Links looked at per message: its nearest others above the threshold (keeps the graph linear in size).
CLUSTER_NEIGHBOURS = 10
_CHUNK = 1024


def _key(text: str) -> str:
    from ringfence.text.model import feature_text  # model imports this module

    return feature_text(normalise(text))


def near_duplicate_clusters(
    texts: Sequence[str],
    *,
    threshold: float = CLUSTER_THRESHOLD,
    neighbours: int = CLUSTER_NEIGHBOURS,
    max_size: int | None = None,
) -> IntArray:
    """Each text's cluster id (0, 1, ... in order of first row): a deterministic function of the texts.

    ``max_size`` (default: a tenth of the rows, at least 10) caps the rows a cluster grows to by links;
    exact duplicates of the normalised text always share a cluster, however many."""
    n = len(texts)
    if n == 0:
        return np.zeros(0, np.int64)
    keys = [_key(t) for t in texts]
    first: dict[str, int] = {}
    uniq_of = np.fromiter((first.setdefault(k, len(first)) for k in keys), np.int64, count=n)
    uniq = list(first)
    m = len(uniq)
    size = np.bincount(uniq_of, minlength=m).astype(np.int64)
    parent = np.arange(m, dtype=np.int64)
    cap = max(10, n // 10) if max_size is None else max_size
    if m > 1:
        for a, b in _links(uniq, threshold, neighbours):
            ra, rb = _root(parent, a), _root(parent, b)
            if ra != rb and size[ra] + size[rb] <= cap:
                if ra > rb:
                    ra, rb = rb, ra
                parent[rb] = ra
                size[ra] += size[rb]
    roots = np.fromiter((_root(parent, u) for u in range(m)), np.int64, count=m)[uniq_of]
    # renumber in order of first row, so ids do not depend on the order links were taken in
    ids: dict[int, int] = {}
    return np.fromiter((ids.setdefault(int(r), len(ids)) for r in roots), np.int64, count=n)


def _root(parent: IntArray, a: int) -> int:
    root = a
    while parent[root] != root:
        root = int(parent[root])
    while parent[a] != root:  # path compression
        parent[a], a = root, int(parent[a])
    return root


def _links(texts: list[str], threshold: float, neighbours: int) -> list[tuple[int, int]]:
    """Pairs (i < j) of distinct texts at cosine >= ``threshold``, j among i's nearest or i among j's,
    most similar first (ties by index)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=(3, 3), sublinear_tf=True, dtype=np.float32)
    try:
        x = vec.fit_transform(texts).tocsr()
    except ValueError:  # every text shorter than 3 characters: nothing to compare
        return []
    xt = x.T.tocsr()
    n = x.shape[0]
    k = min(neighbours, n - 1)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    sims: list[npt.NDArray[np.float32]] = []
    for s in range(0, n, _CHUNK):
        block = np.asarray((x[s : s + _CHUNK] @ xt).todense(), np.float32)
        local = np.arange(block.shape[0])
        block[local, local + s] = -1.0  # not oneself
        top = np.argpartition(-block, k - 1, axis=1)[:, :k] if k < n else np.argsort(-block, axis=1)
        sim = block[local[:, None], top]
        keep = sim >= threshold
        rows.append(np.broadcast_to((local + s)[:, None], top.shape)[keep].astype(np.int64))
        cols.append(top[keep].astype(np.int64))
        sims.append(sim[keep])
    r, c, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)
    lo, hi = np.minimum(r, c), np.maximum(r, c)
    order = np.lexsort((hi, lo, -np.round(v, 5)))
    out: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for i in order.tolist():
        pair = (int(lo[i]), int(hi[i]))
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


def grouped_folds(
    texts: Sequence[str],
    labels: Sequence[str],
    folds: int,
    seed: int = 0,
    *,
    threshold: float = CLUSTER_THRESHOLD,
    clusters: IntArray | None = None,
) -> IntArray:
    """Each row's fold (as ``stratified_folds``) with near-duplicate clusters kept whole: scikit-learn's
    ``StratifiedGroupKFold`` (shuffled, seeded) over ``near_duplicate_clusters`` (or ``clusters``).

    Same contract as ``stratified_folds`` otherwise: the one row of a single-row label gets -1 (always
    trained on), and the training part of every fold holds every label with two rows or more. So a label
    whose rows all lie in one cluster is dealt by rows (nothing else can hold part of it out), and a
    label whose clusters all landed in one fold has one of them moved to another fold."""
    from sklearn.model_selection import StratifiedGroupKFold

    labels = [str(y) for y in labels]
    n = len(labels)
    out = np.full(n, -1, np.int64)
    if n == 0:
        return out
    cl = near_duplicate_clusters(texts, threshold=threshold) if clusters is None else np.asarray(clusters)
    y = np.asarray(labels)
    names = sorted(set(labels))
    rows_of = {v: np.flatnonzero(y == v) for v in names}
    held_names = [v for v in names if len(rows_of[v]) >= 2]
    # a label confined to one cluster: each of its rows its own group
    groups = cl.astype(np.int64).copy()
    nxt = int(groups.max()) + 1
    for v in held_names:
        r = rows_of[v]
        if len(set(cl[r].tolist())) == 1:
            groups[r] = np.arange(nxt, nxt + len(r))
            nxt += len(r)
    idx = np.flatnonzero(np.isin(y, held_names))
    n_groups = len(set(groups[idx].tolist()))
    if n_groups < 2:
        return out
    most = max(len(rows_of[v]) for v in held_names)  # scikit-learn refuses more splits than that
    sgkf = StratifiedGroupKFold(n_splits=min(folds, n_groups, most), shuffle=True, random_state=seed % 2**32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a class with fewer rows than folds
        for k, (_, test) in enumerate(sgkf.split(idx, y[idx], groups[idx])):
            out[idx[test]] = k
    used = int(out.max()) + 1
    for v in held_names:
        if len(set(out[rows_of[v]].tolist())) < 2 and not _move_a_group(out, groups, y, rows_of, v, used):
            for j, i in enumerate(sorted(rows_of[v].tolist(), key=lambda i: _hash(seed, texts[i], i))):
                out[i] = j % used
    return out


def _move_a_group(
    out: IntArray,
    groups: IntArray,
    y: npt.NDArray[np.str_],
    rows_of: dict[str, IntArray],
    label: str,
    folds: int,
) -> bool:
    """Move the smallest group holding ``label`` (all of whose rows are in one fold) to another fold
    where no label of the group is left in a single fold; False if there is none."""
    here = int(out[rows_of[label][0]])
    cands = sorted(set(groups[rows_of[label]].tolist()), key=lambda g: (int((groups == g).sum()), g))
    for g in cands:
        members = np.flatnonzero(groups == g)
        others = {str(w) for w in y[members].tolist()}
        for step in range(1, folds):
            dest = (here + step) % folds
            ok = True
            for w in others:
                rest = np.setdiff1d(rows_of[w], members)
                if len(rest) and set(out[rest].tolist()) <= {dest}:
                    ok = False
                    break
            if ok:
                out[members[out[members] >= 0]] = dest
                return True
    return False


def _hash(seed: int, text: str, i: int) -> bytes:
    return hashlib.blake2b(f"{seed}\x00{text}\x00{i}".encode(), digest_size=8).digest()
