"""What every evaluation of a plan shares: the date, the plan period, the optional unit restriction
and the organisation tree of that date (read once, a few hundred rows, walked in memory)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from apps.organization.models import Unit
from apps.organization.selectors import children_map, subtree_ids


class TargetError(ValueError):
    """A target that cannot be evaluated; the message is Vietnamese and names the key at fault."""


def shift_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def as_date(value, where: str) -> dt.date:
    """A date from a plan file: a date object (YAML) or an ISO string."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise TargetError(f"{where}: “{value}” không phải ngày dạng YYYY-MM-DD.") from None


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    sort_key: str
    successor_id: int | None


@dataclass
class Context:
    """The shared inputs of one evaluation. Cost to build: three small queries (units, tree links)."""

    at: dt.date
    period: tuple[dt.date, dt.date]
    unit: Unit | None = None
    tree: dict = field(default_factory=dict)
    units: dict[int, UnitInfo] = field(default_factory=dict)
    top_of: dict[int, int] = field(default_factory=dict)
    rows_of: dict[int, int] = field(default_factory=dict)

    @classmethod
    def build(cls, *, at: dt.date, period: tuple[dt.date, dt.date], unit: Unit | None = None) -> Context:
        ctx = cls(at=at, period=period, unit=unit, tree=children_map(at))
        ctx.units = {
            u[0]: UnitInfo(*u)
            for u in Unit.objects.values_list("id", "code", "name", "name_sort_key", "successor_id")
        }
        ctx.top_of = _top_levels(ctx.tree)
        # restricted to the province itself (a root), the rows stay the agencies
        whole = unit is None or unit.pk in ctx.tree.get(None, [])
        ctx.rows_of = ctx.top_of if whole else _sub_units(unit.pk, ctx.tree)
        return ctx

    def moved_to(self, day: dt.date) -> Context:
        """The same evaluation as of another date (used by the forecast)."""
        return Context.build(at=day, period=self.period, unit=self.unit)

    def subtree(self, unit_id: int) -> set[int]:
        return subtree_ids(unit_id, tree=self.tree)

    def resolve(self, unit_id: int | None) -> int | None:
        """The unit that stands for ``unit_id`` on the date: itself when in the tree, else its
        successor (followed through chains of mergers)."""
        seen: set[int] = set()
        while unit_id is not None and unit_id not in self.top_of and unit_id not in seen:
            seen.add(unit_id)
            info = self.units.get(unit_id)
            unit_id = info.successor_id if info else None
        return unit_id if unit_id in self.top_of else None

    def top_level(self, unit_id: int | None) -> int | None:
        """The ``by_unit`` row ``unit_id`` adds to on the date: its top-level agency (a child of the
        province root); when the evaluation is restricted to ``unit``, the direct sub-unit of
        ``unit`` holding it, or ``unit`` itself for the people of its own office."""
        resolved = self.resolve(unit_id)
        return self.rows_of.get(resolved) if resolved is not None else None

    def resolving_into(self, unit_ids: set[int]) -> set[int]:
        """Every unit id (closed ones included) that stands, on the date, for one of ``unit_ids``."""
        return {uid for uid in self.units if self.resolve(uid) in unit_ids}

    def scope_ids(self) -> set[int] | None:
        """Units the evaluation is restricted to (``unit`` and its subtree, and the units merged
        into them), or None for all."""
        return None if self.unit is None else self.resolving_into(self.subtree(self.unit.pk))


def _top_levels(tree: dict) -> dict[int, int]:
    """{unit id: its top-level agency} for the tree ``tree`` ({parent: [children]})."""
    result: dict[int, int] = {}
    for root in tree.get(None, []):
        result[root] = root
        for top in tree.get(root, []):
            for uid in subtree_ids(top, tree=tree):
                result[uid] = top
    return result


def _sub_units(unit_id: int, tree: dict) -> dict[int, int]:
    """{unit id: the direct sub-unit of ``unit_id`` it lies in, or ``unit_id`` itself}."""
    result = {unit_id: unit_id}
    for child in tree.get(unit_id, []):
        for uid in subtree_ids(child, tree=tree):
            result[uid] = child
    return result
