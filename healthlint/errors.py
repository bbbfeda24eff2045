"""Errors that healthlint reports to the user as one clear message and exit code 2."""
from __future__ import annotations


class HealthlintError(Exception):
    """Base class: a problem the user can fix; printed without a traceback."""


class InputError(HealthlintError):
    """A file could not be read as an article (missing, binary, bad encoding, empty, too large)."""


class ConfigError(HealthlintError):
    """A configuration file is broken or invalid; the message names the file, key and line."""
