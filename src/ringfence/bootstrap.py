"""The one place that builds concrete adapters from settings (environment, then arguments).

Screening settings (environment variables):

* ``RINGFENCE_SCREEN_SNAPSHOT``: snapshot file or directory; reloaded when it changes. Unset: the
  empty cold snapshot (numbering-plan rules only). Set but unreadable: the policy's fail mode.
* ``RINGFENCE_SCREEN_POLICY``: policy JSON file. Unset: the built-in policy.
* ``RINGFENCE_SCREEN_REFRESH_S``: how often to check the snapshot for changes (default 5 s).
"""

from __future__ import annotations

import os
from pathlib import Path

from ringfence.services.screen_call import ScreeningService

__all__ = ["build_screening", "screening_from_env"]


def build_screening(
    snapshot: Path | None = None, policy: Path | None = None, refresh_every_s: float = 5.0
) -> ScreeningService:
    from ringfence.adapters.snapshot_files import FileSnapshotSource, load_policy
    from ringfence.screening.policy import Policy

    pol = load_policy(policy) if policy is not None else Policy()
    source = FileSnapshotSource(snapshot) if snapshot is not None else None
    return ScreeningService(pol, source=source, refresh_every_s=refresh_every_s)


def screening_from_env() -> ScreeningService:
    snapshot = os.environ.get("RINGFENCE_SCREEN_SNAPSHOT") or None
    policy = os.environ.get("RINGFENCE_SCREEN_POLICY") or None
    refresh = float(os.environ.get("RINGFENCE_SCREEN_REFRESH_S") or 5.0)
    return build_screening(
        Path(snapshot) if snapshot else None, Path(policy) if policy else None, refresh_every_s=refresh
    )
