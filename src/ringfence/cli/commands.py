"""Registers every command module on the root app (import for side effect)."""

from __future__ import annotations

from ringfence.cli.main import app

__all__ = ["app"]
