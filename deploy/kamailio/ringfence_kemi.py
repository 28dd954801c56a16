"""ringfence screening inside Kamailio's worker processes (app_python3, called with ``python_exec``).

Each worker runs the same pure screening function as the HTTP service, over the risk snapshot that
ringfence publishes as one memory-mapped file (``ringfence snapshot publish`` or the server's
``RINGFENCE_SCREEN_PUBLISH``): no network and no file read per call, a ``stat`` at most twice a second
to notice a newer file. The verdict comes back to the routing script as the return code and
pseudo-variables, so the script keeps the SIP decisions (603, headers) it makes on the HTTP path.

Environment (Kamailio inherits it from whoever starts it):

- ``RINGFENCE_SNAPSHOT_FILE``: the published snapshot file (required; absent or unreadable → the
  screening policy's fail mode, open by default: allowed and labelled ``unscreened``).
- ``RINGFENCE_SCREEN_POLICY``: a screening policy JSON file (default: the built-in policy).
- ``RINGFENCE_PYTHONPATH``: where the ``ringfence`` package and its dependencies are installed
  (e.g. ``/opt/ringfence/.venv/lib/python3.11/site-packages``), ``:``-separated; the interpreter
  Kamailio embeds must be the same Python minor version.

``python_exec("screen")`` reads the call from ``$var(rf_caller)``, ``$var(rf_callee)``,
``$var(rf_origin)`` and ``$var(rf_trunk)`` (each field its own variable: nothing a caller presents can
shift one field into another) and returns 1 allow, 2 label, 3 block; ``$var(rf_reasons)``,
``$var(rf_label)``, ``$var(rf_snapshot)`` and ``$var(rf_display)`` (a trusted enterprise number's
display name on its own trunk, else empty) carry the rest.
"""

from __future__ import annotations

import os
import sys
import time

for _path in reversed(os.environ.get("RINGFENCE_PYTHONPATH", "").split(os.pathsep)):
    if _path and _path not in sys.path:
        sys.path.insert(0, _path)

from pathlib import Path  # noqa: E402

import KSR  # type: ignore[import-not-found]  # noqa: E402  # provided by app_python3

from ringfence.adapters.snapshot_mmap import MappedSnapshotReader  # noqa: E402
from ringfence.screening import Action, CallSetup, Origin, Policy  # noqa: E402
from ringfence.screening.screen import compile_policy, screen  # noqa: E402

_CODES = {Action.ALLOW: 1, Action.LABEL: 2, Action.BLOCK: 3}


def _policy() -> Policy:
    path = os.environ.get("RINGFENCE_SCREEN_POLICY", "")
    if not path:
        return Policy()
    from ringfence.adapters.snapshot_files import load_policy

    return load_policy(Path(path))


def _var(name: str) -> str:
    value = KSR.pv.get(f"$var(rf_{name})")
    return value if isinstance(value, str) else ""


class Screening:
    """One per worker after fork: the compiled rule book is shared, the reader is the worker's own."""

    def __init__(self) -> None:
        self.book = compile_policy(_policy())
        self.reader = MappedSnapshotReader(Path(os.environ.get("RINGFENCE_SNAPSHOT_FILE", "")))

    def child_init(self, rank: int) -> int:
        self.reader.current()  # map the file before the first call
        return 0

    def screen(self, msg: object, args: str | None = None) -> int:
        caller, callee, origin_text, trunk = (_var(name) for name in ("caller", "callee", "origin", "trunk"))
        origin = Origin.parse(origin_text) or Origin.INTRA
        snapshot = self.reader.current()
        call = CallSetup(caller, callee, origin, time.time(), trunk or None)
        verdict = screen(call, snapshot, self.book)
        KSR.pv.sets("$var(rf_reasons)", verdict.reasons_text)
        KSR.pv.sets("$var(rf_label)", verdict.label or "")
        KSR.pv.sets("$var(rf_snapshot)", snapshot.version if snapshot is not None else "none")
        KSR.pv.sets("$var(rf_display)", verdict.display_name or "")
        return _CODES[verdict.action]


def mod_init() -> Screening:
    return Screening()
