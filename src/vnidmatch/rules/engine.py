"""The rule engine: "đúng, đủ, sạch, sống" checks for identity records.

Rules report; they never change data and never stop at the first problem. Each rule has a
stable code, the word it belongs to (``dung`` correct, ``du`` complete, ``sach`` clean,
``song`` live), a field and a severity; a rule that could flag valid people is at most a
warning. An issue may carry a ``suggestion``: what the normalised value would be.

>>> [i.code for i in check({"full_name": "nguyen  van a", "birth_date": "1990",
...                         "id_number": "012345678"})]
['VN-REQ-003', 'VN-REQ-004', 'VN-REQ-006', 'VN-CLEAN-001', 'VN-LIVE-001']
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vnidmatch.compare.birthdate import birth_date_level
from vnidmatch.compare.name import name_similarity
from vnidmatch.ids import IdNumber, parse_id
from vnidmatch.normalize.address import Address, to_current
from vnidmatch.normalize.birthdate import parse_birth_date
from vnidmatch.normalize.name import name_repairs
from vnidmatch.normalize.phone import Phone, parse_phone
from vnidmatch.records import (
    Derived,
    PreparedRecord,
    prepare_record,
)
from vnidmatch.registry import Registry
from vnidmatch.rules.consistency import check_consistency
from vnidmatch.types import Issue, Record, Severity

__all__ = ["RULES", "WORDS", "CheckOptions", "FunctionRule", "check", "make_context", "rule",
           "run_rules", "select_rules"]

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


def _current_place(a: Address) -> str | None:
    """"ward, province" in the 2025 units of an old-scheme address (VN-LIVE-002's
    suggestion)."""
    cur = to_current(a)
    return ", ".join(x for x in (cur.ward, cur.province) if x) or None


#: values the rules derive from input columns, worked out per distinct value with the
#: preparation of a register (kind, column, stripped text, function)
DERIVED: tuple[Derived, ...] = (
    ("name_repairs", "full_name", False, name_repairs),
)


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
    rec = dict(record)
    rec.setdefault("id", "")
    ref = None
    if reference is not None:
        r2 = dict(reference)
        r2.setdefault("id", "")
        ref = prepare_record(r2)
    return _Context(record, prepare_record(rec), ref, options)


_EVENT_DATES = ("event_date", "vaccination_date", "registered_at", "ngay_tiem")
_DIGIT = re.compile(r"\d")


def _present(value: Any) -> bool:
    return value is not None and str(value).strip() not in ("", "nan", "None")


# ---------------------------------------------------------------------------
# Đúng: correct
# ---------------------------------------------------------------------------


@rule("VN-ID-001", "dung", "id_number", description="identifier structurally valid")
def _id_valid(self: FunctionRule, ctx: _Context) -> list[Issue]:
    out = []
    for fname, kind in (("id_number", "id"), ("old_id_number", "cmnd")):
        got = _derived(ctx, kind, ctx.raw.get(fname), parse_id)  # the hint only names the kind
        if got is not None and not got.is_valid:
            out.append(Issue(self.code, fname, f"{fname} {got.masked} is not valid: "
                             f"{got.error}", self.severity, self.word))
    return out


def _unconfirmed_ids(p: PreparedRecord) -> list[IdNumber]:
    """The identifiers whose digits the preparation did not find in agreement with the
    record's birth year and sex (most agree: the two rules below then have nothing to do)."""
    if len(p.id_consistent) != len(p.ids):  # made by hand, without the flags
        return list(p.ids)
    return [i for i, ok in zip(p.ids, p.id_consistent) if not ok]


@rule("VN-CCCD-002", "dung", "sex", Severity.WARNING,
      "CCCD century/sex digit agrees with the record's sex")
def _cccd_sex(self: FunctionRule, ctx: _Context) -> list[Issue]:
    return [x for i in _unconfirmed_ids(ctx.prepared)
            for x in check_consistency(i, sex=ctx.prepared.sex) if x.code == self.code]


@rule("VN-CCCD-003", "dung", "birth_date", Severity.WARNING,
      "CCCD century and birth-year digits agree with the date of birth")
def _cccd_year(self: FunctionRule, ctx: _Context) -> list[Issue]:
    return [x for i in _unconfirmed_ids(ctx.prepared)
            for x in check_consistency(i, birth_date=ctx.prepared.birth) if x.code == self.code]


@rule("VN-DOB-001", "dung", "birth_date", description="date of birth exists in the calendar")
def _dob_exists(self: FunctionRule, ctx: _Context) -> list[Issue]:
    b = ctx.prepared.birth
    if b is not None and b.error:
        return [self.issue(f"date of birth {b.iso}: {b.error}")]
    if b is None and _present(ctx.raw.get("birth_date")):
        return [self.issue("date of birth cannot be read")]
    return []


@rule("VN-DOB-002", "dung", "birth_date", description="date of birth not in the future")
def _dob_future(self: FunctionRule, ctx: _Context) -> list[Issue]:
    b = ctx.prepared.birth
    if b is not None and (b.date or datetime.date(b.year, b.month or 1, 1)) > ctx.options.today:
        return [self.issue(f"date of birth {b.iso} is in the future")]
    return []


@rule("VN-DOB-003", "dung", "birth_date", Severity.WARNING, "date of birth not before 1900")
def _dob_old(self: FunctionRule, ctx: _Context) -> list[Issue]:
    b = ctx.prepared.birth
    if b is not None and b.year < 1900:
        return [self.issue(f"date of birth {b.iso} is before 1900")]
    return []


@rule("VN-DOB-004", "dung", "birth_date",
      description="date of birth not after the event (vaccination, registration) date")
def _dob_after_event(self: FunctionRule, ctx: _Context) -> list[Issue]:
    b = ctx.prepared.birth
    if b is None or b.date is None:
        return []
    out = []
    for key in _EVENT_DATES:
        raw = ctx.raw.get(key)
        ev = parse_birth_date(raw) if raw is not None else None
        if ev is not None and ev.date and b.date > ev.date:
            out.append(self.issue(f"date of birth {b.iso} is after the {key} {ev.iso}"))
    return out


@rule("VN-PHONE-001", "dung", "phone", description="phone valid under current numbering")
def _phone_valid(self: FunctionRule, ctx: _Context) -> list[Issue]:
    p = ctx.phone
    if p is not None and not p.is_valid:
        return [self.issue(f"phone is not valid: {p.error}")]
    return []


@rule("VN-ADDR-001", "dung", "address", Severity.WARNING,
      "address resolves to a real administrative unit")
def _addr_resolves(self: FunctionRule, ctx: _Context) -> list[Issue]:
    if _present(ctx.raw.get("address")) and ctx.prepared.address is None:
        return [self.issue("address does not resolve to any province")]
    return []


@rule("VN-REF-001", "dung", "full_name", description="name agrees with the reference record")
def _ref_name(self: FunctionRule, ctx: _Context) -> list[Issue]:
    ref = ctx.reference
    if ref is not None and ctx.prepared.full_name and ref.full_name:
        sim = name_similarity(ctx.prepared.full_name, ref.full_name)
        if sim is not None and sim < 0.95:
            return [self.issue(f"name {ctx.prepared.full_name!r} differs from the reference "
                               f"{ref.full_name!r}", suggestion=ref.full_name)]
    return []


@rule("VN-REF-002", "dung", "birth_date",
      description="date of birth agrees with the reference record")
def _ref_dob(self: FunctionRule, ctx: _Context) -> list[Issue]:
    ref = ctx.reference
    if ref is not None:
        level = birth_date_level(ctx.prepared.birth, ref.birth)
        if level not in (None, "exact"):
            assert ref.birth is not None and ctx.prepared.birth is not None
            return [self.issue(f"date of birth {ctx.prepared.birth.iso} differs from the reference "
                               f"{ref.birth.iso} ({level})", suggestion=ref.birth.iso)]
    return []


@rule("VN-REF-003", "dung", "sex", description="sex agrees with the reference record")
def _ref_sex(self: FunctionRule, ctx: _Context) -> list[Issue]:
    ref = ctx.reference
    if ref is not None and ctx.prepared.sex and ref.sex and ctx.prepared.sex != ref.sex:
        return [self.issue(f"sex {ctx.prepared.sex} differs from the reference {ref.sex}",
                           suggestion=ref.sex)]
    return []


@rule("VN-REF-004", "dung", "id_number",
      description="identifier agrees with the reference record")
def _ref_id(self: FunctionRule, ctx: _Context) -> list[Issue]:
    ref = ctx.reference
    if ref is None or not ctx.prepared.ids or not ref.ids:
        return []
    mine = {i.number for i in ctx.prepared.ids}
    if not mine & {i.number for i in ref.ids}:
        cccd = next((i for i in ref.ids if i.kind == "cccd"), ref.ids[0])
        return [self.issue(f"identifier differs from the reference ({cccd.masked})",
                           suggestion=cccd.number)]
    return []


# ---------------------------------------------------------------------------
# Đủ: complete
# ---------------------------------------------------------------------------


def _required(ctx: _Context, name: str) -> bool:
    return name in ctx.options.required


@rule("VN-REQ-001", "du", "full_name", description="full name with family and given name")
def _req_name(self: FunctionRule, ctx: _Context) -> list[Issue]:
    if not _required(ctx, "full_name"):
        return []
    p = ctx.prepared  # its family and given keys come from parse_name, worked out once
    if not p.given_key:
        return [self.issue("full name is missing")]
    if not p.family_key:
        return [self.issue(f"full name {p.full_name!r} has no family name")]
    return []


@rule("VN-REQ-002", "du", "birth_date", description="date of birth present")
def _req_dob(self: FunctionRule, ctx: _Context) -> list[Issue]:
    if _required(ctx, "birth_date") and not _present(ctx.raw.get("birth_date")):
        return [self.issue("date of birth is missing")]
    return []


@rule("VN-REQ-003", "du", "birth_date", Severity.WARNING,
      "full date of birth, not a year only or a 01/01 placeholder")
def _req_full_dob(self: FunctionRule, ctx: _Context) -> list[Issue]:
    b = ctx.prepared.birth
    if not _required(ctx, "birth_date") or b is None:
        return []
    if b.precision != "day":
        return [self.issue(f"date of birth has only the {b.precision} ({b.iso})")]
    if b.placeholder:
        return [self.issue(f"date of birth {b.iso} looks like a 01/01 placeholder for a year")]
    return []


@rule("VN-REQ-004", "du", "sex", description="sex present")
def _req_sex(self: FunctionRule, ctx: _Context) -> list[Issue]:
    if _required(ctx, "sex") and ctx.prepared.sex is None:
        return [self.issue("sex is missing or not readable (Nam/Nữ)")]
    return []


@rule("VN-REQ-005", "du", "id_number", description="identifier present (not a placeholder)")
def _req_id(self: FunctionRule, ctx: _Context) -> list[Issue]:
    if _required(ctx, "id_number") and not ctx.prepared.ids:
        return [self.issue("identifier is missing or a placeholder")]
    return []


@rule("VN-REQ-006", "du", "address", description="address down to the ward/commune")
def _req_address(self: FunctionRule, ctx: _Context) -> list[Issue]:
    if not _required(ctx, "address"):
        return []
    a = ctx.prepared.address
    if not _present(ctx.raw.get("address")):
        return [self.issue("address is missing")]
    if a is not None and a.ward is None:
        return [self.issue("address does not name one ward or commune")]
    return []


@rule("VN-REQ-007", "du", "*", description="every field the register requires is present")
def _req_other(self: FunctionRule, ctx: _Context) -> list[Issue]:
    builtin = {"full_name", "birth_date", "sex", "id_number", "address"}
    return [Issue(self.code, name, f"{name} is missing", self.severity, self.word)
            for name in ctx.options.required
            if name not in builtin and not _present(ctx.raw.get(name))]


# ---------------------------------------------------------------------------
# Sạch: clean
# ---------------------------------------------------------------------------


@rule("VN-CLEAN-001", "sach", "full_name", Severity.WARNING,
      "name stored in its normalised form")
def _clean_name(self: FunctionRule, ctx: _Context) -> list[Issue]:
    raw = ctx.raw.get("full_name")
    if isinstance(raw, str) and raw:
        norm = ctx.prepared.full_name or ""  # normalize_name(raw), worked out once
        if norm != raw:
            repairs = ", ".join(_derived(ctx, "name_repairs", raw, name_repairs)) or "form"
            return [self.issue(f"name is not in normalised form ({repairs})", suggestion=norm)]
    return []


@rule("VN-CLEAN-002", "sach", "id_number", Severity.WARNING,
      "identifier stored as its compact digits")
def _clean_id(self: FunctionRule, ctx: _Context) -> list[Issue]:
    raw = ctx.raw.get("id_number")
    got = _derived(ctx, "id", raw, parse_id)
    if got is not None and got.is_valid and str(raw).strip() != got.number:
        return [self.issue(f"identifier needs repair ({', '.join(got.repairs) or 'form'})",
                           suggestion=got.number)]
    return []


@rule("VN-CLEAN-003", "sach", "birth_date", Severity.INFO,
      "date of birth stored in ISO form")
def _clean_dob(self: FunctionRule, ctx: _Context) -> list[Issue]:
    b = ctx.prepared.birth
    raw = ctx.raw.get("birth_date")
    if b is not None and b.is_valid and str(raw).strip() != b.iso:
        return [self.issue(f"date of birth written as {str(raw)!r}", suggestion=b.iso)]
    return []


@rule("VN-CLEAN-004", "sach", "phone", Severity.INFO, "phone stored in E.164 form")
def _clean_phone(self: FunctionRule, ctx: _Context) -> list[Issue]:
    p = ctx.phone
    if p is not None and p.e164 and str(ctx.raw.get("phone")).strip() != p.e164:
        return [self.issue("phone not in E.164 form", suggestion=p.e164)]
    return []


@rule("VN-CLEAN-005", "sach", "full_name", description="no junk in the name field")
def _clean_junk(self: FunctionRule, ctx: _Context) -> list[Issue]:
    raw = ctx.raw.get("full_name")
    if isinstance(raw, str) and raw.strip() and not ctx.prepared.full_name:
        return [self.issue("name field holds no name")]
    if isinstance(raw, str) and _DIGIT.search(raw):
        return [self.issue("name field holds digits", severity=Severity.WARNING)]
    return []


# ---------------------------------------------------------------------------
# Sống: live
# ---------------------------------------------------------------------------


@rule("VN-LIVE-001", "song", "id_number", Severity.WARNING,
      "identifier is a current document (a CMND is not after 31/12/2024)")
def _live_cmnd(self: FunctionRule, ctx: _Context) -> list[Issue]:
    ids = ctx.prepared.ids
    if ids and ctx.options.today > ctx.options.cmnd_valid_until and all(
            i.kind == "cmnd9" for i in ids if i.is_valid) and any(i.is_valid for i in ids):
        return [self.issue("only a 9-digit CMND: no longer a valid document since 01/01/2025; "
                           "the record needs the person's CCCD")]
    return []


@rule("VN-LIVE-002", "song", "address", Severity.WARNING,
      "address in the administrative units in force (from 2025-07-01)")
def _live_address(self: FunctionRule, ctx: _Context) -> list[Issue]:
    a = ctx.prepared.address
    if a is not None and a.scheme == "legacy":
        return [self.issue("address uses the units before 2025-07-01", suggestion=_current_place(a))]
    return []


@rule("VN-LIVE-003", "song", "phone", Severity.WARNING, "phone in current (10-digit) numbering")
def _live_phone(self: FunctionRule, ctx: _Context) -> list[Issue]:
    p = ctx.phone
    if p is not None and "mobile_2018" in p.repairs:
        return [self.issue("phone is a pre-2018 11-digit number", suggestion=p.national)]
    return []


@rule("VN-LIVE-004", "song", "deceased", description="person not recorded as deceased")
def _live_deceased(self: FunctionRule, ctx: _Context) -> list[Issue]:
    for key in ("deceased", "da_mat", "ngay_mat", "date_of_death"):
        v = ctx.raw.get(key)
        if _present(v) and str(v).strip().lower() not in ("0", "false", "no", "khong", "không"):
            return [Issue(self.code, key, "the person is recorded as deceased", self.severity,
                          self.word)]
    return []


@rule("VN-LIVE-005", "song", "updated_at", Severity.WARNING, "record updated recently")
def _live_updated(self: FunctionRule, ctx: _Context) -> list[Issue]:
    raw = ctx.raw.get("updated_at")
    d = parse_birth_date(raw) if _present(raw) else None
    if d is not None and d.date is not None:
        age = (ctx.options.today - d.date).days
        if age > ctx.options.max_age_days:
            return [self.issue(f"last updated {d.iso}, {age} days ago")]
    return []


# ---------------------------------------------------------------------------
# Running rules
# ---------------------------------------------------------------------------


def select_rules(rules: Sequence[str | FunctionRule] | None = None) -> list[FunctionRule]:
    """Rules by code, by word (``"dung"``, ``"du"``, ``"sach"``, ``"song"``) or as objects.

    >>> [r.code for r in select_rules(["song"])][:2]
    ['VN-LIVE-001', 'VN-LIVE-002']
    """
    if rules is None:
        return [RULES.get(c) for c in _ordered_codes()]
    out: list[FunctionRule] = []
    for r in rules:
        if isinstance(r, str) and r in WORDS:
            out.extend(RULES.get(c) for c in _ordered_codes() if RULES.get(c).word == r)
        elif isinstance(r, str):
            out.append(RULES.get(r))
        else:
            out.append(r)
    return out


def _ordered_codes() -> list[str]:
    return sorted(RULES.names(), key=lambda c: (WORDS.index(RULES.get(c).word), c))


def check(record: Record, reference: Record | None = None,
          rules: Sequence[str | FunctionRule] | None = None,
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


def run_rules(ctx: _Context, rules: Sequence[FunctionRule]) -> list[Issue]:
    """Every issue the given rules find in a prepared record context (what :func:`check`
    and :func:`~vnidmatch.rules.check_dataset` run).

    >>> from vnidmatch.records import prepare_record
    >>> ctx = make_context({"full_name": "Lê Lan"}, prepare_record({"id": 1, "full_name": "Lê Lan"}))
    >>> [i.code for i in run_rules(ctx, select_rules(["VN-REQ-002"]))]
    ['VN-REQ-002']
    """
    return _run_funcs(ctx, _rule_funcs(rules))


def _rule_funcs(rules: Sequence[FunctionRule]) -> list[RuleFunc]:
    """The function that runs each rule on a context (for :func:`_run_funcs`, which a batch
    calls per record with one list)."""
    # a FunctionRule's bound function; other Rule objects through their check()
    return [getattr(r, "func", None) or r.check for r in rules]  # type: ignore[misc]


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
    (:func:`~vnidmatch.records.prepare_batch` with :data:`DERIVED`; rules read them
    instead of parsing each raw value again, and parse what a table lacks).

    >>> from vnidmatch.records import prepare_record
    >>> make_context({}, prepare_record({"id": 1})).options.required[:2]
    ('full_name', 'birth_date')
    """
    return _Context(record, prepared, reference, options or CheckOptions(), tables or {})
