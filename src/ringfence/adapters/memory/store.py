"""``MemoryStore``: every storage port in plain Python objects, for tests and throwaway instances."""

from __future__ import annotations

from ringfence.adapters.memory.casework import MemoryCasework
from ringfence.adapters.memory.decisions import MemoryDecisions
from ringfence.adapters.memory.dispositions import MemoryDispositions
from ringfence.adapters.memory.holders import MemoryHolders
from ringfence.adapters.memory.records import MemoryRecords
from ringfence.adapters.memory.sessions import MemorySessions

__all__ = ["MemoryStore"]


class MemoryStore(
    MemoryRecords, MemoryDecisions, MemoryCasework, MemorySessions, MemoryDispositions, MemoryHolders
):
    """Implements ``ringfence.ports.store.Store`` as ``SqlStore`` does; the contract tests hold it to that.

    Nothing outlives the object: each process (and each ``MemoryStore()``) starts empty. A new concern
    is one more mixin module like these, each keeping its own tables and calling ``super().__init__()``.
    """
