"""The corruptions real Vietnamese records show, applied at configurable rates."""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vnidmatch.normalize.address import parse_address, to_current
from vnidmatch.normalize.text import fold_diacritics

__all__ = ["CorruptionRates", "corrupt_record", "messy_address", "messy_name"]


@dataclass(frozen=True)
class CorruptionRates:
    """Probabilities of each corruption, per record (defaults: a hand-typed 2021 register).

    The sources and reasoning of every default are in ``docs/synth.md``.

    >>> CorruptionRates().name_no_diacritics
    0.3
    """

    name_no_diacritics: float = 0.3
    name_upper: float = 0.15
    name_nfd: float = 0.03
    name_old_tone_style: float = 0.1
    name_honorific: float = 0.03
    name_drop_middle: float = 0.05
    name_typo: float = 0.04
    name_telex: float = 0.01
    name_vni_mojibake: float = 0.01
    date_other_format: float = 0.5
    date_excel_serial: float = 0.04
    date_year_only: float = 0.04
    date_placeholder: float = 0.02
    date_swap: float = 0.02
    date_typo: float = 0.03
    id_missing: float = 0.08
    id_lost_zero: float = 0.1
    id_formatting: float = 0.1
    id_excel_float: float = 0.03
    id_typo: float = 0.03
    #: of the people holding a CMND: the record carries the CMND instead of the CCCD
    id_old_cmnd: float = 0.25
    #: of the people holding a CMND: the record carries both (CMND in ``old_id_number``)
    id_both: float = 0.15
    id_household_member: float = 0.02
    phone_missing: float = 0.25
    phone_old_11_digits: float = 0.08
    phone_formatting: float = 0.15
    phone_household_member: float = 0.05
    address_missing: float = 0.1
    address_new_scheme: float = 0.3
    address_messy: float = 0.6
    #: the record holds the address before a move to another province (2019 census: 3.2 %
    #: of people moved province in 5 years), or within the province (2.7 % + 1.4 %)
    moved_province: float = 0.03
    moved_within_province: float = 0.04
    sex_missing: float = 0.05


_HONORIFICS = ("Bà", "Ông", "Cháu", "Chị", "Anh", "BN", "Em")
_NEW_TO_OLD_MOBILE = {"32": "162", "33": "163", "34": "164", "35": "165", "36": "166",
                      "37": "167", "38": "168", "39": "169", "70": "120", "79": "121",
                      "77": "122", "76": "126", "78": "128", "83": "123", "84": "124",
                      "85": "125", "81": "127", "82": "129", "56": "186", "58": "188"}  # fmt: skip
_VNI = {"ư": "ö", "ơ": "ô", "đ": "ñ", "Đ": "Ñ"}
_VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_QUAL = {"\u0302": "â", "\u0306": "ê"}
_TELEX_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_TELEX_QUAL = {"â": "aa", "ê": "ee", "ô": "oo", "ă": "aw", "ơ": "ow", "ư": "uw", "đ": "dd"}


def _to_vni(word: str) -> str:
    out = []
    for ch in word:
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = "".join(_VNI_TONES.get(m, "") for m in marks)
        qual = "".join(_VNI_QUAL.get(m, "") for m in marks)
        pre = unicodedata.normalize("NFC", base + "".join(m for m in marks if m == "\u031b"))
        pre = _VNI.get(pre.lower(), pre) if pre.lower() in _VNI else pre
        out.append(pre + qual + tone)
    return "".join(out)


def _to_telex(word: str) -> str:
    tone = ""
    out = []
    for ch in unicodedata.normalize("NFC", word):
        decomposed = unicodedata.normalize("NFD", ch)
        for m in decomposed[1:]:
            if m in _TELEX_TONES:
                tone = _TELEX_TONES[m]
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TELEX_TONES))
        out.append(_TELEX_QUAL.get(base.lower(), base))
    return "".join(out) + tone


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s) - 1)
    op = rng.random()
    if op < 0.4:
        return s[:i] + s[i + 1 :]
    if op < 0.7:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    return s[:i] + rng.choice("aeiouynghtc") + s[i + 1 :]


def messy_name(name: str, rng: random.Random, rates: CorruptionRates) -> str:
    """A name as a hand-typed register might hold it.

    >>> messy_name("Nguyễn Văn An", random.Random(1), CorruptionRates(name_no_diacritics=1.0))
    'Nguyen Van An'
    """
    words = name.split()
    if len(words) >= 3 and rng.random() < rates.name_drop_middle:
        words = [words[0], *words[2:]]
    if rng.random() < rates.name_typo:
        i = rng.randrange(len(words))
        words[i] = _typo(rng, words[i])
    if rng.random() < rates.name_old_tone_style:
        from vnidmatch.normalize.text import canonical_tone_marks

        words = [canonical_tone_marks(w, style="new") for w in words]
    r = rng.random()
    if r < rates.name_no_diacritics:
        words = [fold_diacritics(w) for w in words]
    elif r < rates.name_no_diacritics + rates.name_telex:
        words = [_to_telex(w) for w in words]
    elif r < rates.name_no_diacritics + rates.name_telex + rates.name_vni_mojibake:
        words = [_to_vni(w) if rng.random() < 0.7 else w for w in words]
    s = " ".join(words)
    if rng.random() < rates.name_upper:
        s = s.upper()
    if rng.random() < rates.name_honorific:
        s = f"{rng.choice(_HONORIFICS)} {s}"
    if rng.random() < rates.name_nfd:
        s = unicodedata.normalize("NFD", s)
    if rng.random() < 0.05:
        s = "  " + s.replace(" ", rng.choice(["  ", "\u00a0", " "])) + " "
    return s


def _messy_date(iso: str, rng: random.Random, rates: CorruptionRates) -> str:
    if len(iso) == 4:  # known by its year only
        return iso if rng.random() < 0.7 else f"01/01/{iso}"
    d = datetime.date.fromisoformat(iso)
    r = rng.random()
    if r < rates.date_year_only:
        return str(d.year)
    r -= rates.date_year_only
    if r < rates.date_placeholder:
        return f"01/01/{d.year}"
    r -= rates.date_placeholder
    if r < rates.date_excel_serial:
        return str((d - datetime.date(1899, 12, 30)).days)
    r -= rates.date_excel_serial
    day, month, year = d.day, d.month, d.year
    if r < rates.date_swap and day <= 12:
        day, month = month, day
    elif r < rates.date_swap + rates.date_typo:
        if rng.random() < 0.5:
            day = max(1, min(28, day + rng.choice([-1, 1, 10, -10])))
        else:
            year = year + rng.choice([-1, 1, 10, -10])
    if rng.random() < rates.date_other_format:
        return rng.choice([
            f"{day}/{month}/{year}", f"{day:02d}-{month:02d}-{year}",
            f"{year}-{month:02d}-{day:02d}", f"{day:02d}.{month:02d}.{year % 100:02d}",
            f"{year}{month:02d}{day:02d}", f"ngày {day} tháng {month} năm {year}",
        ])
    return f"{day:02d}/{month:02d}/{year}"


def _messy_id(number: str, rng: random.Random, rates: CorruptionRates) -> str:
    if rng.random() < rates.id_typo:
        i = rng.randrange(6, len(number))
        number = number[:i] + str((int(number[i]) + rng.randint(1, 9)) % 10) + number[i + 1 :]
    r = rng.random()
    if r < rates.id_lost_zero and number.startswith("0"):
        return number.lstrip("0")  # a spreadsheet drops every leading zero
    r -= rates.id_lost_zero
    if r < rates.id_excel_float and number.startswith("0"):
        return number.lstrip("0") + ".0"
    r -= rates.id_excel_float
    if r < rates.id_formatting:
        return rng.choice([f"{number[:3]} {number[3:6]} {number[6:9]} {number[9:]}",
                           f"'{number}", f"{number[:3]}.{number[3:6]}.{number[6:]}"])
    return number


def _messy_phone(phone: str, rng: random.Random, rates: CorruptionRates) -> str:
    if rng.random() < rates.phone_old_11_digits and phone[1:3] in _NEW_TO_OLD_MOBILE:
        phone = "0" + _NEW_TO_OLD_MOBILE[phone[1:3]] + phone[3:]
    if rng.random() < rates.phone_formatting:
        return rng.choice([f"+84 {phone[1:4]} {phone[4:7]} {phone[7:]}", phone[1:],
                           f"{phone[:4]}.{phone[4:7]}.{phone[7:]}", "84" + phone[1:]])
    return phone


_ABBREV = (("Phường ", ("P.", "P ", "F.", "phuong ")), ("Xã ", ("X.", "xa ", "X ")),
           ("Thị trấn ", ("TT.", "TT ")), ("Quận ", ("Q.", "Q ", "quan ")),
           ("Huyện ", ("H.", "huyen ")), ("Thị xã ", ("TX.", "TX ")),
           ("Thành phố ", ("TP.", "TP ", "Tp ")), ("Tỉnh ", ("T.", "", "tinh ")))  # fmt: skip
_PROVINCE_SHORT = {"Thành phố Hồ Chí Minh": ("TP.HCM", "HCM", "Sài Gòn", "TPHCM"),
                   "Thành phố Hà Nội": ("HN", "Hà Nội", "TP Hà Nội")}


def messy_address(address: str, rng: random.Random, *, new_scheme: bool = False,
                  messy: bool = True, drop_district: float = 0.15) -> str:
    """An address as typed: abbreviations, no diacritics, capitals, missing levels.

    With ``new_scheme`` the legacy address is first converted to its 2025 units (when the
    old ward maps to one new ward).

    >>> messy_address("Thôn 1, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội",
    ...               random.Random(0), messy=False)
    'Thôn 1, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội'
    """
    parts = [p.strip() for p in address.split(",")]
    if new_scheme:
        parsed = to_current(parse_address(address))
        if parsed.ward and parsed.province:
            parts = [parts[0], parsed.ward, parsed.province]
    if not messy:
        return ", ".join(parts)
    if not new_scheme and len(parts) == 4 and rng.random() < drop_district:
        parts = [parts[0], parts[1], parts[3]]
    out = []
    for p in parts:
        if p in _PROVINCE_SHORT and rng.random() < 0.5:
            out.append(rng.choice(_PROVINCE_SHORT[p]))
            continue
        for full, shorts in _ABBREV:
            if p.startswith(full) and rng.random() < 0.5:
                p = rng.choice(shorts) + p[len(full):]
                break
        out.append(p)
    sep = rng.choice([", ", ", ", " - ", " "]) if rng.random() < 0.3 else ", "
    s = sep.join(out)
    r = rng.random()
    if r < 0.3:
        s = fold_diacritics(s)
    elif r < 0.4:
        s = s.upper()
    elif r < 0.45:
        s = unicodedata.normalize("NFD", s)
    return s


def corrupt_record(person: Mapping[str, Any], rng: random.Random, rates: CorruptionRates,
                   *, household: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """A copy of ``person`` as a hand-typed register would hold it.

    >>> p = {"full_name": "Nguyễn Văn An", "sex": "M", "birth_date": "1990-03-05",
    ...      "id_number": "001090012345", "old_id_number": "", "phone": "0912345678",
    ...      "address": "Thôn 1, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội"}
    >>> sorted(corrupt_record(p, random.Random(1), CorruptionRates()))
    ['address', 'birth_date', 'full_name', 'id_number', 'old_id_number', 'phone', 'sex']
    """
    rec: dict[str, Any] = {}
    rec["full_name"] = messy_name(person["full_name"], rng, rates)
    rec["sex"] = "" if rng.random() < rates.sex_missing else rng.choice(
        [{"M": "Nam", "F": "Nữ"}[person["sex"]], person["sex"],
         {"M": "nam", "F": "nu"}[person["sex"]]])
    rec["birth_date"] = _messy_date(person["birth_date"], rng, rates)
    others = [h for h in household if h.get("id") != person.get("id")]
    rec["id_number"], rec["old_id_number"] = _ids(person, rng, rates, others)
    r = rng.random()
    if r < rates.phone_missing or not person.get("phone"):
        rec["phone"] = ""
    elif r < rates.phone_missing + rates.phone_household_member and others and any(
            o.get("phone") for o in others):
        rec["phone"] = _messy_phone(rng.choice([o for o in others if o.get("phone")])["phone"],
                                    rng, rates)
    else:
        rec["phone"] = _messy_phone(person["phone"], rng, rates)
    if rng.random() < rates.address_missing:
        rec["address"] = ""
    elif "address_legacy" in person:  # both forms known: no conversion to do here
        new = rng.random() < rates.address_new_scheme
        rec["address"] = messy_address(person["address_2025" if new else "address_legacy"],
                                       rng, messy=rng.random() < rates.address_messy)
    else:
        rec["address"] = messy_address(person["address"], rng,
                                       new_scheme=rng.random() < rates.address_new_scheme,
                                       messy=rng.random() < rates.address_messy)
    return rec


def _ids(person: Mapping[str, Any], rng: random.Random, rates: CorruptionRates,
         others: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """(``id_number``, ``old_id_number``) as typed: missing, the CCCD, the CMND, both, or a
    relative's number."""
    r = rng.random()
    if r < rates.id_missing:
        return rng.choice(["", "", "không có", "0"]), ""
    r -= rates.id_missing
    if r < rates.id_household_member and others:  # a parent's number typed for a child
        parents = [o for o in others if o.get("relation") in ("head", "spouse")]
        source = parents if person.get("relation") == "child" and parents else others
        return _messy_id(rng.choice(source)["id_number"], rng, rates), ""
    cmnd = str(person.get("old_id_number") or "")
    own = _messy_id(person["id_number"], rng, rates)
    if cmnd:
        r = rng.random()
        if r < rates.id_old_cmnd:
            return _messy_id(cmnd, rng, rates), ""
        if r < rates.id_old_cmnd + rates.id_both:
            return own, _messy_id(cmnd, rng, rates)
    return own, ""
