"""Turning an input file's bytes into text, and saying how sure we are.

Order of evidence, strongest first: a byte-order mark (UTF-8/16/32), then strict UTF-8, then a
guess. The guess is where legacy files go wrong: charset-normalizer alone reads a Latin-1
"naïve" as cp1250 "naďve", because both code pages decode the bytes and the scores are close.
So the guess is restricted to the code pages that are plausible for the text's language
(identified on the first guess, which gets the ASCII majority of the words right whatever
the code page): an English, French or German text is read as Windows-1252/Latin-1, a Polish
or Czech one as Windows-1250/Latin-2, a Russian or Ukrainian one as Windows-1251/KOI8.
Every guessed encoding is also a warning on the article, since a guess can be wrong.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
UNICODE_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-32"})
"""Encodings read from a mark or strictly: not guesses, no warning."""

_WESTERN = ("cp1252", "latin_1", "iso8859_15", "mac_roman")
_CENTRAL = ("cp1250", "iso8859_2")
_CYRILLIC = ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "mac_cyrillic", "cp866")
_BALTIC = ("cp1257", "iso8859_13", "iso8859_4")
_GROUPS: dict[tuple[str, ...], str] = {
    _WESTERN: "en fr de es it pt nl da sv no nb nn fi is ca eu gl ga af id ms sw tl la lb oc wa br cy fo mt et",
    _CENTRAL: "pl cs sk hu sl hr bs ro sq",
    _CYRILLIC: "ru uk be bg mk sr kk ky mn tg",
    _BALTIC: "lt lv",
    ("cp1253", "iso8859_7"): "el",
    ("cp1254", "iso8859_9"): "tr az",
    ("cp1255", "iso8859_8"): "he yi",
    ("cp1256", "iso8859_6"): "ar fa ur ps",
    ("cp932", "shift_jis", "euc_jp", "iso2022_jp"): "ja",
    ("gb18030", "gb2312", "big5", "hz"): "zh",
    ("cp949", "euc_kr", "iso2022_kr"): "ko",
    ("cp874", "tis_620"): "th",
    ("cp1258",): "vi",
}
PLAUSIBLE_ENCODINGS: dict[str, tuple[str, ...]] = {lang: group for group, langs in _GROUPS.items() for lang in langs.split()}
"""ISO 639-1 language -> the legacy code pages its texts are written in, most common first."""

FALLBACK_ENCODING = "cp1252"
"""When the language cannot be told (a few words): the web's most common legacy code page
(WHATWG reads a declared Latin-1 as Windows-1252 too)."""


def _normal(encoding: str) -> str:
    return codecs.lookup(encoding).name


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the data starts with one."""
    return next((enc for bom, enc in BOMS if data.startswith(bom)), None)


def _decodes(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    # C1 control characters mean the bytes were not meant for this code page.
    return None if any("\x80" <= ch <= "\x9f" for ch in text) else text


def guess_encoding(data: bytes) -> tuple[str | None, str]:
    """Decode bytes that are neither marked nor UTF-8: (text, encoding) or (None, reason)."""
    from storylens.ingest.metadata import detect_language  # the language model loads only for legacy files

    matches = list(from_bytes(data))
    if not matches:
        return None, "no encoding decodes these bytes"
    first = matches[0]
    language, _ = detect_language(str(first))
    plausible = PLAUSIBLE_ENCODINGS.get(language)
    if plausible is None:
        fallback = _decodes(data, FALLBACK_ENCODING)
        if language == "und" and fallback is not None:
            return fallback, FALLBACK_ENCODING
        return str(first), first.encoding
    allowed = {_normal(e) for e in plausible}
    if _normal(first.encoding) in allowed:
        return str(first), first.encoding
    for m in matches[1:]:
        if _normal(m.encoding) in allowed:
            return str(m), m.encoding
    for encoding in plausible:  # the detector ranked none of them: the first that decodes cleanly
        text = _decodes(data, encoding)
        if text is not None:
            return text, encoding
    return str(first), first.encoding


def decode(data: bytes) -> tuple[str | None, str]:
    """Decode bytes: a byte-order mark first (UTF-8/16/32), then UTF-8, then a guess restricted by language.

    Returns (text, encoding) or (None, reason) when nothing decodes cleanly.
    """
    announced = bom_encoding(data)
    if announced:
        try:
            return data.decode(announced), announced
        except UnicodeDecodeError as exc:
            return None, f"starts with a {announced} byte-order mark but does not decode as {announced} ({exc.reason} at byte {exc.start})"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return guess_encoding(data)


def encoding_warning(encoding: str) -> str | None:
    """The warning an article carries when its encoding was guessed."""
    if encoding in UNICODE_ENCODINGS:
        return None
    return f"the file is not UTF-8; its encoding was guessed as {encoding} (check accented letters)"
