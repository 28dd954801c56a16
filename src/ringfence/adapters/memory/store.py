"""``MemoryStore``: every storage port in plain Python objects, for tests and throwaway instances."""

from __future__ import annotations

from collections.abc import Sequence

from ringfence.adapters.memory.base import locked
from ringfence.adapters.memory.cases import MemoryCases
from ringfence.adapters.memory.casework import MemoryCasework
from ringfence.adapters.memory.complaints import MemoryComplaints
from ringfence.adapters.memory.decisions import MemoryDecisions
from ringfence.adapters.memory.dispositions import MemoryDispositions
from ringfence.adapters.memory.feeds import MemoryFeeds
from ringfence.adapters.memory.holders import MemoryHolders
from ringfence.adapters.memory.records import MemoryRecords
from ringfence.adapters.memory.sessions import MemorySessions
from ringfence.adapters.memory.tags import MemoryTags
from ringfence.adapters.memory.warnings import MemoryWarnings
from ringfence.domain.casework import EntryKind
from ringfence.domain.disposition import State
from ringfence.domain.risk_facts import DispositionFact, HolderFact, RiskFacts, VerdictFact

__all__ = ["MemoryStore"]


class MemoryStore(
    MemoryRecords,
    MemoryDecisions,
    MemoryCasework,
    MemoryCases,
    MemoryComplaints,
    MemorySessions,
    MemoryWarnings,
    MemoryDispositions,
    MemoryHolders,
    MemoryTags,
    MemoryFeeds,
):
    """Implements ``ringfence.ports.store.Store`` as ``SqlStore`` does; the contract tests hold it to that.

    Nothing outlives the object: each process (and each ``MemoryStore()``) starts empty. A new concern
    is one more mixin module like these, each keeping its own tables and calling ``super().__init__()``.
    """

    @locked
    def risk_facts(self, numbers: Sequence[str] | None = None) -> RiskFacts:
        """Every fact screening derives from, about ``numbers`` (None: all), as ``SqlStore`` reads them
        (it spans the concerns' tables, so it lives here rather than in one of them)."""
        wanted = None if numbers is None else set(numbers)

        def named(number: str) -> bool:
            return wanted is None or number in wanted

        dispositions = tuple(
            DispositionFact(d.org, d.number, d.state.value, d.reason, d.since)
            for d in self._dispositions.values()
            if d.state is not State.ACTIVE and named(d.number)
        )
        entries = tuple(
            e.value for e in self._entries if e.value.kind == EntryKind.NUMBER.value and named(e.value.value)
        )
        latest: dict[tuple[str, str], VerdictFact] = {}
        for row in self._decisions:  # id order: the last one seen is the latest
            d = row.value
            if named(d.number):
                run = self._runs.get(d.run_id)
                loaded = None if run is None else run["loaded_at"]
                latest[(d.org, d.number)] = VerdictFact(
                    d.org, d.number, d.id, d.score, d.verdict, d.outcome, d.rules, loaded
                )
        reports: dict[str, int] = {}
        for r in self._reports:
            if r.kind == EntryKind.NUMBER.value and named(r.value):
                reports[r.value] = reports.get(r.value, 0) + 1
        restrictions = [e for e in self._restricted if e.lifted_at is None]
        holders = tuple(
            HolderFact(number, row["id_hash"], e.org, e.reason, card_org)
            for (card_org, number), row in sorted(self._cards.items())
            if named(number)
            for e in restrictions
            if e.id_hash == row["id_hash"]
        )
        orgs = tuple(sorted(self._orgs))
        tags, overrides = self._tag_facts(wanted)
        return RiskFacts(
            orgs, dispositions, entries, tuple(latest.values()), reports, holders, tags, overrides
        )
