"""Reading call, SMS and subscriber records safely (files or streams; CSV, gzipped CSV, JSON lines,
Parquet): validate, deduplicate, quarantine, summarise."""

from ringfence.ingest.contract import CALLS, MESSAGES, SUBSCRIBERS, RecordKind
from ringfence.ingest.quarantine import QuarantineFile, QuarantineList, QuarantineSink
from ringfence.ingest.reader import RecordReader, detect_kind, read_frame
from ringfence.ingest.source import Format, Input, StreamInput
from ringfence.ingest.summary import ReadSummary

__all__ = [
    "CALLS",
    "MESSAGES",
    "SUBSCRIBERS",
    "Format",
    "Input",
    "QuarantineFile",
    "QuarantineList",
    "QuarantineSink",
    "ReadSummary",
    "RecordKind",
    "RecordReader",
    "StreamInput",
    "detect_kind",
    "read_frame",
]
