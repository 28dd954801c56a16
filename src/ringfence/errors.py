"""The exception tree: callers catch ``RingfenceError`` or one of its documented children.

Bad *records* never raise (they are quarantined with a reason); these errors are for bad *requests*:
a missing file, an unreadable header, an invalid policy, a model directory that is not a model.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ConflictError",
    "DataContractError",
    "InputFileError",
    "ModelError",
    "NoDataError",
    "RingfenceError",
]


class RingfenceError(Exception):
    """Base class of every error ringfence raises on purpose."""


class ConfigError(RingfenceError):
    """A setting, policy or rule file is invalid."""


class ConflictError(RingfenceError):
    """The request is valid but conflicts with the current state of what it names (HTTP 409), e.g. an
    action a number's disposition does not allow now. ``details`` says what would be allowed."""

    def __init__(self, message: str, details: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.details: dict[str, object] = details or {}


class InputFileError(RingfenceError):
    """An input file cannot be read at all (missing, unknown format, no header)."""


class DataContractError(InputFileError):
    """A file does not follow the data contract as a whole (e.g. a required column is missing)."""


class ModelError(RingfenceError):
    """A model directory is missing, incomplete or incompatible."""


class NoDataError(RingfenceError):
    """A request names data that is not there: an unknown organisation, a window with no records."""
