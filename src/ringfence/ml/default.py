"""The model shipped inside the package, trained on the Sichuan data (see default_model/MODEL_CARD.md).

Two variants: ``full`` uses every Sichuan feature plus the contact graph (for scoring tables like the
Sichuan one); ``live`` uses only what call and SMS records give (for ``bridge.score_records``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final, Literal

from ringfence.errors import ModelError
from ringfence.ml.artifact import FraudModel

Variant = Literal["full", "live"]
_SUBDIR: Final[dict[str, str]] = {"full": "", "live": "live"}


def default_model_dir(variant: Variant = "full") -> Path:
    """Directory of a shipped model variant (a real path: the package is installed unzipped)."""
    if variant not in _SUBDIR:
        raise ModelError(f"unknown default model variant {variant!r} (full or live)")
    root = Path(str(resources.files("ringfence.ml") / "default_model"))
    return root / _SUBDIR[variant] if _SUBDIR[variant] else root


@cache
def load_default(variant: Variant = "full") -> FraudModel:
    """The shipped model (loaded once per process)."""
    return FraudModel.load(default_model_dir(variant))
