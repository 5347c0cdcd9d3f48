"""What a report is asked for: a period (a year, or from/to dates), a unit (its subtree, with the
units merged into it) and the actor's scope (an agency officer: their own agency only).

``Selection.unit_ids`` is the set of units whose people (and whose classes) the report counts, or
None for the whole province. Cost: the tree of the period's last day (two small queries) when a
unit is chosen or the actor is an officer; nothing otherwise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from apps.accounts.access import Scope, scope_of
from apps.accounts.permissions import Perm
from apps.organization.models import Unit
from apps.targets.context import Context

FIRST_YEAR, LAST_YEAR = 1990, 2100


class SelectionError(ValueError):
    """A request that names no valid period or unit; the message is Vietnamese."""


@dataclass(frozen=True)
class Selection:
    start: dt.date
    end: dt.date
    unit: Unit | None
    unit_ids: frozenset[int] | None
    scope: Scope

    @property
    def year(self) -> int | None:
        """The calendar year when the period is one whole year."""
        whole = self.start == dt.date(self.start.year, 1, 1) and self.end == dt.date(self.start.year, 12, 31)
        return self.start.year if whole else None

    @property
    def period_label(self) -> str:
        if self.year:
            return f"Năm {self.year}"
        return f"Từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    @property
    def unit_label(self) -> str:
        return self.unit.name if self.unit else "Toàn tỉnh"

    @property
    def unit_code(self) -> str:
        return self.unit.code if self.unit else ""

    def previous(self) -> Selection:
        """The same span one year earlier (year-on-year comparison)."""
        return Selection(_shift(self.start), _shift(self.end), self.unit, self.unit_ids, self.scope)

    def query(self) -> dict[str, str]:
        """The request parameters that give this selection back (for links)."""
        q = {"year": str(self.year)} if self.year else {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.unit:
            q["unit"] = self.unit.code
        return q


def _shift(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _date(text: str, name: str) -> dt.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise SelectionError(f"{name}: “{text}” không phải ngày (dạng 2025-12-31 hoặc 31/12/2025).")


def period_of(year: str | int | None, start: str | None = None, end: str | None = None) -> tuple[dt.date, dt.date]:
    """(first, last day): from/to when both are given, else the whole ``year``."""
    if start or end:
        if not (start and end):
            raise SelectionError("Cần cả “từ ngày” và “đến ngày”.")
        first, last = _date(start, "Từ ngày"), _date(end, "Đến ngày")
        if last < first:
            raise SelectionError("“Đến ngày” phải từ “từ ngày” trở đi.")
        return first, last
    try:
        y = int(str(year).strip())
    except (TypeError, ValueError):
        raise SelectionError(f"Năm “{year}” không hợp lệ.") from None
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise SelectionError(f"Năm “{year}” không hợp lệ.")
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def select(actor, *, year=None, start: str | None = None, end: str | None = None,
           unit: str | None = None, perm: Perm = Perm.VIEW_REPORTS) -> Selection:
    """The selection for ``actor``: checks ``perm``; an officer naming no unit gets their agency,
    naming a unit outside it gets the same message as a unit that does not exist."""
    scope = scope_of(actor)
    scope.require(perm)
    first, last = period_of(year, start, end)
    chosen: Unit | None = None
    if unit:
        chosen = Unit.objects.filter(code=unit.strip()).first()
        if chosen is None or not scope.covers_unit(chosen.pk):
            raise SelectionError(f"Không có đơn vị mã “{unit.strip()}”.")
    elif not scope.sees_all:
        if not scope.home_unit_id:
            raise SelectionError("Tài khoản này không gắn với cơ quan nào.")
        chosen = Unit.objects.get(pk=scope.home_unit_id)
    ids: frozenset[int] | None = None
    if chosen is not None:
        ctx = Context.build(at=last, period=(first, last), unit=chosen)
        ids = frozenset(ctx.scope_ids() or set()) | {chosen.pk}
    if scope.unit_ids is not None:
        ids = (ids if ids is not None else scope.unit_ids) & scope.unit_ids
    return Selection(first, last, chosen, ids, scope)
