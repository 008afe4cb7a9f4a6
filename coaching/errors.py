"""Errors that reach a user. Each carries a catalog key and its parameters, never a sentence,
so that the screen can say it in the user's language (see coaching.i18n)."""

from __future__ import annotations


class KoersError(Exception):
    key = "error.unexpected"

    def __init__(self, key: str | None = None, **params: object):
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class ValidationError(KoersError):
    """Input that cannot be stored as it is."""


class AccessDenied(KoersError):
    """The identity that asks may not see or change this."""

    key = "error.access_denied"


class NotFound(KoersError):
    key = "error.not_found"
