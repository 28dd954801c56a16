"""Policy files for the console: list them, show one, diff two.

Policies are versioned TOML files (detection's own under ``ringfence/detect/policies/`` once present,
plus any directory given in the settings); the console shows them as text and as a unified diff, so
any TOML works even before detection's policy schema is fixed.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

from ringfence.domain.access import NotFoundError, Permission, Principal, require
from ringfence.errors import ConfigError

__all__ = ["PolicyFile", "diff_policies", "policy_dirs", "policy_files", "read_policy"]

_BUILTIN = Path(__file__).resolve().parent.parent / "detect" / "policies"


class PolicyFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.stem

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def summary(self) -> dict[str, object]:
        """Name and version from the TOML (top level or a ``[policy]`` table), when present."""
        try:
            data = tomllib.loads(self.text())
        except tomllib.TOMLDecodeError as exc:
            return {"error": str(exc)}
        head = data.get("policy", data) if isinstance(data.get("policy", data), dict) else data
        return {"name": head.get("name", self.name), "version": head.get("version", "")}


def policy_dirs(extra: Path | None) -> list[Path]:
    return [d for d in (_BUILTIN, extra) if d is not None and d.is_dir()]


def policy_files(principal: Principal, extra: Path | None) -> list[PolicyFile]:
    require(principal, Permission.VIEW)
    return [PolicyFile(p) for d in policy_dirs(extra) for p in sorted(d.glob("*.toml"))]


def read_policy(principal: Principal, extra: Path | None, name: str) -> PolicyFile:
    for policy in policy_files(principal, extra):
        if policy.name == name:
            return policy
    raise NotFoundError(f"no policy {name!r}")


def diff_policies(old_name: str, old: str, new_name: str, new: str) -> str:
    """A unified diff of two policy texts; both must parse as TOML."""
    for name, text in ((old_name, old), (new_name, new)):
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{name}: not valid TOML ({exc})") from exc
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=old_name, tofile=new_name
        )
    )
