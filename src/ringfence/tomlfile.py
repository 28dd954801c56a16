"""The one TOML loader: rules, policies, pattern and brand libraries are data files a user may edit.

Each comes either shipped inside the package or from a path the user names; either way a file that
cannot be read or parsed is a ``ConfigError`` naming it, and the text is kept as written (a run stores
the policy and rules it used, verbatim).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ringfence.errors import ConfigError

__all__ = ["TomlDocument", "parse_toml", "read_toml"]


@dataclass(frozen=True)
class TomlDocument:
    data: dict[str, Any]
    text: str
    source: str  # the path, or the shipped file's name, for error messages


def parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from exc


def read_toml(path: Path | None, package: str, shipped: str, what: str) -> TomlDocument:
    """``path`` if given, else the file ``shipped`` (a ``/``-separated name) inside ``package``."""
    if path is None:
        resource = resources.files(package)
        for part in shipped.split("/"):
            resource = resource / part
        text = resource.read_text(encoding="utf-8")
        source = f"{package}/{shipped}"
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read {what} {path}: {exc}") from exc
        source = str(path)
    return TomlDocument(parse_toml(text, source), text, source)
