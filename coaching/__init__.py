"""Koers: executive self-coaching. Everything that is not layout lives in this package."""
