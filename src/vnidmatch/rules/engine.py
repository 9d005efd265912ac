"""The rule engine: "đúng, đủ, sạch, sống" checks for identity records.

Rules report; they never change data and never stop at the first problem. Each rule has a
stable code, the word it belongs to (``dung`` correct, ``du`` complete, ``sach`` clean,
``song`` live), a field and a severity; a rule that could flag valid people is at most a
warning. An issue may carry a ``suggestion``: what the normalised value would be.

This module is the machinery (options, the context rules read, :func:`rule`, the registry,
running rules); the built-in rules are :mod:`vnidmatch.rules.builtin`. Any object with the
:class:`~vnidmatch.types.Rule` protocol runs alongside them.

>>> [i.code for i in check({"full_name": "nguyen  van a", "birth_date": "1990",
...                         "id_number": "012345678"})]
['VN-REQ-003', 'VN-REQ-004', 'VN-REQ-006', 'VN-CLEAN-001', 'VN-LIVE-001']
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vnidmatch.exceptions import ConfigError
from vnidmatch.normalize.phone import Phone, parse_phone
from vnidmatch.records import (
    CANONICAL_FIELDS,
    PreparedRecord,
    as_record,
    prepare_record,
    resolve_field,
)
from vnidmatch.registry import Registry
from vnidmatch.types import Issue, Record, Rule, Severity

__all__ = ["RULES", "WORDS", "CheckOptions", "FunctionRule", "check", "make_context",
           "resolve_options", "rule", "run_rules", "select_rules"]

#: the four words, in order
WORDS = ("dung", "du", "sach", "song")


@dataclass(frozen=True)
class CheckOptions:
    """Per-register settings of the checks.

    ``required`` lists the fields a complete record must have; ``today`` is the reference
    date for "in the future" and "updated recently"; ``max_age_days`` how old ``updated_at``
    may be; ``cmnd_valid_until`` the last day a CMND was a valid document.

    >>> CheckOptions().required
    ('full_name', 'birth_date', 'sex', 'id_number', 'address')
    """

    required: tuple[str, ...] = ("full_name", "birth_date", "sex", "id_number", "address")
    today: datetime.date = field(default_factory=datetime.date.today)
    max_age_days: int = 365 * 2
    cmnd_valid_until: datetime.date = datetime.date(2024, 12, 31)


@dataclass
class _Context:
    raw: Mapping[str, Any]
    prepared: PreparedRecord
    reference: PreparedRecord | None
    options: CheckOptions
    #: what each distinct input value gave, worked out with a register's preparation
    #: (:func:`~vnidmatch.records.prepare_batch`): kind → value → result
    tables: Mapping[str, Mapping[Any, Any]] = field(default_factory=dict)

    @functools.cached_property
    def phone(self) -> Phone | None:
        """The raw phone parsed (three rules read it)."""
        return parse_phone(self.raw.get("phone"))


_MISSING = object()


def _derived(ctx: _Context, kind: str, value: Any, func: Callable[[Any], Any]) -> Any:
    """``func(value)``, read from the register's table of ``kind`` when it has the value."""
    table = ctx.tables.get(kind)
    if table is not None and isinstance(value, str):
        got = table.get(value, _MISSING)
        if got is not _MISSING:
            return got
    return func(value)


RuleFunc = Callable[[_Context], Iterable[Issue]]


@dataclass(frozen=True)
class FunctionRule:
    """A rule made from a function (see :func:`rule`); satisfies the ``Rule`` protocol.

    >>> RULES.get("VN-REQ-001").word
    'du'
    """

    code: str
    word: str
    severity: Severity
    field: str
    func: RuleFunc
    description: str = ""

    def check(self, record: Record, reference: Record | None = None) -> list[Issue]:
        """The issues this rule finds in ``record`` (an empty list when it passes)."""
        ctx = record if isinstance(record, _Context) else _context(record, reference,
                                                                    CheckOptions())
        return list(self.func(ctx))

    def issue(self, message: str, suggestion: str | None = None,
              severity: Severity | None = None) -> Issue:
        """An issue of this rule."""
        return Issue(self.code, self.field, message, severity or self.severity, self.word,
                     suggestion)


#: every rule by code; add your own with :func:`rule`
RULES: Registry[FunctionRule] = Registry("rule")


def rule(code: str, word: str, field: str, severity: Severity = Severity.ERROR,
         description: str = "") -> Callable[[Callable[..., Iterable[Issue]]], FunctionRule]:
    """Register a function ``(rule, ctx) -> issues`` as a rule.

    >>> @rule("MY-001", "du", "so_mui_tiem", description="dose number present")
    ... def dose(self, ctx):
    ...     if not ctx.raw.get("so_mui_tiem"):
    ...         yield self.issue("no dose number")
    >>> [i.code for i in check({"full_name": "Lê Lan"}, rules=["MY-001"])]
    ['MY-001']
    >>> RULES._items.pop("MY-001").code
    'MY-001'
    """
    if word not in WORDS:
        from vnidmatch.exceptions import ConfigError

        raise ConfigError(f"unknown word {word!r}; known: {', '.join(WORDS)}")

    def deco(fn: Callable[..., Iterable[Issue]]) -> FunctionRule:
        r = FunctionRule(code, word, severity, field, fn,
                         description or (fn.__doc__ or "").strip())
        object.__setattr__(r, "func", functools.partial(fn, r))  # fn(rule, ctx), bound once
        RULES.add(code, r)
        return r

    return deco


def _context(record: Record, reference: Record | None, options: CheckOptions) -> _Context:
    """The context of one record and its reference, their columns mapped as ``link`` maps
    a register's (``{"Họ và tên": ...}`` is read as ``full_name``)."""
    rec = as_record(record)
    ref = None if reference is None else prepare_record(as_record(reference))
    return _Context(rec, prepare_record(rec), ref, resolve_options(options))


def resolve_options(options: CheckOptions, columns: Iterable[str] | None = None) -> CheckOptions:
    """``options`` with its required fields named as the records hold them: a header that
    maps to a field (``Họ và tên``) becomes that field. With the ``columns`` of a register,
    a name that is neither a field nor one of them raises
    :class:`~vnidmatch.exceptions.ConfigError` listing the valid fields; without them (one
    record) it stays as given, and the record is reported without it.

    >>> resolve_options(CheckOptions(required=("Họ và tên", "Ngày sinh"))).required
    ('full_name', 'birth_date')
    >>> resolve_options(CheckOptions(required=("ho va tn",)), ["Họ và tên"])
    Traceback (most recent call last):
    vnidmatch.exceptions.ConfigError: unknown field 'ho va tn'; valid fields: ...
    """
    if all(name in CANONICAL_FIELDS for name in options.required):
        return options
    if columns is None:
        required = tuple(dict.fromkeys(_field_or_self(n) for n in options.required))
    else:
        cols = list(columns)
        required = tuple(dict.fromkeys(resolve_field(n, cols) for n in options.required))
    return dataclasses.replace(options, required=required)


def _field_or_self(name: str) -> str:
    try:
        return resolve_field(name)
    except ConfigError:
        return name


# ---------------------------------------------------------------------------
# Running rules
# ---------------------------------------------------------------------------


#: what the engine runs: a rule of the registry, or any object with the ``Rule`` protocol
#: (a frozen :class:`FunctionRule` is read-only, which the protocol's attributes are not)
AnyRule = FunctionRule | Rule


def select_rules(rules: Sequence[str | AnyRule] | None = None) -> list[AnyRule]:
    """Rules by code, by word (``"dung"``, ``"du"``, ``"sach"``, ``"song"``) or as objects:
    a :class:`FunctionRule` or any object with the :class:`~vnidmatch.types.Rule` protocol.

    >>> [r.code for r in select_rules(["song"])][:2]
    ['VN-LIVE-001', 'VN-LIVE-002']
    >>> select_rules([object()])
    Traceback (most recent call last):
    ...
    vnidmatch.exceptions.ConfigError: not a rule: object (a rule has code, word, severity, field and check())
    """
    if rules is None:
        return [RULES.get(c) for c in _ordered_codes()]
    out: list[AnyRule] = []
    for r in rules:
        if isinstance(r, str) and r in WORDS:
            out.extend(RULES.get(c) for c in _ordered_codes() if RULES.get(c).word == r)
        elif isinstance(r, str):
            out.append(RULES.get(r))
        else:
            out.append(_as_rule(r))
    return out


def _as_rule(r: object) -> AnyRule:
    """``r``, if it is a rule; a clear error at once otherwise (not deep inside a run)."""
    if isinstance(r, (FunctionRule, Rule)):
        return r
    from vnidmatch.exceptions import ConfigError

    raise ConfigError(f"not a rule: {type(r).__name__} (a rule has code, word, severity, "
                      "field and check())")


def _ordered_codes() -> list[str]:
    return sorted(RULES.names(), key=lambda c: (WORDS.index(RULES.get(c).word), c))


def check(record: Record, reference: Record | None = None,
          rules: Sequence[str | AnyRule] | None = None,
          options: CheckOptions | None = None) -> list[Issue]:
    """Every issue found in one record (all rules run; none stops the others).

    ``reference`` is the matching population-register record, when known: the "đúng" rules
    then compare field by field. ``rules``: codes, words or rule objects (default: all).

    >>> [i.code for i in check({"full_name": "Lê Thị Lan", "birth_date": "1/2/1990",
    ...                         "sex": "Nữ", "id_number": "001190012345",
    ...                         "address": "Phường Ba Đình, Hà Nội"},
    ...                        reference={"full_name": "Lê Thị Lan", "birth_date": "1990-02-02"},
    ...                        rules=["dung"])]
    ['VN-REF-002']
    """
    return run_rules(_context(record, reference, options or CheckOptions()), select_rules(rules))


def run_rules(ctx: _Context, rules: Sequence[AnyRule]) -> list[Issue]:
    """Every issue the given rules find in a prepared record context (what :func:`check`
    and :func:`~vnidmatch.rules.check_dataset` run).

    >>> from vnidmatch.records import prepare_record
    >>> ctx = make_context({"full_name": "Lê Lan"}, prepare_record({"id": 1, "full_name": "Lê Lan"}))
    >>> [i.code for i in run_rules(ctx, select_rules(["VN-REQ-002"]))]
    ['VN-REQ-002']
    """
    return _run_funcs(ctx, _rule_funcs(rules))


def _protocol_func(r: Rule) -> RuleFunc:
    """What runs a ``Rule`` object on a context: its ``check(record, reference)`` with the
    raw record and the raw reference record."""
    def run(ctx: _Context) -> Iterable[Issue]:
        ref = ctx.reference
        return r.check(ctx.raw, None if ref is None else ref.raw)

    return run


def _rule_funcs(rules: Sequence[AnyRule]) -> list[RuleFunc]:
    """The function that runs each rule on a context (for :func:`_run_funcs`, which a batch
    calls per record with one list): a FunctionRule's bound function, read from the context
    at once; any other rule through its ``check()``."""
    return [r.func if isinstance(r, FunctionRule) else _protocol_func(r) for r in rules]


def _run_funcs(ctx: _Context, funcs: Sequence[RuleFunc]) -> list[Issue]:
    """:func:`run_rules` with the rules' functions from :func:`_rule_funcs`."""
    issues: list[Issue] = []
    for func in funcs:
        issues.extend(func(ctx))
    return issues


def make_context(record: Record, prepared: PreparedRecord, reference: PreparedRecord | None = None,
                 options: CheckOptions | None = None,
                 tables: Mapping[str, Mapping[Any, Any]] | None = None) -> _Context:
    """The context rules read: the raw record, its prepared form (made once, e.g. by
    :func:`~vnidmatch.records.prepare_records` for a whole register), the prepared
    reference record, the options, and the tables of what a register's distinct values gave
    (:func:`~vnidmatch.records.prepare_batch` with :data:`~vnidmatch.rules.builtin.DERIVED`;
    rules read them instead of parsing each raw value again, and parse what a table lacks).

    >>> from vnidmatch.records import prepare_record
    >>> make_context({}, prepare_record({"id": 1})).options.required[:2]
    ('full_name', 'birth_date')
    """
    return _Context(record, prepared, reference, options or CheckOptions(), tables or {})
