"""Integer ids for every number in a simulation, so records are arrays of ints until written."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["NumberTable"]


class NumberTable:
    """Subscribers take ids ``0..S-1`` (their population index); external numbers follow."""

    def __init__(self, subscribers: list[str]) -> None:
        self.numbers: list[str] = list(subscribers)
        self.subscribers = len(subscribers)
        self._ids = {n: i for i, n in enumerate(subscribers)}

    def add(self, numbers: list[str]) -> npt.NDArray[np.int64]:
        out = np.empty(len(numbers), dtype=np.int64)
        for i, number in enumerate(numbers):
            got = self._ids.get(number)
            if got is None:
                got = len(self.numbers)
                self._ids[number] = got
                self.numbers.append(number)
            out[i] = got
        return out

    def array(self) -> npt.NDArray[np.str_]:
        return np.array(self.numbers)
