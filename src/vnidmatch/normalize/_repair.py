"""Repairs of broken Vietnamese text: legacy-encoding mojibake and input-method residue.

Private module: :func:`vnidmatch.normalize.name.normalize_name` and the address normalizer
call :func:`repair_text`, which returns the repaired text and the names of the repairs made.

The rule for every repair is the same: a token is changed only when the change turns a
token that is *not* a Vietnamese syllable into one that *is* (checked with
:func:`~vnidmatch.normalize.text.is_vietnamese_syllable`), or when the string already shows
unambiguous evidence of the same breakage in another token. Real foreign or
ethnic-minority words (``Lee``, ``Maria``, ``Ksor``, ``H'Hen``) are therefore left alone.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

from vnidmatch._tables import table_cache
from vnidmatch.normalize.text import is_vietnamese_syllable, split_tone, with_tone

__all__ = ["repair_text"]

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"

# ---------------------------------------------------------------------------
# UTF-8 bytes read as a single-byte code page ("Nguyá»…n", "BĂši")
# ---------------------------------------------------------------------------

_UTF8_MARKERS = re.compile("[ÃÂÄÅÆáºá»Ä\u0080-\u009fĂÄâ€]")


def _try_utf8(token: str) -> str | None:
    for enc in ("cp1252", "latin-1", "iso8859-2"):
        try:
            fixed = token.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != token:
            return unicodedata.normalize("NFC", fixed)
    return None


# ---------------------------------------------------------------------------
# VNI-Windows and TCVN3 (ABC) font bytes read as cp1252
# ---------------------------------------------------------------------------

# VNI-Windows: a base letter followed by a mark byte, plus a few precomposed letters.
_VNI_MARKS: dict[str, tuple[str, ...]] = {
    "ù": (_ACUTE,), "ø": (_GRAVE,), "û": (_HOOK,), "õ": (_TILDE,), "ï": (_DOT,),
    "â": (_CIRC,), "ê": (_BREVE,),
    "á": (_CIRC, _ACUTE), "à": (_CIRC, _GRAVE), "å": (_CIRC, _HOOK), "ã": (_CIRC, _TILDE),
    "ä": (_CIRC, _DOT),
    "é": (_BREVE, _ACUTE), "è": (_BREVE, _GRAVE), "ú": (_BREVE, _HOOK), "ü": (_BREVE, _TILDE),
    "ë": (_BREVE, _DOT),
}  # fmt: skip
_VNI_LETTERS = {
    "ö": "ư", "ô": "ơ", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}  # fmt: skip
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
_VNI_LETTERS.update({k.upper(): v.upper() for k, v in list(_VNI_LETTERS.items())})
# characters that never occur in correctly encoded Vietnamese words
_VNI_ONLY = frozenset("øÿûÛïÏöÖñÑæÆîÎåÅäÄëËüÜ")

# TCVN3 lowercase bytes 0xA1-0xFE (as laid out in TCVN 5712 VN3 / the ABC fonts)
_TCVN3_CHARS = (
    "ĂÂÊÔƠƯĐăâêôơưđ\x00\x00\x00\x00\x00\x00àảãáạ\x00ằẳẵắ\x00\x00\x00\x00\x00\x00\x00ặầẩẫấậè\x00ẻẽéẹề"
    "ểễếệìỉ\x00\x00\x00ĩíịò\x00ỏõóọồổỗốộờởỡớợù\x00ủũúụừửữứựỳỷỹýỵ"
)
_TCVN3: dict[str, str] = {}
for _i, _ch in enumerate(_TCVN3_CHARS):
    if _ch != "\x00":
        _byte = bytes([0xA1 + _i])
        _TCVN3[_byte.decode("cp1252", errors="replace")] = _ch
_TCVN3.pop("\ufffd", None)
_TCVN3_ONLY = frozenset(c for c in _TCVN3 if not c.isalpha()) | frozenset("µ¶·¸¹»¼½¾ÆÇË×ÞßÎÏ")


def _apply_marks(prev: str, marks: tuple[str, ...]) -> str | None:
    base, tone = split_tone(prev)
    for m in marks:
        if m in (_CIRC, _BREVE, _HORN):
            if base.lower() not in ("a", "e", "o", "u"):
                return None
            base = unicodedata.normalize("NFC", base + m)
        else:
            if tone or base.lower() not in "aăâeêioôơuưy":
                return None
            tone = m
    return with_tone(base, tone)


@table_cache(maxsize=16384)
def _decode_vni(token: str) -> str | None:
    out: list[str] = []
    changed = False
    for ch in token:
        if ch in _VNI_MARKS and out:
            new = _apply_marks(out[-1], _VNI_MARKS[ch])
            if new is None:
                return None
            out[-1] = new
            changed = True
        elif ch in _VNI_LETTERS:
            out.append(_VNI_LETTERS[ch])
            changed = True
        else:
            out.append(ch)
    return "".join(out) if changed else None


@table_cache(maxsize=16384)
def _decode_tcvn3(token: str) -> str | None:
    out = "".join(_TCVN3.get(c, c) for c in token)
    return out if out != token else None


def _cp1252_encodable(token: str) -> bool:
    try:
        token.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


# ---------------------------------------------------------------------------
# Input-method residue: Telex, VNI typing, VIQR
# ---------------------------------------------------------------------------

_VN_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyzăâêôơưđ")
_TELEX_TONES = {"s": _ACUTE, "f": _GRAVE, "r": _HOOK, "x": _TILDE, "j": _DOT}
_VNI_KEYS = {
    "1": _ACUTE, "2": _GRAVE, "3": _HOOK, "4": _TILDE, "5": _DOT,
    "6": _CIRC, "7": _HORN, "8": _BREVE,
}  # fmt: skip
_VIQR_KEYS = {"'": _ACUTE, "`": _GRAVE, "?": _HOOK, "~": _TILDE, ".": _DOT,
              "^": _CIRC, "+": _HORN, "(": _BREVE}  # fmt: skip
_VOWELS = "aăâeêioôơuưy"


def _modify(chars: list[str], mark: str) -> bool:
    """Apply a quality mark or tone to the right vowel of ``chars`` (in place)."""
    lowers = [split_tone(c)[0].lower() for c in chars]
    if mark in (_CIRC, _BREVE, _HORN):
        targets = {
            _CIRC: "aeo",
            _BREVE: "a",
            _HORN: "uo",
        }[mark]
        idxs = [i for i, c in enumerate(lowers) if c in targets]
        if not idxs:
            return False
        if mark == _HORN and len(idxs) >= 2 and lowers[idxs[-2]] == "u" and lowers[idxs[-1]] == "o":
            for i in idxs[-2:]:
                base, tone = split_tone(chars[i])
                chars[i] = with_tone(unicodedata.normalize("NFC", base + _HORN), tone)
            return True
        i = idxs[-1]
        base, tone = split_tone(chars[i])
        chars[i] = with_tone(unicodedata.normalize("NFC", base + mark), tone)
        return True
    vowels = [i for i, c in enumerate(lowers) if c in _VOWELS]
    if not vowels or any(split_tone(chars[i])[1] for i in vowels):
        return False
    i = vowels[-1]  # placement is canonicalised later
    chars[i] = with_tone(chars[i], mark)
    return True


@table_cache(maxsize=16384)
def _decode_telex(token: str) -> tuple[str, bool] | None:
    """Decode a Telex token; returns (text, strong_evidence) or None."""
    low = token.lower()
    if not low.isalpha() or not all(c in _VN_ALPHABET for c in low):
        return None
    chars: list[str] = []
    strong = False
    i = 0
    while i < len(token):
        c = token[i]
        lc = c.lower()
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if lc == "d" and nxt == "d":
            chars.append("Đ" if c.isupper() else "đ")
            strong = True
            i += 2
            continue
        if lc in "aeo" and nxt == lc:
            chars.append(unicodedata.normalize("NFC", c + _CIRC))
            i += 2
            continue
        if lc == "w" and chars:
            last = split_tone(chars[-1])[0]
            if last in ("â", "Â"):  # "aaw": the w turns â into ă
                chars[-1] = "ă" if last == "â" else "Ă"
                strong = True
                i += 1
                continue
            if not _modify(chars, _HORN) and not _modify(chars, _BREVE):
                return None
            strong = True
            i += 1
            continue
        chars.append(c)
        i += 1
    # a tone key at the very end
    if len(chars) >= 2 and chars[-1].lower() in _TELEX_TONES:
        prev = chars[:-1]
        if any(split_tone(x)[0].lower() in _VOWELS for x in prev) and _modify(
            prev, _TELEX_TONES[chars[-1].lower()]
        ):
            chars = prev
            strong = True
    out = "".join(chars)
    if out == token:
        return None
    return out, strong


@table_cache(maxsize=16384)
def _decode_keys(token: str, keys: tuple[tuple[str, str], ...]) -> str | None:
    table = dict(keys)
    chars: list[str] = []
    changed = False
    i = 0
    while i < len(token):
        c = token[i]
        if c in ("9", "d", "D") and i + 1 < len(token) and token[i + 1] in ("9", "d") and (
            (c in "dD" and "9" in table and token[i + 1] == "9")
            or (c in "dD" and "9" not in table and token[i + 1] == "d" and c != "9")
        ):
            chars.append("Đ" if c == "D" else "đ")
            changed = True
            i += 2
            continue
        if c in table and chars:
            if not _modify(chars, table[c]):
                return None
            changed = True
        else:
            chars.append(c)
        i += 1
    return "".join(chars) if changed else None


_VNI_KEY_TUPLE = (*_VNI_KEYS.items(), ("9", ""))
_VIQR_KEY_TUPLE = tuple(_VIQR_KEYS.items())


# ---------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------


@table_cache(maxsize=65536)
def _valid(word: str) -> bool:
    return is_vietnamese_syllable(word)  # per word: names share a few thousand words


@table_cache(maxsize=65536)
def _legacy_reading(tok: str) -> tuple[str, str] | None:
    """(kind, text) of the first valid reading of ``tok`` as VNI-Windows or TCVN3 font
    bytes, if any."""
    if not _cp1252_encodable(tok) or not any("a" <= c <= "z" for c in tok.lower()):
        return None
    vni = _decode_vni(tok)
    if vni is not None and _valid(vni):
        return "mojibake_vni", vni
    tcvn = _decode_tcvn3(tok)
    if tcvn is not None and _valid(tcvn):
        return "mojibake_tcvn3", tcvn
    return None


#: scores a candidate spelling of the token at ``position`` of ``n`` tokens (higher = likelier)
Vocabulary = Callable[[str, int, int], float]


def _no_vocabulary(token: str, position: int, n: int) -> float:
    return 0.0


@table_cache(maxsize=65536)
def repair_text(s: str, vocabulary: Vocabulary = _no_vocabulary) -> tuple[str, tuple[str, ...]]:
    """Repair mojibake and typing residue in ``s``; return (text, repairs made).

    ``s`` should already be NFC with spaces squeezed. ``vocabulary`` decides between two
    readings that are both Vietnamese (``Hoàng`` as typed, or ``Hồng`` read as VNI-Windows)
    when the string shows legacy-encoding damage elsewhere: the likelier one wins, the text
    as typed on a tie.

    >>> repair_text("Traàn Vaên Dö")
    ('Trần Văn Dư', ('mojibake_vni',))
    >>> repair_text("Nguyeenx Vawn Tuaans")[0]
    'Nguyễn Văn Tuấn'
    >>> repair_text("Nguye64n Tra62n")[0], repair_text("Nguye^n~")[0]
    ('Nguyễn Trần', 'Nguyễn')
    >>> repair_text("Lee Maria Ksor H'Hen")
    ("Lee Maria Ksor H'Hen", ())
    """
    repairs: list[str] = []
    s = _decode_escapes(s, repairs)
    s = _repair_utf8(s, repairs)
    tokens = s.split(" ")
    out = _repair_legacy(tokens, vocabulary, repairs)
    _repair_typing(tokens, out, repairs)
    return " ".join(out), tuple(repairs)


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|U([0-9a-fA-F]{8}))")
_ENTITY = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,9});")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _unescape(m: re.Match[str]) -> str:
    code = int(m.group(1) or m.group(2) or m.group(3), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return m.group(0)
    return chr(code)


def _unpercent(m: re.Match[str]) -> str:
    try:
        return bytes.fromhex(m.group(0).replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return m.group(0)  # not percent-encoded UTF-8: "100%AB" stays


def _decode_escapes(s: str, repairs: list[str]) -> str:
    """Stage 0: escaped-text residue of exports and web forms, decoded before the other
    repairs: literal ``\\u1ec5`` / ``\\x85`` escapes (also inside legacy-encoding damage,
    which stage 1 then repairs), HTML entities (``&#7877;``, ``&agrave;``) and
    percent-encoded UTF-8 (``%E1%BB%85``). Text without them is returned unchanged."""
    out = s
    if "\\" in out:
        out = _ESCAPE.sub(_unescape, out)
    if "&" in out and _ENTITY.search(out):
        out = html.unescape(out)
    if "%" in out:
        out = _PERCENT.sub(_unpercent, out)
    if out == s:
        return s
    repairs.append("escapes")
    return unicodedata.normalize("NFC", out)


def _repair_utf8(s: str, repairs: list[str]) -> str:
    """Stage 1: UTF-8 read as a single-byte code page, the whole string, then token by
    token."""
    if _UTF8_MARKERS.search(s):
        whole = _try_utf8(s)
        if whole is not None:
            s = whole
            repairs.append("mojibake_utf8")
        else:
            toks = s.split(" ")
            fixed_toks = [_try_utf8(t) if _UTF8_MARKERS.search(t) else None for t in toks]
            if any(f is not None for f in fixed_toks):
                s = " ".join(f if f is not None else t for f, t in zip(fixed_toks, toks))
                repairs.append("mojibake_utf8")
    return s


def _repair_legacy(tokens: list[str], vocabulary: Vocabulary, repairs: list[str]) -> list[str]:
    """Stage 2: VNI-Windows / TCVN3 font bytes; the tokens with those read."""
    out = list(tokens)
    legacy: dict[int, tuple[str, str]] = {}
    for i, tok in enumerate(tokens):
        reading = _legacy_reading(tok)
        if reading is not None:
            legacy[i] = reading
    definite = {
        i
        for i, (kind, _) in legacy.items()
        if not _valid(tokens[i])
        or any(c in (_VNI_ONLY if kind == "mojibake_vni" else _TCVN3_ONLY) for c in tokens[i])
    }
    if definite:
        kinds = {legacy[i][0] for i in definite}
        n = len(tokens)
        for i, (kind, text) in legacy.items():
            if i in definite or (
                kind in kinds and vocabulary(text, i, n) > vocabulary(tokens[i], i, n)
            ):
                out[i] = text
                if kind not in repairs:
                    repairs.append(kind)
    return out


def _repair_typing(tokens: list[str], out: list[str], repairs: list[str]) -> None:
    """Stage 3: input-method residue in ``out`` (in place): VNI typing (digits), VIQR
    (punctuation), Telex (letters)."""
    telex_weak: list[tuple[int, str]] = []
    telex_strong = False
    for i, tok in enumerate(out):
        if _valid(tok):
            continue
        if any(ch.isdigit() for ch in tok) and any(ch.isalpha() for ch in tok):
            dec = _decode_keys(tok, _VNI_KEY_TUPLE)
            if dec is not None and _valid(dec):
                out[i] = dec
                if "vni_typing" not in repairs:
                    repairs.append("vni_typing")
            continue
        if any(ch in "^+(~`?" for ch in tok):
            dec = _decode_keys(tok.replace("dd", "\x01"), _VIQR_KEY_TUPLE)
            if dec is not None:
                dec = dec.replace("\x01", "đ")
                if _valid(dec):
                    out[i] = dec
                    if "viqr" not in repairs:
                        repairs.append("viqr")
            continue
        res = _decode_telex(tok)
        if res is None or not _valid(res[0]):
            continue
        if res[1]:
            out[i] = res[0]
            telex_strong = True
        else:
            telex_weak.append((i, res[0]))
    # a token with doubled vowels only ("Lee", "Nguyeen") is decoded when the string shows
    # other, unambiguous Telex residue, or when it is too long to be a short foreign word
    for i, dec in telex_weak:
        if telex_strong or len(tokens[i]) >= 5:
            out[i] = dec
            telex_strong = True
    if telex_strong:
        repairs.append("telex")
