"""Cells: ``cell_text``, ``cell_date``, ``cell_int``, ``cell_money`` read what Excel and our own exports write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from apps.core.vn import normalize_spaces, parse_date

# A text cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The CSV export puts a ' before these (a leading ' too, so the escaping is reversible).
_CSV_ESCAPED = (*FORMULA_START, "'")


def cell_text(value: Any) -> str:
    """A cell as text: integral numbers without ".0", dates as dd/mm/yyyy, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if "_x" in text:  # OOXML's escape of control characters (_x000D_), undone by openpyxl only in shared strings
        from openpyxl.utils.escape import unescape

        text = unescape(text)
    if text.startswith("'") and text[1:2] in _CSV_ESCAPED:  # our CSV export's defusing quote
        text = text[1:]
    return normalize_spaces(text)


def cell_date(value: Any) -> dt.date:
    """A date cell (Excel date or dd/mm/yyyy text); ValueError with a Vietnamese reason."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"“{cell_text(value)}” là số, không phải ngày dạng dd/mm/yyyy")
    return parse_date(cell_text(value))


def cell_int(value: Any) -> int:
    """A whole non-negative number (a count of hours, seats); ValueError with a Vietnamese reason."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0 or not float(value).is_integer():
            raise ValueError(f"“{cell_text(value)}” phải là số nguyên không âm")
        return int(value)
    text = cell_text(value).replace(".", "").replace(" ", "")
    if not text.isdigit():
        raise ValueError(f"“{cell_text(value)}” phải là số nguyên không âm")
    return int(text)


_MONEY_SUFFIXES = ("đồng", "đ", "vnđ", "vnd")


def cell_money(value: Any) -> Decimal:
    """An amount in đồng: a number, or text such as 12.500.000 or 12500000 đồng (dots group
    thousands as Vietnamese write them). ValueError with a Vietnamese reason."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if value < 0 or not float(value).is_integer():
            raise ValueError(f"số tiền “{cell_text(value)}” phải là số nguyên đồng, không âm")
        return Decimal(int(value))
    text = cell_text(value).lower()
    for suffix in _MONEY_SUFFIXES:
        text = text.removesuffix(suffix).strip()
    groups = text.replace(" ", "").split(".")
    if not all(g.isdigit() for g in groups) or (len(groups) > 1 and not (
            1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]))):
        raise ValueError(f"số tiền “{cell_text(value)}” phải là số nguyên đồng, không âm (ví dụ 12.500.000)")
    return Decimal("".join(groups))


def blank(cells: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)
