"""How late the late records were, and through which origin.

A record older than the newest one seen before it minus the allowed lateness is set aside as late
(``columnar._LateSplit``): the streaming engine has already released that time, and ``detect`` sets
the same records aside so that its verdicts are ``watch``'s. That is right for a record a switch
re-sent a day later; it is wrong for a whole feed that is delivered later than the others. A
border prefecture's international gateway delivering in hourly batches up to two hours behind the
core network had 4.7 % of all its records set aside by the default hour (most of them the gateway's,
the traffic of the rings abroad) and nothing said so but a count. The tally says how far behind the
late records were and through which origin they came, so the setting can be chosen: a lateness that
keeps a feed costs ``watch`` as long before its verdicts are final, which is the operator's trade.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["BOUNDS", "HINT_SHARE", "MOST", "LateTally", "describe", "hint", "label"]

#: Upper bounds, in seconds behind the newest record seen before, of the tally's bins; the last bin
#: holds everything beyond them.
BOUNDS: tuple[int, ...] = (
    300,
    900,
    1800,
    3600,
    5400,
    7200,
    10800,
    14400,
    21600,
    43200,
    86400,
    172800,
    259200,
)

#: Share of the records read, set aside as late, above which ``hint`` speaks.
HINT_SHARE = 0.01
#: Share of the late records the lateness ``hint`` names would have kept.
MOST = 0.75


def label(seconds: int) -> str:
    """A bound as a lateness setting reads it (``90m``, ``2h``, ``1d``)."""
    if seconds % 86400 == 0:
        return f"{seconds // 86400}d"
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{seconds // 60}m"


@dataclass
class LateTally:
    """Late records counted by origin (``(none)`` for records without one: messages, or calls whose
    feed leaves it out) and by how far behind they were (``BOUNDS``' bins), with the farthest."""

    by_origin: dict[str, int] = field(default_factory=dict)
    bins: list[int] = field(default_factory=lambda: [0] * (len(BOUNDS) + 1))
    most_s: int = 0

    @property
    def total(self) -> int:
        return sum(self.bins)

    def add(self, behind_s: Iterable[int], origins: Iterable[str | None]) -> None:
        """Counts records that were ``behind_s`` seconds behind, each with its origin (in step)."""
        for behind, origin in zip(behind_s, origins, strict=True):
            key = origin or "(none)"
            self.by_origin[key] = self.by_origin.get(key, 0) + 1
            self.bins[bisect_left(BOUNDS, behind)] += 1  # the first bound at or past it
            self.most_s = max(self.most_s, behind)

    def merged(self, other: LateTally) -> LateTally:
        """Both tallies as one (the calls' and the messages' of a run)."""
        origins = dict(self.by_origin)
        for key, n in other.by_origin.items():
            origins[key] = origins.get(key, 0) + n
        bins = [a + b for a, b in zip(self.bins, other.bins, strict=True)]
        return LateTally(origins, bins, max(self.most_s, other.most_s))

    def origins(self) -> list[tuple[str, int]]:
        """(origin, late records), the most first."""
        return sorted(self.by_origin.items(), key=lambda kv: -kv[1])

    def within(self, share: float) -> int | None:
        """The smallest bound that ``share`` of the late records were within (None: beyond the last,
        or no late records)."""
        for bound, part in self.cumulative():
            if part >= share:
                return bound
        return None

    def cumulative(self) -> list[tuple[int, float]]:
        """(bound, share of the late records within it) for every bound up to the farthest record's."""
        total = self.total
        out: list[tuple[int, float]] = []
        seen = 0
        for bound, n in zip(BOUNDS, self.bins, strict=False):
            if seen == total:
                break
            seen += n
            out.append((bound, seen / total))
        return out

    def as_dict(self) -> dict[str, object]:
        """For ``run.json`` and ``watch``'s status: counts by origin, by bin (``≤ 2h``, ``> 3d``) and
        the farthest, in seconds."""
        bins = {f"<= {label(b)}": n for b, n in zip(BOUNDS, self.bins, strict=False) if n}
        if self.bins[-1]:
            bins[f"> {label(BOUNDS[-1])}"] = self.bins[-1]
        return {
            "by_origin": dict(self.origins()),
            "behind": bins,
            "most_behind_s": self.most_s,
        }


def hint(tally: LateTally, read: int, lateness_s: int) -> str | None:
    """What to tell an operator whose run set aside more than ``HINT_SHARE`` of the ``read`` records
    as late: how many, through which origin, and the lateness that would have kept most of them (the
    smallest bound holding ``MOST`` of them: a feed delivered late is one bulk, re-sent records and
    outages a tail). None when the share is small or most were more than three days behind."""
    late = tally.total
    if not read or late / read <= HINT_SHARE:
        return None
    bound = tally.within(MOST)
    if bound is None or bound <= lateness_s:
        return None
    share = dict(tally.cumulative())[bound]
    origin, n = tally.origins()[0]
    return (
        f"{late:,} records ({100 * late / read:.1f} % of those read) were more than {label(lateness_s)} "
        f"behind newer ones and were set aside as late ({n:,} of them {origin}); {100 * share:.0f} % of "
        f"them were within {label(bound)}. If a feed is delivered that late, --allowed-lateness "
        f"{label(bound)} keeps its records (watch then holds its verdicts back as long)."
    )


def describe(tally: LateTally) -> Mapping[str, str]:
    """Console rows: the origins, and the share of the late records within each bound."""
    origins = " · ".join(f"{k} {n:,}" for k, n in tally.origins())
    shares = " · ".join(f"≤ {label(b)} {100 * p:.0f} %" for b, p in tally.cumulative() if p > 0)
    return {
        "  by origin": origins,
        "  how far behind": f"{shares} (the farthest {tally.most_s / 3600:.1f} h)",
    }
