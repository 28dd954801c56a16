"""Storage in the process's memory behind the store ports (``RINGFENCE_DATABASE_URL=memory://``)."""

from ringfence.adapters.memory.base import ConstraintError
from ringfence.adapters.memory.store import MemoryStore

__all__ = ["MEMORY_URL", "ConstraintError", "MemoryStore"]

MEMORY_URL = "memory://"
