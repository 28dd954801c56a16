"""Shared intelligence about holders and cards: one-ID lookup (一证通查), card-opening checks, tags with a
lifecycle and signed feeds between organisations."""
