"""ringfence: an open, operator-grade anti-telecom-fraud platform."""

__version__ = "0.1.0"
__all__ = ["__version__"]
