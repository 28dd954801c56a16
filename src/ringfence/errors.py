"""The exception tree: callers catch ``RingfenceError`` or one of its documented children.

Bad *records* never raise (they are quarantined with a reason); these errors are for bad *requests*:
a missing file, an unreadable header, an invalid policy, a model directory that is not a model.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
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


class InputFileError(RingfenceError):
    """An input file cannot be read at all (missing, unknown format, no header)."""


class DataContractError(InputFileError):
    """A file does not follow the data contract as a whole (e.g. a required column is missing)."""


class ModelError(RingfenceError):
    """A model directory is missing, incomplete or incompatible."""


class NoDataError(RingfenceError):
    """A request names data that is not there: an unknown organisation, a window with no records."""
