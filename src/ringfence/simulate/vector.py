"""Vectorised sampling primitives: every per-record draw is one NumPy operation over all records.

The simulator must write over a million call rows a minute, so nothing here loops over records in
Python; loops run over *ranks* (the k-th call of every user at once) or not at all.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import digamma

__all__ = [
    "crp_contacts",
    "group_starts",
    "pick_from_rows",
    "ranks_within",
    "solve_crp_alpha",
    "top_k_mask",
]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]


def pick_from_rows(rng: np.random.Generator, weights: F64, rows: I64) -> I64:
    """For each entry of ``rows``, draw a column of ``weights[row]`` with probability ∝ its weight.

    All rows are searched at once: the per-row cumulative distributions are laid end to end, offset by
    the row number, so a single ``searchsorted`` serves every draw.
    """
    n_rows, k = weights.shape
    cum = np.cumsum(weights, axis=1)
    totals = cum[:, -1:].copy()
    totals[totals == 0] = 1.0
    cum = cum / totals
    flat = (cum + np.arange(n_rows, dtype=np.float64)[:, None]).ravel()
    r = rows.astype(np.float64) + rng.random(len(rows)) * (1.0 - 1e-9)
    idx = np.searchsorted(flat, r, side="right") - rows * k
    return np.asarray(np.clip(idx, 0, k - 1), dtype=np.int64)


def top_k_mask(rng: np.random.Generator, log_weights: F64, k: I64) -> B:
    """Per row, a random subset of ``k[row]`` columns drawn without replacement ∝ exp(log_weights)
    (Gumbel top-k)."""
    keys = log_weights + rng.gumbel(size=log_weights.shape)
    order = np.argsort(-keys, axis=1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(log_weights.shape[1])[None, :].repeat(len(k), 0), axis=1)
    return ranks < k[:, None]


def group_starts(groups: I64) -> I64:
    """Index of the first element of each element's run, for a sorted group array."""
    n = len(groups)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.empty(n, dtype=bool)
    change[0] = True
    change[1:] = groups[1:] != groups[:-1]
    starts = np.flatnonzero(change)
    return np.repeat(starts, np.diff(np.append(starts, n))).astype(np.int64)


def ranks_within(groups: I64) -> I64:
    """0, 1, 2, ... within each run of a sorted group array."""
    return np.arange(len(groups), dtype=np.int64) - group_starts(groups)


def solve_crp_alpha(calls: F64, distinct: F64, iters: int = 60) -> F64:
    """Concentration α such that a Chinese-restaurant process over ``calls`` draws meets ``distinct``
    different contacts on average (E[distinct] = α·(ψ(α + calls) − ψ(α))), by bisection in log space."""
    target = np.clip(distinct, 1.0, np.maximum(calls, 1.0))
    lo = np.full_like(calls, -8.0)
    hi = np.full_like(calls, 14.0)
    for _ in range(iters):
        mid = (lo + hi) / 2
        alpha = np.exp(mid)
        got = alpha * (digamma(alpha + np.maximum(calls, 1.0)) - digamma(alpha))
        too_many = got > target
        hi = np.where(too_many, mid, hi)
        lo = np.where(too_many, lo, mid)
    return np.asarray(np.exp((lo + hi) / 2), dtype=np.float64)


def crp_contacts(rng: np.random.Generator, user: I64, alpha: F64) -> tuple[I64, I64]:
    """Contact choice for each record of each user, in record order, by a Chinese-restaurant process.

    ``user`` must be sorted (records of a user contiguous, in time order); ``alpha`` is per user. The
    k-th record of a user goes to a new contact with probability α/(α+k), else repeats the contact of a
    uniformly chosen earlier record (so contacts are reused ∝ how often they were called: a few close
    contacts, a long tail). Returns (local contact id per record, distinct contacts per user).
    """
    n = len(user)
    n_users = len(alpha)
    contact = np.zeros(n, dtype=np.int64)
    distinct = np.zeros(n_users, dtype=np.int64)
    if n == 0:
        return contact, distinct
    start = group_starts(user)
    rank = np.arange(n, dtype=np.int64) - start
    new = rng.random(n) < alpha[user] / (alpha[user] + rank)
    new[rank == 0] = True
    # New contacts are numbered in order of first appearance.
    new_count = np.cumsum(new) - 1
    contact[new] = new_count[new] - (np.cumsum(new) - 1)[start[new]]
    order = np.argsort(rank, kind="stable")
    ranks_sorted = rank[order]
    bounds = np.searchsorted(ranks_sorted, np.arange(ranks_sorted[-1] + 2))
    for k in range(1, int(ranks_sorted[-1]) + 1):
        idx = order[bounds[k] : bounds[k + 1]]
        rep = idx[~new[idx]]
        if len(rep):
            prev = start[rep] + (rng.random(len(rep)) * k).astype(np.int64)
            contact[rep] = contact[prev]
    np.add.at(distinct, user, new.astype(np.int64))
    return contact, distinct
