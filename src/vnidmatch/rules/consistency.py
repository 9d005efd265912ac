"""Cross-checks of an identifier against the record's own date of birth and sex ("đúng").

>>> import datetime
>>> check_consistency("001090012345", birth_date=datetime.date(1990, 5, 1), sex="M")
[]
>>> [i.code for i in check_consistency("001190012345", birth_date=datetime.date(1991, 5, 1), sex="M")]
['VN-CCCD-002', 'VN-CCCD-003']
"""

from __future__ import annotations

import datetime

from vnidmatch.ids import IdNumber, parse_id
from vnidmatch.normalize.birthdate import BirthDate, parse_birth_date
from vnidmatch.normalize.sex import normalize_sex
from vnidmatch.types import Issue, Severity

__all__ = ["check_consistency"]

def check_consistency(
    id_number: str | IdNumber | None,
    birth_date: datetime.date | BirthDate | str | None = None,
    sex: str | None = None,
) -> list[Issue]:
    """Check a CCCD (or 12-digit CMND) against the record's date of birth and sex.

    Returns an empty list when consistent (or when there is nothing to compare). Codes:
    ``VN-ID-001`` the number is not valid; ``VN-CCCD-002`` the century/sex digit disagrees
    with ``sex``; ``VN-CCCD-003`` century and birth-year digits disagree with the year of
    birth. The last two are warnings: a number can be legitimately re-established after a
    sex or birth-year correction (Circular 59/2021/TT-BCA). Messages never show the number.

    >>> check_consistency("001090012345", birth_date="05/03/1990", sex="Nữ")[0].message
    'CCCD says male (century/sex digit 0), the record says female'
    >>> check_consistency("12345")[0].code
    'VN-ID-001'
    """
    ident = id_number if isinstance(id_number, IdNumber) or id_number is None else parse_id(id_number)
    if ident is None:
        return []
    if not ident.is_valid:
        return [Issue("VN-ID-001", "id_number",
                      f"identifier {ident.masked} is not valid: {ident.error}", Severity.ERROR)]
    if ident.kind not in ("cccd", "cmnd12") or ident.birth_year is None:
        return []
    issues = []
    digit = ident.number[3]
    want = normalize_sex(sex)
    if want is not None and ident.sex is not None and want != ident.sex:
        words = {"M": "male", "F": "female"}
        issues.append(Issue(
            "VN-CCCD-002", "sex",
            f"CCCD says {words[ident.sex]} (century/sex digit {digit}), "
            f"the record says {words[want]}",
            Severity.WARNING,
        ))
    bd = birth_date if isinstance(birth_date, BirthDate) else parse_birth_date(birth_date)
    if bd is not None and bd.year != ident.birth_year:
        issues.append(Issue(
            "VN-CCCD-003", "birth_date",
            f"CCCD digits give birth year {ident.birth_year}, the record says {bd.year}",
            Severity.WARNING,
        ))
    return issues
