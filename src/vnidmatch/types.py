"""Shared types: the shapes of the plug-in points and the data-quality ``Issue``.

>>> Issue("VN-CCCD-002", "sex", "CCCD says female, record says male", Severity.WARNING).word
'dung'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, NamedTuple, Protocol, TypeVar, runtime_checkable

__all__ = [
    "BlockingKey",
    "Comparator",
    "Issue",
    "Normalizer",
    "Record",
    "Rule",
    "Severity",
]

T_contra = TypeVar("T_contra", contravariant=True)

#: a record: canonical field name -> value (``id``, ``full_name``, ``birth_date``, ...)
Record = Mapping[str, Any]
#: a normaliser of one field value
Normalizer = Callable[[str], str]
#: a comparator: similarity in [0, 1], or None when either side is missing
Comparator = Callable[[Any, Any], "float | None"]
#: a blocking key: a hashable key of a record, or None for "no key"
BlockingKey = Callable[[Record], "Hashable | None"]


class Severity(enum.IntEnum):
    """How bad a data-quality issue is.

    >>> Severity.ERROR > Severity.WARNING > Severity.INFO
    True
    """

    INFO = 1
    WARNING = 2
    ERROR = 3


class Issue(NamedTuple):
    """One finding of a data-quality rule about one field of one record (immutable; a named
    tuple, cheap to make by the hundred thousand).

    ``code`` is stable (``"VN-CCCD-002"``); ``word`` is the "đúng, đủ, sạch, sống" word the rule
    belongs to (``dung``, ``du``, ``sach``, ``song``), from the rule registry or given here.

    >>> Issue("VN-DOB-001", "birth_date", "date of birth is in the future").severity
    <Severity.ERROR: 3>
    """

    code: str
    field: str
    message: str
    severity: Severity = Severity.ERROR
    word: str = "dung"
    suggestion: str | None = None

    def __repr__(self) -> str:
        """The repr with every identifier-long run of digits masked (a suggestion may be
        the corrected CCCD or phone number itself).

        >>> Issue("VN-CCCD-003", "cccd", "use the reference", suggestion="001090012345")
        Issue(code='VN-CCCD-003', field='cccd', message='use the reference', severity=<Severity.ERROR: 3>, word='dung', suggestion='0010******45')
        """
        return "Issue(" + ", ".join(f"{k}={_masked(repr(v))}" for k, v in
                                    zip(self._fields, self)) + ")"


#: identifier-long digit runs, masked as ``vnidmatch.ids._util.mask`` does (shared modules
#: import no layer, so the rule is restated here)
_DIGITS = re.compile(r"\d{9,}")


def _masked(text: str) -> str:
    return _DIGITS.sub(lambda m: m.group()[:4] + "*" * (len(m.group()) - 6) + m.group()[-2:],
                       text)


@runtime_checkable
class Rule(Protocol):
    """A data-quality rule: a stable code, a word, a severity and ``check(record, reference)``.

    Any object with these runs in :func:`vnidmatch.rules.check` and
    :func:`vnidmatch.rules.check_dataset` alongside the built-in rules: ``check`` gets the
    raw record (and the raw reference record, when there is one), and its issues are
    reported and counted like theirs, under the word and severity each issue carries.

    >>> class NoName:
    ...     code, word, severity, field = "X-1", "du", Severity.ERROR, "full_name"
    ...     def check(self, record, reference=None):
    ...         if record.get("full_name"):
    ...             return []
    ...         return [Issue(self.code, self.field, "no name", self.severity, self.word)]
    >>> isinstance(NoName(), Rule)
    True
    >>> from vnidmatch.rules import check
    >>> check({"birth_date": "1990-02-01"}, rules=[NoName()])
    [Issue(code='X-1', field='full_name', message='no name', severity=<Severity.ERROR: 3>,
           word='du', suggestion=None)]
    >>> check({"full_name": "Lê Lan"}, rules=[NoName()])
    []
    """

    code: str
    word: str
    severity: Severity
    field: str

    def check(self, record: Record, reference: Record | None = None) -> Iterable[Issue]:
        """Return every issue found in ``record`` (an empty iterable when it passes)."""
        ...


_ = Hashable  # re-exported name used in the BlockingKey alias
