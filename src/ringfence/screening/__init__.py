"""Call screening at setup: a verdict per call from the numbering plan and an in-memory risk snapshot.

The hot path of ringfence. Everything here is pure (no I/O, no clock): the time of a call is part of
the call, the snapshot and policy are values, and the only state, the one-ring burst tracker, is fed
explicitly. Loading snapshots from files lives in ``ringfence.adapters.snapshot_files`` and the use
case that ties clock, snapshot refresh and tracker together in ``ringfence.services.screen_call``.
"""

from ringfence.screening.burst import BurstTracker
from ringfence.screening.call import CallSetup, Origin
from ringfence.screening.policy import FailMode, Outcome, Policy
from ringfence.screening.screen import screen
from ringfence.screening.snapshot import CallerEntry, RiskSnapshot, SnapshotBuilder, SnapshotHolder
from ringfence.screening.verdict import Action, Hit, Verdict

__all__ = [
    "Action",
    "BurstTracker",
    "CallSetup",
    "CallerEntry",
    "FailMode",
    "Hit",
    "Origin",
    "Outcome",
    "Policy",
    "RiskSnapshot",
    "SnapshotBuilder",
    "SnapshotHolder",
    "Verdict",
    "screen",
]
