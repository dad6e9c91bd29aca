"""Decoding a file's bytes: the encodings Arabic archives hold, told apart.

Only what the bytes prove is accepted: a wrong guess would index garbage
that no search finds, so an undecodable file is skipped with its reason.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    pass


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name, or DecodeError with a reason a user can act on.

    BOMs first; then NUL bytes: UTF-16 without a BOM when the NULs fall on
    the even or the odd bytes and the decoding reads as text, else binary;
    then strict UTF-8, repaired when it is Arabic once misread as
    Windows-1256 and saved again ("ط§ظ†طھ" for "انت"); then Windows-1256 or
    ISO-8859-6, whichever reads as Arabic (cp1256 maps nearly every byte,
    so decoding alone proves nothing; ISO-8859-6 leaves many undefined).
    The name returned says what was read: "utf-8", "utf-16-le", "cp1256",
    "iso-8859-6", "utf-8 (repaired from cp1256 mojibake)"...
    """
    if not data:
        raise DecodeError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as e:
                raise DecodeError(f"invalid {enc} after its byte order mark at byte {e.start}")
    if b"\x00" in data[:8192]:
        found = _utf16_without_bom(data)
        if found is not None:
            return found
        raise DecodeError("binary file (NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    else:
        repaired = _repair_mojibake(text)
        if repaired is not None:
            return repaired, "utf-8 (repaired from cp1256 mojibake)"
        return text, "utf-8"
    best = None
    for enc in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = _arabic_share(text)
        if _reads_as_arabic(text) and (best is None or share > best[0]):
            best = (share, text, enc)
    if best is not None:
        return best[1], best[2]
    raise DecodeError(
        f"not UTF-8 (bad byte at {utf8_error.start}) nor Windows-1256 or ISO-8859-6 Arabic"
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte order mark: ASCII (spaces, digits, Latin)
    has its NUL on the odd bytes in little-endian, on the even ones in
    big-endian; Arabic (U+06xx) has 0x06 there. Accepted only when the
    decoding reads as text."""
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    high_odd = odd.count(0) + odd.count(6)
    high_even = even.count(0) + even.count(6)
    order = ("utf-16-le", "utf-16-be") if high_odd >= high_even else ("utf-16-be", "utf-16-le")
    for enc in order:
        try:
            text = data[: len(data) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        if _reads_as_text(text):
            return text, enc
    return None


# A UTF-8 Arabic letter's two bytes (D8-DB then 80-BF) read as Windows-1256:
# one of ط ظ ع غ, then the character cp1256 has at the continuation byte.
_CONT = bytes(range(0x80, 0xC0)).decode("cp1256")
_MOJIBAKE_RE = re.compile("[\u0637\u0638\u0639\u063a][" + re.escape(_CONT) + "]")


def _repair_mojibake(text: str) -> str | None:
    """The text before a cp1256 misreading, when the text is mostly such
    pairs, the round trip holds and the result reads as Arabic; else None."""
    head = text[:2000]
    # In mojibake every other character of an Arabic word is ط or ظ; in
    # Arabic about one letter in fifty is: most texts are let go here, cheaply.
    if head.count("\u0637") + head.count("\u0638") < 0.15 * len(head):
        return None
    sample = text[:20000]
    pairs = len(_MOJIBAKE_RE.findall(sample))
    if pairs < 3:
        return None
    arabic = len(_ARABIC_RE.findall(sample))
    if 2 * pairs < 0.6 * arabic:
        return None
    try:
        fixed = text.encode("cp1256").decode("utf-8")
    except UnicodeError:
        return None
    return fixed if _reads_as_arabic(fixed) else None


_ARABIC_RE = re.compile("[\u0600-\u06ff]")
_LETTER_RE = re.compile(r"[^\W\d_]")
# C0 and C1 controls but tab, newline, form feed and carriage return;
# surrogates and private use: what text files do not hold.
_JUNK_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")


def _arabic_share(text: str) -> float:
    sample = text[:20000]
    letters = len(_LETTER_RE.findall(sample))
    return len(_ARABIC_RE.findall(sample)) / letters if letters else 0.0


# What a text file's characters are: ASCII, Latin-1 letters and signs,
# Arabic (with its supplement and presentation forms), general punctuation.
_PLAIN_RE = re.compile("[\t\n\r\x20-\x7e\xa0-\xff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
                       "\ufb50-\ufdff\ufe70-\ufeff\u2000-\u206f\u0100-\u024f]")


def _reads_as_text(text: str) -> bool:
    """True when nearly all of text is characters news files hold."""
    sample = text[:20000]
    if not sample.strip():
        return False
    return len(_PLAIN_RE.findall(sample)) >= 0.97 * len(sample) and not _JUNK_RE.search(sample[:4000].replace("\x0c", ""))


def _reads_as_arabic(text: str) -> bool:
    """True when text is mostly Arabic letters, spaces and punctuation."""
    sample = text[:20000]
    arabic = len(_ARABIC_RE.findall(sample))
    letters = len(_LETTER_RE.findall(sample))
    junk = len(_JUNK_RE.findall(sample))
    return letters > 0 and arabic >= 0.5 * letters and junk <= 0.01 * len(sample)


def looks_binary(text: str) -> bool:
    sample = text[:8192]
    return len(_JUNK_RE.findall(sample)) > 0.05 * len(sample)


