"""Vietnamese text helpers: diacritic folding, alphabetical sort keys, number and date formats.

Sorting is done with a precomputed key stored in the database (``Person.name_sort_key``) so that
SQLite and PostgreSQL order identically whatever their collation: the key holds only ASCII digits.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

# Vietnamese alphabet, with the Latin letters foreign names use slotted where Latin puts them.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {letter: f"{20 + i:02d}" for i, letter in enumerate(ALPHABET)}
_DIGIT_CODE = {str(d): f"{10 + d:02d}" for d in range(10)}
FIELD_SEPARATOR = "00"

# Tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Marks that make a different letter (ă â ê ô ơ ư).
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


def _split_letter(char: str) -> tuple[str, str]:
    """Return (Vietnamese base letter, tone digit) for one lower-case character."""
    if char == "đ":
        return "đ", "0"
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    tone = "0"
    for mark in marks:
        if mark in _TONE_MARKS:
            tone = _TONE_MARKS[mark]
        elif (base, mark) in _LETTER_MARKS:
            base = _LETTER_MARKS[(base, mark)]
    return base, tone


def _word_key(word: str) -> str:
    """Letter codes (two digits each, 10 and up), then "0", then the syllable's tone digit.

    The "0" sorts below every letter code, so a word precedes its extensions whatever its tone
    (ma, má, mà … before mac), and the tone breaks ties between the same letters (Dung < Dũng)."""
    letters: list[str] = []
    tone = "0"
    for char in word.lower():
        base, char_tone = _split_letter(char)
        if char_tone != "0":
            tone = char_tone
        if base in _LETTER_CODE:
            letters.append(_LETTER_CODE[base])
        elif base in _DIGIT_CODE:
            letters.append(_DIGIT_CODE[base])
    return "".join(letters) + "0" + tone


def normalize_spaces(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def split_name(full_name: str) -> tuple[str, str]:
    """Split a Vietnamese full name into (given name, rest): the given name is the last word."""
    words = normalize_spaces(full_name).split(" ")
    return words[-1], " ".join(words[:-1])


def text_sort_key(text: str) -> str:
    """Vietnamese alphabetical key for any text: word by word, letters first, tone to break ties.
    Only ASCII digits, so every database orders it the same way."""
    return "".join(_word_key(word) for word in normalize_spaces(text).split(" ") if word)


def name_sort_key(full_name: str) -> str:
    """Key ordering people by given name, then the rest (family and middle names)."""
    given, rest = split_name(full_name)
    return text_sort_key(given) + FIELD_SEPARATOR + text_sort_key(rest)


def fold(text: str) -> str:
    """Lower-case ASCII form without diacritics; "Đ" becomes "d". Used for search."""
    decomposed = unicodedata.normalize("NFD", normalize_spaces(text).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.lower()


_TOKEN_RE = re.compile(r"[0-9a-z]+")


def search_tokens(query: str) -> list[str]:
    """Folded words of a search query, in order."""
    return _TOKEN_RE.findall(fold(query))


def search_document(*parts: str | None) -> str:
    """The text stored for search: folded words with a leading space, so ' tok' matches a word start."""
    words: list[str] = []
    for part in parts:
        if part:
            words.extend(search_tokens(part))
    return " " + " ".join(words) + " "


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """1234567 -> '1.234.567'; 37.14 with decimals=1 -> '37,1'."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_percent(value: float | Decimal | None, decimals: int = 1) -> str:
    return "" if value is None else f"{format_number(value, decimals)}%"


def format_money(value: int | Decimal | None) -> str:
    return "" if value is None else f"{format_number(value)} đồng"


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


_DATE_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> dt.date:
    """Parse dd/mm/yyyy (or yyyy-mm-dd). Raises ValueError with a Vietnamese reason."""
    match = _DATE_RE.match(text or "")
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        iso = _ISO_RE.match(text or "")
        if not iso:
            raise ValueError(f"“{text}” không phải ngày dạng dd/mm/yyyy")
        year, month, day = (int(g) for g in iso.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"ngày {day:02d}/{month:02d}/{year} không tồn tại") from None
