"""Reference data the importer and exporter look values up in, loaded in a handful of queries.

Lookups are forgiving about spelling: case, diacritics, spaces and punctuation are ignored, and
both a code and a name are accepted ("Công chức" or "cong_chuc", "Bậc 3" or "bac_3").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from apps.accounts.access import scope_of
from apps.core.tabular import lookup_key
from apps.organization.models import Unit
from apps.people.models import Category, Ethnicity, Gender, Position, QualificationLevel, Rank

norm = lookup_key  # the importer's name for it


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    level: str
    current: bool
    successor_code: str = ""


@dataclass(frozen=True)
class LevelInfo:
    id: int
    dimension: str
    code: str
    name: str
    rank: int


def _lookup(pairs) -> dict[str, int]:
    """{normalised name or code: id}; a name two entries share is left out (ambiguous)."""
    table: dict[str, int] = {}
    ambiguous: set[str] = set()
    for key, value in pairs:
        k = norm(key)
        if k in table and table[k] != value:
            ambiguous.add(k)
        table.setdefault(k, value)
    return {k: v for k, v in table.items() if k not in ambiguous}


@dataclass
class Catalogues:
    """Everything a row is checked against. ``scope`` is None when the actor sees every unit."""

    units: dict[str, UnitInfo]  # by upper-case code
    units_by_id: dict[int, UnitInfo]
    scope: set[int] | None
    ethnicities: dict[str, int]
    ethnicity_names: dict[int, str]
    ranks: dict[str, int]
    rank_codes: dict[int, str]
    positions: dict[str, int]
    position_codes: dict[int, str]
    levels: dict[str, dict[str, LevelInfo]]  # dimension -> normalised key -> level
    levels_by_id: dict[int, LevelInfo]
    retired: set[tuple[str, int]] = field(default_factory=set)  # ("rank_id" | "position_id", id) no longer offered
    categories: dict[str, str] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)

    def in_scope(self, unit_id: int) -> bool:
        return self.scope is None or unit_id in self.scope


def load_catalogues(actor, day: dt.date | None = None) -> Catalogues:
    """Six small queries (plus one for the actor's unit tree)."""
    day = day or timezone.localdate()
    units = {}
    for u in Unit.objects.select_related("successor").only(
            "id", "code", "name", "level", "valid_from", "valid_to", "successor__code"):
        info = UnitInfo(u.pk, u.code, u.name, u.level, u.is_valid_on(day),
                        u.successor.code if u.successor else "")
        units[u.code.upper()] = info
    ethnicities = list(Ethnicity.objects.values_list("id", "code", "name"))
    ranks = list(Rank.objects.values_list("id", "code", "name"))
    positions = list(Position.objects.values_list("id", "code", "name"))
    levels = [LevelInfo(*row) for row in
              QualificationLevel.objects.values_list("id", "dimension", "code", "name", "rank")]
    by_dimension: dict[str, dict[str, LevelInfo]] = {}
    for level in levels:
        table = by_dimension.setdefault(level.dimension, {})
        table.setdefault(norm(level.code), level)
        table.setdefault(norm(level.name), level)
    return Catalogues(
        units=units, units_by_id={u.id: u for u in units.values()},
        scope=set(ids) if (ids := scope_of(actor, day).unit_ids) is not None else None,
        ethnicities=_lookup([(n, i) for i, _, n in ethnicities] + [(c, i) for i, c, _ in ethnicities]),
        ethnicity_names={i: n for i, _, n in ethnicities},
        ranks=_lookup([(c, i) for i, c, _ in ranks] + [(n, i) for i, _, n in ranks]),
        rank_codes={i: c for i, c, _ in ranks},
        positions=_lookup([(c, i) for i, c, _ in positions] + [(n, i) for i, _, n in positions]),
        position_codes={i: c for i, c, _ in positions},
        levels=by_dimension, levels_by_id={lv.id: lv for lv in levels},
        retired={("rank_id", i) for i in Rank.objects.filter(active=False).values_list("id", flat=True)}
        | {("position_id", i) for i in Position.objects.filter(active=False).values_list("id", flat=True)},
        categories={norm(k): v for v, label in Category.choices for k in (v, label)}
        | {norm("Không chuyên trách"): Category.COMMUNE_PART_TIME.value},
        genders={norm(k): v for v, label in Gender.choices for k in (v, label)},
    )
