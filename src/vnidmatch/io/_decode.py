"""Bytes of a text file to numbered physical lines, each decoded on its own.

What exporters and Excel really write: UTF-8 with or without a BOM, UTF-16 (Excel's "Unicode
text") with a BOM, Windows-1258 or cp1252 from legacy systems — sometimes mixed row by row in
one file when registers were concatenated — and text typed in the VNI-Windows or TCVN3 fonts,
saved as cp1252. Line endings are ``\\n``, ``\\r\\n`` or, from Excel for Mac, a lone ``\\r``.

Each line is decoded by itself (UTF-8 first, then the file's single-byte fallback), so one
Windows-1258 row in a UTF-8 file is read, not rejected, and a line no encoding can read is
reported by number instead of failing the file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from vnidmatch.exceptions import VnidmatchError

__all__ = ["Line", "decode_lines"]

_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
              (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_WORD = re.compile(r"[^\s,;|\"'.()/:-]+")
_SAMPLE = 4000  # lines read to decide on VNI / TCVN3 font text


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line: its 1-based number, its text (None when it does not decode) and
    the raw bytes shown in a reject."""

    number: int
    text: str | None
    raw: str


def _split(data: bytes) -> list[bytes]:
    """Physical lines; a lone CR ends a line only in a file with no LF at all (Excel for
    Mac); elsewhere it is a character inside a field and becomes a space."""
    if b"\n" in data:
        lines = data.split(b"\n")
        lines = [ln[:-1] if ln.endswith(b"\r") else ln for ln in lines]
        lines = [ln.replace(b"\r", b" ") for ln in lines]
    else:
        lines = data.split(b"\r")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def _wide(data: bytes) -> str | None:
    """The encoding of a UTF-16/32 file (by BOM, or by the NUL bytes of ASCII text)."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name
    head = data[:2000]
    if len(head) >= 4:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 0.3 * len(head) / 2 and even == 0:
            return "utf-16-le"
        if even > 0.3 * len(head) / 2 and odd == 0:
            return "utf-16-be"
    return None


def _cp1252(line: bytes) -> str:
    """cp1252, with the five bytes it leaves undefined read as Latin-1 (font files use them)."""
    return "".join(b.decode("cp1252", errors="strict") if b[0] not in (0x81, 0x8D, 0x8F,
                                                                          0x90, 0x9D)
                   else b.decode("latin-1") for b in (line[i:i + 1] for i in range(len(line))))


def _font_text(lines: list[bytes]) -> bool:
    """Whether the lines that are not UTF-8 hold VNI-Windows / TCVN3 font text: more of their
    words read as Vietnamese syllables through the font tables than as Windows-1258."""
    from vnidmatch.normalize._repair import _legacy_reading, _valid

    font = cp1258 = 0
    for line in lines[:_SAMPLE]:
        as_font = _cp1252(line)
        as_1258 = unicodedata.normalize("NFC", line.decode("cp1258", errors="replace"))
        for tok in _WORD.findall(as_font):
            if not tok.isascii() and _legacy_reading(tok) is not None:
                font += 1
        for tok in _WORD.findall(as_1258):
            if not tok.isascii() and _valid(tok.lower()):
                cp1258 += 1
    return font > cp1258


def decode_lines(data: bytes, encoding: str | None = None) -> tuple[list[Line], str]:
    """Decode ``data`` into numbered lines; returns them and a description of the encoding.

    ``encoding`` (the ``--encoding`` option) overrides the guess for every line.

    >>> lines, enc = decode_lines("a\\r\\nLê\\r\\n".encode("utf-8") + "Lê\\n".encode("cp1258"))
    >>> enc, [ln.text for ln in lines]
    ('utf-8+cp1258', ['a', 'Lê', 'Lê'])
    >>> decode_lines("x\\ry".encode("utf-16"))[1], [ln.text for ln in decode_lines(b"x\\ry")[0]]
    ('utf-16-le', ['x', 'y'])
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise VnidmatchError(f"unknown encoding {encoding!r}") from None
    wide = _wide(data) if encoding is None else None
    if wide or (encoding and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))):
        name = wide or str(encoding)
        text = data.decode(name, errors="replace").lstrip("\ufeff")
        lines = _split(text.encode("utf-8"))
        return [Line(n, b.decode("utf-8"), "") for n, b in enumerate(lines, 1)], name
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    raw = _split(data)
    if encoding is not None:
        out = []
        for n, b in enumerate(raw, 1):
            try:
                out.append(Line(n, unicodedata.normalize("NFC", b.decode(encoding)), ""))
            except UnicodeDecodeError:
                out.append(Line(n, None, b.decode("latin-1")[:200]))
        return out, encoding
    return _guess(raw)


def _guess(raw: list[bytes]) -> tuple[list[Line], str]:
    texts: list[str | None] = []
    legacy: list[int] = []
    utf8 = 0  # lines that are UTF-8 and not plain ASCII
    for i, b in enumerate(raw):
        try:
            texts.append(b.decode("utf-8"))
            utf8 += not b.isascii()
        except UnicodeDecodeError:
            texts.append(None)
            legacy.append(i)
    fallback = "cp1252 (VNI/TCVN3 font text)" if legacy and _font_text(
        [raw[i] for i in legacy]) else "cp1258"
    for i in legacy:
        if fallback == "cp1258":
            texts[i] = unicodedata.normalize("NFC", raw[i].decode("cp1258", errors="replace"))
        else:
            texts[i] = _repair_fonts(_cp1252(raw[i]))
    if not legacy:
        name = "utf-8"
    elif not utf8:
        name = fallback
    else:
        name = "utf-8+" + fallback.split(" ")[0]
    return [Line(n, t, "") for n, t in enumerate(texts, 1)], name


def _repair_fonts(text: str) -> str:
    """Read the VNI-Windows / TCVN3 words of a cp1252 line as the Vietnamese they encode."""
    from vnidmatch.normalize._repair import _legacy_reading

    def word(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok.isascii():
            return tok
        reading = _legacy_reading(tok)
        return reading[1] if reading else tok

    return _WORD.sub(word, text)
