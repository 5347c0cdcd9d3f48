"""The units a report may be asked for, as (code, name) for the filter's select: the province's
agencies for whoever sees everything, an officer's own agency and its direct sub-units."""

from __future__ import annotations

from apps.accounts.access import Scope
from apps.organization.models import Unit
from apps.organization.selectors import children_map


def unit_choices(scope: Scope) -> list[tuple[str, str]]:
    tree = children_map()
    if scope.sees_all:
        roots = tree.get(None, [])
        ids = [uid for root in roots for uid in tree.get(root, [])]
    elif scope.home_unit_id:
        ids = [scope.home_unit_id, *tree.get(scope.home_unit_id, [])]
    else:
        ids = []
    units = list(Unit.objects.filter(pk__in=ids).order_by("name_sort_key").values_list("pk", "code", "name"))
    if not scope.sees_all:  # an officer's own agency first: what their reports show when no unit is chosen
        units.sort(key=lambda u: u[0] != scope.home_unit_id)
    return [(code, name) for _pk, code, name in units]


def in_sentence(label: str) -> str:
    """A unit label inside a sentence: "Toàn tỉnh" → "toàn tỉnh"; a unit's name keeps its capital."""
    return label[:1].lower() + label[1:] if label.startswith("Toàn") else label
