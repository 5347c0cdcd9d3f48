"""People's Council seats (đại biểu HĐND): terms, which council a "level" names, the seat text.

A seat is a :class:`~apps.people.models.CouncilMembership`: a person, a council (a unit of kind
``council``), a term "2021-2026" and the dates the seat was held. Imports, the person page and the
CLI name the council by its level — "Tỉnh", "Huyện", "Xã": the council of that level over the
person's unit — or by the council's unit code when the level alone does not say which (a delegate
of another district's council, a province with several councils of the level).

:class:`CouncilIndex` answers both ways in memory after two small queries (the councils, and the
parent of every unit), so an import of 60,000 rows does not ask the database per row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from apps.core.tabular import lookup_key
from apps.organization.models import Level, Unit, UnitKind

TERM_RE = re.compile(r"^\s*(\d{4})\s*[-–—/]\s*(\d{4})\s*$")
TERM_YEARS = 5

LEVEL_WORDS = {
    Level.PROVINCE.value: "Tỉnh",
    Level.DISTRICT.value: "Huyện",
    Level.COMMUNE.value: "Xã",
}
_LEVEL_KEYS = {lookup_key(word): level for level, word in LEVEL_WORDS.items()}
_LEVEL_KEYS |= {lookup_key(label): level for level, label in Level.choices}
_LEVEL_KEYS |= {lookup_key(level): level for level in Level.values}
_LEVEL_KEYS |= {lookup_key("HĐND " + word): level for level, word in LEVEL_WORDS.items()}
_LEVEL_KEYS |= {lookup_key("HĐND cấp " + word): level for level, word in LEVEL_WORDS.items()}


def term_problem(text: str) -> str | None:
    """None when ``text`` is a term "2021-2026" (five years, elections in 2011, 2016, 2021…)."""
    match = TERM_RE.match(text or "")
    if not match:
        return f"nhiệm kỳ “{text}” không đúng dạng 2021-2026"
    start, end = int(match.group(1)), int(match.group(2))
    if end - start != TERM_YEARS or start % 5 != 1 or not 1991 <= start <= 2096:
        return f"nhiệm kỳ “{text}” không phải nhiệm kỳ 5 năm của HĐND (ví dụ 2021-2026, 2026-2031)"
    return None


def normal_term(text: str) -> str:
    """"2021 – 2026" -> "2021-2026" (call after :func:`term_problem` said it is one)."""
    match = TERM_RE.match(text)
    assert match is not None
    return f"{match.group(1)}-{match.group(2)}"


def term_years(term: str) -> tuple[int, int]:
    start, end = term.split("-")
    return int(start), int(end)


def seat_dates_problem(term: str, valid_from: dt.date | None, valid_to: dt.date | None) -> tuple[str, str] | None:
    """(which date, reason) when the dates do not fit the term; None when they do."""
    first, last = term_years(term)
    if valid_from is None:
        return "from", "chưa có ngày bắt đầu giữ ghế đại biểu"
    if not first <= valid_from.year <= last:
        return "from", f"ngày {valid_from:%d/%m/%Y} nằm ngoài nhiệm kỳ {term}"
    if valid_to is not None:
        if valid_to < valid_from:
            return "to", f"ngày kết thúc {valid_to:%d/%m/%Y} trước ngày bắt đầu {valid_from:%d/%m/%Y}"
        if valid_to.year > last + 1:
            return "to", f"ngày {valid_to:%d/%m/%Y} nằm ngoài nhiệm kỳ {term}"
    return None


@dataclass(frozen=True)
class CouncilInfo:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    valid_to: dt.date | None


class CouncilIndex:
    """Every council and every unit's parent, for resolving "Huyện" against a person's unit."""

    def __init__(self) -> None:
        self.councils: dict[int, CouncilInfo] = {
            row[0]: CouncilInfo(*row) for row in Unit.objects.filter(kind=UnitKind.COUNCIL).values_list(
                "id", "code", "name", "level", "parent_id", "valid_to")}
        self.by_code = {c.code.upper(): c for c in self.councils.values()}
        self.parent: dict[int, int | None] = dict(Unit.objects.values_list("id", "parent_id"))

    def _ancestors(self, unit_id: int | None) -> list[int]:
        chain: list[int] = []
        while unit_id is not None and unit_id not in chain:
            chain.append(unit_id)
            unit_id = self.parent.get(unit_id)
        return chain

    def for_level(self, level: str, unit_id: int | None) -> list[CouncilInfo]:
        """The councils of ``level`` over ``unit_id``: the nearest ancestor (the unit itself
        included) with a council of that level among its children; else, for the province, its
        one council."""
        of_level = [c for c in self.councils.values() if c.level == level]
        for ancestor in self._ancestors(unit_id):
            near = [c for c in of_level if c.parent_id == ancestor or c.id == ancestor]
            if near:
                return near
        return of_level if level == Level.PROVINCE and len(of_level) == 1 else []

    def resolve(self, text: str, unit_id: int | None) -> tuple[CouncilInfo | None, str]:
        """(council, "") or (None, Vietnamese reason) for a level word or a council code."""
        text = (text or "").strip()
        if not text:
            return None, "chưa ghi cấp HĐND (Tỉnh, Huyện, Xã hoặc mã HĐND)"
        council = self.by_code.get(text.upper())
        if council is not None:
            return council, ""
        level = _LEVEL_KEYS.get(lookup_key(text))
        if level is None:
            return None, f"“{text}” không phải cấp HĐND (Tỉnh, Huyện, Xã) hay mã của một HĐND"
        found = self.for_level(level, unit_id)
        word = LEVEL_WORDS[level].lower()
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, f"không tìm thấy HĐND cấp {word} của đơn vị công tác; hãy ghi mã HĐND"
        codes = ", ".join(sorted(c.code for c in found)[:5])
        return None, f"có {len(found)} HĐND cấp {word} ({codes}); hãy ghi mã HĐND"

    def label(self, council_id: int, unit_id: int | None) -> str:
        """What an export writes: the level word when it finds this council again, else the code."""
        council = self.councils.get(council_id)
        if council is None:  # a seat recorded against a unit that is not a council (old data)
            return Unit.objects.values_list("code", flat=True).get(pk=council_id)
        found = self.for_level(council.level, unit_id)
        if len(found) == 1 and found[0].id == council_id:
            return LEVEL_WORDS[council.level]
        return council.code


def seat_text(name: str, term: str, valid_from: dt.date | None, valid_to: dt.date | None) -> str:
    """"HĐND tỉnh Sóc Trăng 2021-2026 (từ 01/07/2021)" — the audit's and the page's wording."""
    dates = f"từ {valid_from:%d/%m/%Y}" if valid_from else ""
    if valid_to:
        dates += f" đến {valid_to:%d/%m/%Y}"
    return f"{name} {term}" + (f" ({dates.strip()})" if dates else "")
