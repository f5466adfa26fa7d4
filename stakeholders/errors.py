"""Errors the use cases raise; the CLI turns them into one line and an exit status."""


class StakeholdersError(Exception):
    """Base: `exit_code` 2 for bad input or usage, 1 for a failure at run time."""

    exit_code = 1


class InputError(StakeholdersError):
    """The user asked for something invalid: a bad value, an unknown name."""

    exit_code = 2


class NotFound(InputError):
    pass


class Ambiguous(InputError):
    pass


class Conflict(StakeholdersError):
    """The request is valid but the data refuses it (e.g. a duplicate e-mail)."""

    exit_code = 1
