"""Reading call, SMS and subscriber records safely: validate, deduplicate, quarantine, summarise."""

from ringfence.ingest.contract import CALLS, MESSAGES, SUBSCRIBERS, RecordKind
from ringfence.ingest.quarantine import QuarantineFile
from ringfence.ingest.reader import RecordReader, detect_kind, read_frame
from ringfence.ingest.summary import ReadSummary

__all__ = [
    "CALLS",
    "MESSAGES",
    "SUBSCRIBERS",
    "QuarantineFile",
    "ReadSummary",
    "RecordKind",
    "RecordReader",
    "detect_kind",
    "read_frame",
]
