"""Errors a user can cause. The CLI prints them as one line and exits non-zero."""


class InputError(ValueError):
    """The document (or a file beside it) cannot be used; the message says why."""
