"""Exceptions raised by vnidmatch.

Every exception is a subclass of :class:`VnidmatchError`. Validation failures are also
:class:`ValueError`, so ``except ValueError`` keeps working for callers that do not know
this library.

>>> from vnidmatch.ids import cccd
>>> try:
...     cccd.validate("12345")
... except InvalidLength as exc:
...     print(exc)
CCCD number must have 12 digits, got 5
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "UnknownNameError",
    "ValidationError",
    "VnidmatchError",
]


class VnidmatchError(Exception):
    """Base class of every exception raised by vnidmatch.

    >>> issubclass(InvalidLength, VnidmatchError)
    True
    """

    message = "vnidmatch error"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.message
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class ValidationError(VnidmatchError, ValueError):
    """A value is not a valid identifier, date or phone number.

    >>> isinstance(ValidationError(), ValueError)
    True
    """

    message = "the value is not valid"


class InvalidFormat(ValidationError):
    """The value has characters or a shape that the format does not allow.

    >>> str(InvalidFormat())
    'the value has an invalid format'
    """

    message = "the value has an invalid format"


class InvalidLength(InvalidFormat):
    """The value has the wrong number of digits or characters.

    >>> str(InvalidLength())
    'the value has an invalid length'
    """

    message = "the value has an invalid length"


class InvalidChecksum(ValidationError):
    """The value's check digit does not agree with the rest.

    >>> str(InvalidChecksum())
    "the value's checksum or check digit is wrong"
    """

    message = "the value's checksum or check digit is wrong"


class InvalidComponent(ValidationError):
    """One part of the value (a province code, a century digit, ...) is not allowed.

    >>> str(InvalidComponent("province code '099' is not a CCCD province code"))
    "province code '099' is not a CCCD province code"
    """

    message = "one of the parts of the value is not valid"


class ConfigError(VnidmatchError, ValueError):
    """A configuration (comparison, model, rule set) is inconsistent.

    >>> str(ConfigError("thresholds must decrease"))
    'thresholds must decrease'
    """

    message = "invalid configuration"


class UnknownNameError(VnidmatchError, KeyError):
    """A registry was asked for a name it does not know.

    >>> str(UnknownNameError("unknown comparator 'jw'; known: name, phone"))
    "unknown comparator 'jw'; known: name, phone"
    """

    message = "unknown name"
