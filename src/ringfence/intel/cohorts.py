"""Abnormal cards as explained findings, listed per cohort: the cards that belong together and why.

Card-farm operations show as groups, not as single numbers: SIMs rotated through the ports of one GoIP
gateway or "cat pool" (猫池), batches of fresh cards switched on together in one cell, virtual-operator
(MVNO) cards that start dialing like machines days after activation, IoT cards (meant for meters and
trackers) placing voice calls. Each finding is one cohort with its members and the evidence an analyst
checks; a number may appear in several findings (a GoIP's SIMs are often also a cell cohort).

``find_cohorts`` is pure: call records and subscriber records in (canonical columns of the ``calls`` and
``subscribers`` contracts), findings out, with the time of analysis passed in (``as_of``: calls after it
are ignored, so a replay answers as it would have then). Rules and why the defaults keep ordinary
subscribers out:

``multi_sim_handset``
    one IMEI placing calls from ``handset_sims`` (6) or more numbers. A dual-SIM phone shows two, a
    family passing one phone around three or four; a GoIP gateway rotates dozens.
``cell_cohort``
    ``cohort_cards`` (6) or more **new** cards (activated at most ``new_card`` (30 days) before their
    first call; with no activation time, first seen at least ``warmup`` (1 day) after the records
    begin) first seen in one cell within ``cohort_window`` (6 h). A family buying four cards at a shop
    switches them on at home, at work and at school over several days: different cells, fewer cards.
``mvno_dialer``
    a virtual-operator card (``card_type`` virtual, else a virtual number range) new as above that, in
    its first ``dialer_period`` (7 days) of calls, called ``dialer_callees`` (20) or more distinct
    numbers, nearly all once (distinct callees at least ``dialer_spread`` (0.7) of its calls): a person
    calls the same few people again, a dialer works down a list. Grouped by holder (id_hash), else by
    activation day.
``iot_voice``
    an IoT card (``card_type`` iot, else an IoT number range) placing ``iot_calls`` (1) or more outgoing
    voice calls; grouped by holder, else by the cell it calls from most.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import polars as pl

from ringfence.domain.numbers import NumberKind, classify

__all__ = ["COHORT_COLUMNS", "FINDINGS", "CohortRules", "find_cohorts"]

FINDINGS = ("multi_sim_handset", "cell_cohort", "mvno_dialer", "iot_voice")
COHORT_COLUMNS = ("finding", "cohort", "cards", "numbers", "first_seen", "last_seen", "evidence")
_MEMBERS_SHOWN = 50  # numbers listed per cohort; the count is always complete
_TS = "%Y-%m-%dT%H:%MZ"


@dataclass(frozen=True, slots=True)
class CohortRules:
    handset_sims: int = 6
    cohort_cards: int = 6
    cohort_window: timedelta = timedelta(hours=6)
    new_card: timedelta = timedelta(days=30)
    warmup: timedelta = timedelta(days=1)
    dialer_period: timedelta = timedelta(days=7)
    dialer_callees: int = 20
    dialer_spread: float = 0.7
    iot_calls: int = 1


def _schema() -> dict[str, pl.DataType]:
    return {
        "finding": pl.String(),
        "cohort": pl.String(),
        "cards": pl.UInt32(),
        "numbers": pl.String(),
        "first_seen": pl.Datetime("us", "UTC"),
        "last_seen": pl.Datetime("us", "UTC"),
        "evidence": pl.String(),
    }


def _col(frame: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    return pl.col(name) if name in frame.columns else pl.lit(None, dtype=dtype).alias(name)


def _outgoing(calls: pl.DataFrame, as_of: datetime | None) -> pl.DataFrame:
    """Outgoing calls with the columns the rules read (absent optional ones null)."""
    out = calls.select(
        "caller",
        "callee",
        "start_time",
        _col(calls, "duration_s", pl.Int64()),
        _col(calls, "caller_imei", pl.String()),
        _col(calls, "caller_cell", pl.String()),
        _col(calls, "call_type", pl.String()),
    ).filter(pl.col("call_type").fill_null("moc") == "moc")
    if as_of is not None:
        out = out.filter(pl.col("start_time") <= as_of)
    return out.drop("call_type")


def _cards(subscribers: pl.DataFrame | None) -> pl.DataFrame:
    schema = {
        "number": pl.String(),
        "id_hash": pl.String(),
        "card_type": pl.String(),
        "activated_at": pl.Datetime("us", "UTC"),
    }
    if subscribers is None:
        return pl.DataFrame(schema=schema)
    return subscribers.select(
        "number",
        *[_col(subscribers, c, t) for c, t in schema.items() if c != "number"],
    ).unique("number", keep="last")


def _kind(numbers: pl.Series) -> pl.Series:
    """The numbering plan's kind of each number (virtual, iot, mobile, ...), once per distinct number."""
    distinct = numbers.unique()
    kinds = [classify(n).kind.value if n is not None else None for n in distinct.to_list()]
    return numbers.replace_strict(distinct, pl.Series(kinds, dtype=pl.String), default=None)


def _members(col: str = "caller") -> pl.Expr:
    return pl.col(col).unique().sort()


def _listed(members: pl.Expr) -> pl.Expr:
    shown = members.list.head(_MEMBERS_SHOWN).list.join(";")
    more = members.list.len().cast(pl.Int64) - _MEMBERS_SHOWN
    return pl.when(more > 0).then(pl.format("{};… (+{} more)", shown, more)).otherwise(shown)


def _per_card(out: pl.DataFrame, cards: pl.DataFrame) -> pl.DataFrame:
    """One row per calling card: first and last call, calls, the cell it first called from, and what
    the subscriber feed (or, failing that, the numbering plan) says about it."""
    first = (
        out.sort("start_time")
        .group_by("caller", maintain_order=True)
        .agg(
            pl.col("start_time").first().alias("first_seen"),
            pl.col("start_time").last().alias("last_seen"),
            pl.len().alias("calls"),
            pl.col("caller_cell").drop_nulls().first().alias("first_cell"),
            pl.col("caller_cell").drop_nulls().mode().first().alias("main_cell"),
        )
    )
    joined = first.join(cards, left_on="caller", right_on="number", how="left")
    plan = _kind(joined["caller"])
    return joined.with_columns(
        pl.coalesce(pl.col("card_type").str.to_lowercase(), pl.lit(plan)).alias("kind"),
    )


def _new(rules: CohortRules, start: datetime) -> pl.Expr:
    """A card new to the network when first seen: activated shortly before its first call, or (no
    activation time) first seen well after the records begin."""
    act = pl.col("activated_at")
    recent = (pl.col("first_seen") - act) <= rules.new_card
    late = pl.col("first_seen") >= start + rules.warmup
    return pl.when(act.is_not_null()).then(recent & (act <= pl.col("first_seen"))).otherwise(late)


def _handsets(out: pl.DataFrame, rules: CohortRules) -> pl.DataFrame:
    """Handsets carrying many SIMs; handsets that share SIMs (a gateway's ports, SIMs rotated across
    them) are one cohort: the farm, not each of its ports."""
    per = (
        out.filter(pl.col("caller_imei").is_not_null())
        .group_by("caller_imei")
        .agg(
            _members().alias("m"),
            pl.col("caller_cell").drop_nulls().unique().alias("cells"),
            pl.len().alias("calls"),
            pl.col("start_time").min().alias("first_seen"),
            pl.col("start_time").max().alias("last_seen"),
        )
        .filter(pl.col("m").list.len() >= rules.handset_sims)
        .sort("caller_imei")
    )
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    rows = per.to_dicts()
    for r in rows:
        for sim in r["m"]:
            a, b = root(f"imei:{r['caller_imei']}"), root(f"sim:{sim}")
            if a != b:
                parent[max(a, b)] = min(a, b)
    farms: dict[str, list[dict[str, object]]] = {}
    for r in rows:
        farms.setdefault(root(f"imei:{r['caller_imei']}"), []).append(r)
    parts = []
    for group in farms.values():
        imeis = sorted(str(r["caller_imei"]) for r in group)
        sims = sorted({str(x) for r in group for x in r["m"]})  # type: ignore[attr-defined]
        cells = sorted({str(x) for r in group for x in r["cells"]})  # type: ignore[attr-defined]
        per_handset = [len(r["m"]) for r in group]  # type: ignore[arg-type]
        calls = sum(int(r["calls"]) for r in group)  # type: ignore[call-overload]
        shown = ", ".join(imeis[:10]) + (f", … (+{len(imeis) - 10})" if len(imeis) > 10 else "")
        parts.append(
            {
                "finding": "multi_sim_handset",
                "cohort": f"imei:{imeis[0]}" + (f"+{len(imeis) - 1}" if len(imeis) > 1 else ""),
                "cards": len(sims),
                "numbers": _joined(sims),
                "first_seen": min(r["first_seen"] for r in group),  # type: ignore[type-var]
                "last_seen": max(r["last_seen"] for r in group),  # type: ignore[type-var]
                "evidence": (
                    f"{len(imeis)} handset(s) ({shown}) placed {calls} calls from {len(sims)} SIMs, "
                    f"{min(per_handset)}–{max(per_handset)} per handset (threshold {rules.handset_sims}), "
                    f"in cell(s) {', '.join(cells[:10]) or 'unknown'}: "
                    "a GoIP gateway or cat pool rotating cards"
                ),
            }
        )
    return pl.DataFrame(parts, schema=_schema())


def _cell_cohorts(per_card: pl.DataFrame, rules: CohortRules, start: datetime) -> pl.DataFrame:
    """New cards first seen in one cell: every run of first sightings where some ``cohort_window``
    holds ``cohort_cards`` of them; overlapping qualifying windows form one cohort."""
    fresh = (
        per_card.filter(pl.col("first_cell").is_not_null() & _new(rules, start))
        .select("caller", "first_cell", "first_seen", "last_seen", "activated_at")
        .sort("first_cell", "first_seen")
    )
    rows: list[dict[str, object]] = []
    for (cell,), group in fresh.group_by("first_cell", maintain_order=True):
        if group.height < rules.cohort_cards:
            continue
        times = group["first_seen"].to_list()
        k = rules.cohort_cards
        marked = [False] * len(times)
        for i in range(len(times) - k + 1):
            if times[i + k - 1] - times[i] <= rules.cohort_window:
                for j in range(i, i + k):
                    marked[j] = True
        i = 0
        while i < len(times):  # runs of marked cards, split where the chain of windows breaks
            if not marked[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(times) and marked[j + 1] and times[j + 1] - times[j] <= rules.cohort_window:
                j += 1
            rows.append({"cell": str(cell), "lo": i, "hi": j, "group": group})
            i = j + 1
    parts = []
    for r in rows:
        g: pl.DataFrame = r["group"]  # type: ignore[assignment]
        lo, hi = int(r["lo"]), int(r["hi"])  # type: ignore[call-overload]
        sub = g.slice(lo, hi - lo + 1)
        first, last = _when(sub["first_seen"].min()), _when(sub["first_seen"].max())
        acts = sub["activated_at"].drop_nulls()
        activation = ""
        if acts.len():
            activation = f"; activated {_when(acts.min()):{_TS}} to {_when(acts.max()):{_TS}}"
        members = sorted(sub["caller"].to_list())
        parts.append(
            {
                "finding": "cell_cohort",
                "cohort": f"cell:{r['cell']}@{first:{_TS}}",
                "cards": len(members),
                "numbers": _joined(members),
                "first_seen": first,
                "last_seen": _when(sub["last_seen"].max()),
                "evidence": (
                    f"{len(members)} new cards first seen in cell {r['cell']} within "
                    f"{_hours(last - first)}h (threshold {rules.cohort_cards} in "
                    f"{_hours(rules.cohort_window)}h){activation}"
                ),
            }
        )
    return pl.DataFrame(parts, schema=_schema())


def _joined(members: list[str]) -> str:
    shown = ";".join(members[:_MEMBERS_SHOWN])
    more = len(members) - _MEMBERS_SHOWN
    return f"{shown};… (+{more} more)" if more > 0 else shown


def _hours(delta: timedelta) -> str:
    return f"{delta.total_seconds() / 3600:.3g}"


def _when(value: object) -> datetime:
    assert isinstance(value, datetime)
    return value


def _grouped(cards: pl.DataFrame, finding: str, fallback: pl.Expr, why: str) -> pl.DataFrame:
    """Cards of one finding in cohorts: by holder when the feed names one, else by ``fallback``."""
    key = pl.coalesce(pl.format("holder:{}", "id_hash"), fallback)
    return (
        cards.with_columns(key.alias("cohort"))
        .sort("caller")
        .group_by("cohort")
        .agg(
            pl.col("caller").alias("m"),
            pl.col("detail").alias("d"),
            pl.col("first_seen").min(),
            pl.col("last_seen").max(),
        )
        .select(
            pl.lit(finding).alias("finding"),
            "cohort",
            pl.col("m").list.len().cast(pl.UInt32).alias("cards"),
            _listed(pl.col("m")).alias("numbers"),
            "first_seen",
            "last_seen",
            pl.format(
                "{} card(s) {}: {}",
                pl.col("m").list.len(),
                pl.lit(why),
                pl.col("d").list.head(20).list.join("; "),
            ).alias("evidence"),
        )
    )


def _mvno_dialers(
    out: pl.DataFrame, per_card: pl.DataFrame, rules: CohortRules, start: datetime
) -> pl.DataFrame:
    virtual = per_card.filter((pl.col("kind") == NumberKind.VIRTUAL.value) & _new(rules, start))
    if virtual.is_empty():
        return pl.DataFrame(schema=_schema())
    early = (
        out.join(virtual.select("caller", "first_seen"), on="caller")
        .filter(pl.col("start_time") < pl.col("first_seen") + rules.dialer_period)
        .group_by("caller")
        .agg(
            pl.col("callee").n_unique().alias("callees"),
            pl.len().alias("n"),
            (pl.col("duration_s").fill_null(0) > 0).mean().alias("answered"),
        )
        .filter(
            (pl.col("callees") >= rules.dialer_callees)
            & (pl.col("callees") >= rules.dialer_spread * pl.col("n"))
        )
    )
    days = rules.dialer_period.total_seconds() / 86_400
    hits = virtual.join(early, on="caller").with_columns(
        pl.format(
            "{} activated {}, first call {}, then {} calls to {} numbers in {}d, {}% answered",
            "caller",
            pl.col("activated_at").dt.strftime(_TS).fill_null("(unknown)"),
            pl.col("first_seen").dt.strftime(_TS),
            "n",
            "callees",
            pl.lit(f"{days:g}"),
            (pl.col("answered") * 100).round(0).cast(pl.Int64),
        ).alias("detail")
    )
    fallback = pl.format("activated:{}", pl.col("activated_at").dt.strftime("%Y-%m-%d").fill_null("unknown"))
    return _grouped(
        hits, "mvno_dialer", fallback, "of a virtual operator dialing like machines soon after activation"
    )


def _iot_voice(per_card: pl.DataFrame, rules: CohortRules) -> pl.DataFrame:
    iot = per_card.filter((pl.col("kind") == NumberKind.IOT.value) & (pl.col("calls") >= rules.iot_calls))
    if iot.is_empty():
        return pl.DataFrame(schema=_schema())
    hits = iot.with_columns(
        pl.format(
            "{} placed {} voice calls from {} (cell {})",
            "caller",
            "calls",
            pl.col("first_seen").dt.strftime(_TS),
            pl.col("main_cell").fill_null("unknown"),
        ).alias("detail")
    )
    fallback = pl.format("cell:{}", pl.col("main_cell").fill_null("unknown"))
    return _grouped(hits, "iot_voice", fallback, "meant for machines (IoT) placing voice calls")


def find_cohorts(
    calls: pl.DataFrame,
    subscribers: pl.DataFrame | None = None,
    as_of: datetime | None = None,
    rules: CohortRules | None = None,
) -> pl.DataFrame:
    """Findings, one row per cohort: ``finding, cohort, cards, numbers, first_seen, last_seen,
    evidence`` (``numbers``: the members, the first 50 listed), ordered by finding and size."""
    rules = rules or CohortRules()
    out = _outgoing(calls, as_of)
    if out.is_empty():
        return pl.DataFrame(schema=_schema())
    start = out["start_time"].min()
    assert isinstance(start, datetime)
    per_card = _per_card(out, _cards(subscribers))
    parts = [
        _handsets(out, rules),
        _cell_cohorts(per_card, rules, start),
        _mvno_dialers(out, per_card, rules, start),
        _iot_voice(per_card, rules),
    ]
    found = pl.concat([p.cast(_schema()) for p in parts])  # type: ignore[arg-type]
    order = {f: i for i, f in enumerate(FINDINGS)}
    return (
        found.with_columns(pl.col("finding").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
        .sort("_o", "cards", "cohort", descending=[False, True, False])
        .drop("_o")
    )
