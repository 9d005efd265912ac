"""The built-in rules, VN-*: registered in :data:`~vnidmatch.rules.RULES` on import.

Grouped by word: "đúng" (correct), "đủ" (complete), "sạch" (clean), "sống" (live). The
dataset rules VN-DUP-001/002 look across records and live in :mod:`vnidmatch.rules.dataset`.

>>> from vnidmatch.rules import RULES
>>> RULES.get("VN-LIVE-003").description
'phone in current (10-digit) numbering'
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from vnidmatch.compare.birthdate import birth_date_level
from vnidmatch.compare.name import name_similarity
from vnidmatch.ids import IdNumber, parse_id
from vnidmatch.normalize.address import Address, to_current
from vnidmatch.normalize.birthdate import parse_birth_date
from vnidmatch.normalize.name import name_repairs
from vnidmatch.records import Derived, PreparedRecord
from vnidmatch.rules.consistency import check_consistency
from vnidmatch.rules.engine import FunctionRule, _Context, _derived, rule
from vnidmatch.types import Issue, Severity

__all__ = ["DERIVED"]


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


def _national(ids: tuple[IdNumber, ...]) -> list[IdNumber]:
    """The CCCD/CMND numbers among a record's identifiers (not ``other_id``'s)."""
    return [i for i in ids if i.kind != "other"]


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
        return [self.issue(f"date of birth {b.reading}: {b.error}")]
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
    theirs = _national(ref.ids) if ref is not None else []
    if not theirs or not _national(ctx.prepared.ids):
        return []
    mine = {i.number for i in _national(ctx.prepared.ids)}
    if not mine & {i.number for i in theirs}:
        cccd = next((i for i in theirs if i.kind == "cccd"), theirs[0])
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
    if _required(ctx, "id_number") and not _national(ctx.prepared.ids):
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
    ids = _national(ctx.prepared.ids)
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
