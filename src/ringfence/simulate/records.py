"""Call records under construction: columns of ints, turned into the contract's strings at the end."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["ORIGINS", "TYPES", "CallChunk"]

I64 = npt.NDArray[np.int64]
ORIGINS = ("intra", "inter", "international")
TYPES = ("moc", "mtc", "fwd")


@dataclass
class CallChunk:
    """A block of call records of one kind (``tag`` names the population that produced them)."""

    tag: str
    caller: I64  # number ids
    callee: I64
    time: I64  # UTC epoch seconds
    duration: I64
    origin: npt.NDArray[np.int8]  # index into ORIGINS
    call_type: npt.NDArray[np.int8]  # index into TYPES
    caller_sub: I64  # subscriber index of the caller for records with handset data, else -1
    imei_slot: I64  # which of the caller's handsets, -1 = none
    presented: npt.NDArray[np.object_] | None = None  # caller as presented, where it differs

    def __len__(self) -> int:
        return len(self.caller)

    @staticmethod
    def build(
        tag: str,
        caller: I64,
        callee: I64,
        time: I64,
        duration: I64,
        origin: int | npt.NDArray[np.int8],
        call_type: int | npt.NDArray[np.int8],
        caller_sub: I64 | None = None,
        imei_slot: I64 | None = None,
        presented: npt.NDArray[np.object_] | None = None,
    ) -> CallChunk:
        n = len(caller)
        return CallChunk(
            tag,
            caller.astype(np.int64),
            callee.astype(np.int64),
            time.astype(np.int64),
            duration.astype(np.int64),
            np.broadcast_to(np.asarray(origin, dtype=np.int8), (n,)).copy(),
            np.broadcast_to(np.asarray(call_type, dtype=np.int8), (n,)).copy(),
            caller_sub.astype(np.int64) if caller_sub is not None else np.full(n, -1, dtype=np.int64),
            imei_slot.astype(np.int64) if imei_slot is not None else np.full(n, -1, dtype=np.int64),
            presented,
        )
