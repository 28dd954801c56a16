"""Export outbox messages as JSON-lines files for batch integrations (a BOSS that polls a directory).

Each dispatch writes one new file, ``<channel>-<UTC time>-<first id>-<last id>.jsonl``, into the
directory: written to a hidden temporary name, flushed to disk, then renamed, so a reader listing the
directory sees whole files only. Each line is ``{"key", "topic", "org", "payload"}``; a message
exported again after a crash (written, but not yet marked delivered) carries the same key, which the
consumer uses to drop the repeat.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from ringfence.domain.outbox import Delivery, OutboxMessage, Outcome

__all__ = ["FileExportChannel"]


class FileExportChannel:
    def __init__(self, name: str, directory: Path) -> None:
        self.name = name
        self.directory = Path(directory)

    def deliver(self, messages: Sequence[OutboxMessage]) -> list[Delivery]:
        if not messages:
            return []
        try:
            self._write(messages)
        except OSError as exc:
            return [Delivery(Outcome.RETRY, f"export to {self.directory}: {exc}")] * len(messages)
        return [Delivery(Outcome.DELIVERED)] * len(messages)

    def _write(self, messages: Sequence[OutboxMessage]) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        final = self.directory / f"{self.name}-{stamp}-{messages[0].id}-{messages[-1].id}.jsonl"
        lines = "".join(
            json.dumps(
                {"key": m.key, "topic": m.topic, "org": m.org, "payload": m.payload},
                ensure_ascii=False,
                sort_keys=True,
            )
            + "\n"
            for m in messages
        )
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(lines)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return final

    def close(self) -> None:
        return None
