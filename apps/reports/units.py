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
    units = Unit.objects.filter(pk__in=ids).order_by("name_sort_key").values_list("code", "name")
    return list(units)
