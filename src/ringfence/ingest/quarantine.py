"""Where rejected rows go: a CSV with the file, line, reason and the raw text of each.

Nothing is lost: every row that is not accepted is written here, including duplicates (so the counts
of a run always add up: rows = accepted + quarantined).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Protocol, Self

__all__ = ["QUARANTINE_COLUMNS", "QuarantineFile", "QuarantineList", "QuarantineSink"]

QUARANTINE_COLUMNS = ("file", "line", "kind", "reason", "raw")


class QuarantineSink(Protocol):
    """Where a reader puts the rows it rejects."""

    def write(self, file: str, kind: str, rows: Iterable[tuple[int, str, str]]) -> None:
        """Take (line, reason, raw) rows rejected from ``file``."""


class QuarantineList:
    """Keeps rejected rows in memory, e.g. for a bounded HTTP body whose rejects go to a store."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, str, str]] = []

    def write(self, file: str, kind: str, rows: Iterable[tuple[int, str, str]]) -> None:
        self.rows.extend(rows)


class QuarantineFile:
    """Appends rejected rows to one CSV file, creating it with a header on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None
        self._writer: csv.DictWriter[str] | None = None
        self.rows = 0

    def _open(self) -> csv.DictWriter[str]:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.DictWriter(self._fh, fieldnames=QUARANTINE_COLUMNS)
            self._writer.writeheader()
        return self._writer

    def write(self, file: str, kind: str, rows: Iterable[tuple[int, str, str]]) -> None:
        """Write (line, reason, raw) rows rejected from ``file``."""
        writer = self._open()
        for line, reason, raw in rows:
            writer.writerow({"file": file, "line": line, "kind": kind, "reason": reason, "raw": raw})
            self.rows += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            self._writer = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
