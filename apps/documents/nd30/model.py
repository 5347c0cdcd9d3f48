"""The document as data: heading, blocks, annexes, signer (see the package's docstring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
FONT = "Times New Roman"


@dataclass(frozen=True)
class Signer:
    title: str  # "CHỦ TỊCH", "GIÁM ĐỐC"
    name: str = ""
    authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC" (empty: the head signs in own name)
    deputy_title: str = ""  # under a KT.: "PHÓ GIÁM ĐỐC"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: "I. …" bold; 2: "1. …" bold; 3: "a) …" bold italic


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify | center | left | right
    indent: bool = True  # first-line indent


@dataclass(frozen=True)
class Bullet:
    text: str
    mark: str = "-"


@dataclass(frozen=True)
class Cell:
    text: Any
    span: int = 1
    rowspan: int = 1
    bold: bool = False


@dataclass(frozen=True)
class Table:
    header: Sequence[Sequence[Any]]  # rows of str | Cell (HTML semantics: spans occupy the grid)
    rows: Sequence[Sequence[Any]]
    widths_mm: Sequence[float] | None = None
    title: str = ""
    numeric_from: int | None = None  # columns from this index are right-aligned
    bold_rows: frozenset[int] = frozenset()  # indexes into rows (totals)
    size: float = 12  # 10–13: annex tables may be small
    note: str = ""


@dataclass(frozen=True)
class Image:
    png: bytes
    width_mm: float = 150
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Annex:
    title: str  # "PHỤ LỤC I"
    subtitle: str = ""  # "KẾ HOẠCH ĐÀO TẠO, BỒI DƯỠNG NĂM 2027"
    reference: str = ""  # "(Kèm theo Kế hoạch số 08/KH-UBND ngày 15/9/2026 của UBND tỉnh)"
    blocks: Sequence[Any] = ()
    landscape: bool = True


Block = Heading | Para | Bullet | Table | Image | PageBreak


@dataclass(frozen=True)
class OfficialDocument:
    kind: str  # "KẾ HOẠCH", "TỜ TRÌNH", "QUYẾT ĐỊNH", "BÁO CÁO"
    summary: str  # trích yếu
    number: str  # "08/KH-UBND" (shown as "Số: 08/KH-UBND"); "" leaves the number blank to be filled
    issuing_body: str  # "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG", "SỞ NỘI VỤ"
    place: str
    date: dt.date | None  # None: "ngày … tháng … năm 2026" left to fill on signing
    blocks: Sequence[Any] = ()
    governing_body: str = ""  # "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG" above "SỞ NỘI VỤ"
    addressee: str = ""  # "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh"
    recipients: Sequence[str] = ()
    signer: Signer = field(default_factory=lambda: Signer(title=""))
    annexes: Sequence[Annex] = ()
    party: bool = False
    year: int | None = None  # for a blank date: the year to print
    show_kind: bool = True  # a Công văn has no kind line

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}" if self.number else "Số:      /"

    @property
    def date_line(self) -> str:
        if self.date is None:
            year = self.year or dt.date.today().year
            return f"{self.place}, ngày … tháng … năm {year}"
        day = f"{self.date.day:02d}" if self.date.day < 10 else str(self.date.day)
        month = f"{self.date.month:02d}" if self.date.month < 3 else str(self.date.month)
        return f"{self.place}, ngày {day} tháng {month} năm {self.date.year}"


def fmt(value: Any) -> str:
    """A table value as printed: integers "75.699", decimals "37,1", None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float | Decimal):
        text = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return str(value)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def header_grid(header: Sequence[Sequence[Any]]) -> tuple[int, list[tuple[int, int, Cell]]]:
    """Lay out header rows with HTML span semantics: [(row, column, cell)] and the width."""
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, Cell]] = []
    width = 0
    for r, row in enumerate(header):
        c = 0
        for item in row:
            cell = item if isinstance(item, Cell) else Cell(item)
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.span):
                    taken.add((r + dr, c + dc))
            c += cell.span
            width = max(width, c)
    return width, placed


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
