"""Fake base stations: messages with no SMS-centre record, grouped into bursts per cell.

A fake base station ("伪基站") broadcasts SMS straight to phones near it, so those messages have no record
in any SMS centre (``origin=unknown`` in the messages contract) and arrive in bursts in the cells the
device passes through. Each such message is flagged; messages of one cell are split into episodes where
the gap between consecutive messages exceeds ``gap``; an episode with at least ``min_messages`` messages
is a suspected area: cell, time span, counts, sample senders and texts, and (when verdicts are given)
the scam categories. The function is pure: the engine or the CLI passes the frame and, optionally, the
text verdicts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta

import polars as pl

__all__ = ["AREA_COLUMNS", "UNKNOWN_ORIGIN", "fake_base_station_areas", "flag_unknown_origin"]

UNKNOWN_ORIGIN = "unknown"
AREA_COLUMNS = (
    "cell", "first_seen", "last_seen", "duration_s", "messages", "receivers", "senders", "fraud_share",
    "categories", "sample_senders", "sample_texts", "score",
)  # fmt: skip


def flag_unknown_origin(messages: pl.DataFrame) -> pl.Series:
    """True for each message with no SMS-centre record (``origin == "unknown"``)."""
    if "origin" not in messages.columns:
        return pl.Series("fbs_candidate", [False] * messages.height, dtype=pl.Boolean)
    return (
        (messages["origin"].cast(pl.Utf8).str.to_lowercase() == UNKNOWN_ORIGIN)
        .fill_null(False)
        .alias("fbs_candidate")
    )


def fake_base_station_areas(
    messages: pl.DataFrame,
    *,
    gap: timedelta = timedelta(minutes=30),
    min_messages: int = 3,
    is_fraud: Sequence[bool | None] | None = None,
    categories: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Suspected fake-base-station areas, most suspicious first (columns ``AREA_COLUMNS``).

    ``is_fraud``/``categories``, when given, are per-row text verdicts aligned with ``messages``.
    """
    frame = messages.with_row_index("_row").filter(flag_unknown_origin(messages))
    empty = pl.DataFrame(schema=dict.fromkeys(AREA_COLUMNS, pl.Utf8))
    if frame.height == 0:
        return empty
    if "sender_cell" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.Utf8).alias("sender_cell"))
    frame = frame.with_columns(pl.col("sender_cell").cast(pl.Utf8).fill_null("(no cell)").alias("_cell"))
    frame = frame.sort(["_cell", "send_time"])
    frame = frame.with_columns(
        (pl.col("send_time").diff().over("_cell") > pl.duration(seconds=int(gap.total_seconds())))
        .fill_null(True)
        .cum_sum()
        .over("_cell")
        .alias("_episode")
    )
    rows = []
    for (cell, _), part in frame.group_by(["_cell", "_episode"], maintain_order=True):
        if part.height < min_messages:
            continue
        idx = part["_row"].to_list()
        times = part["send_time"].to_list()
        first, last = min(times), max(times)
        texts = [t for t in part["text"].to_list() if t] if "text" in part.columns else []
        senders = part["sender"].to_list() if "sender" in part.columns else []
        fraud_share = None
        cats = ""
        if is_fraud is not None:
            flags = [bool(is_fraud[i]) for i in idx]
            fraud_share = sum(flags) / len(flags)
        if categories is not None and is_fraud is not None:
            counted = Counter(categories[i] for i in idx if is_fraud[i])
            cats = ";".join(f"{c}:{n}" for c, n in counted.most_common())
        receivers = part["receiver"].n_unique() if "receiver" in part.columns else 0
        duration = (last - first).total_seconds()
        # More messages to more people, and fraudulent wording, make a broadcast more certain.
        score = min(
            1.0,
            0.4 + 0.1 * min(part.height, 5) + (0.1 * (fraud_share or 0.0)) + (0.05 if receivers > 3 else 0.0),
        )
        rows.append(
            {
                "cell": str(cell),
                "first_seen": first,
                "last_seen": last,
                "duration_s": float(duration),
                "messages": part.height,
                "receivers": receivers,
                "senders": len(set(senders)),
                "fraud_share": fraud_share,
                "categories": cats,
                "sample_senders": ";".join(s for s, _ in Counter(senders).most_common(3)),
                "sample_texts": " | ".join(t[:60] for t, _ in Counter(texts).most_common(2)),
                "score": round(score, 3),
            }
        )
    if not rows:
        return empty
    return pl.DataFrame(rows).sort(["score", "messages"], descending=True)
