"""Reads of the organisation tree. The tree is small (hundreds to a few thousand units), so
a date's tree is read in one query and walked in memory; people are never loaded here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.accounts.permissions import Perm
from apps.organization.models import Unit, UnitLink


def children_map(day: dt.date | None = None) -> dict[int | None, list[int]]:
    """{parent_id: [child ids]} of the tree as it stood on ``day`` (today by default). One query."""
    day = day or timezone.localdate()
    links = UnitLink.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    ).values_list("unit_id", "parent_id")
    tree: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in links:
        tree[parent_id].append(unit_id)
    return tree


def subtree_ids(unit_id: int, day: dt.date | None = None, tree: dict | None = None) -> set[int]:
    """The unit and every unit below it on ``day``."""
    tree = tree if tree is not None else children_map(day)
    seen = {unit_id}
    stack = [unit_id]
    while stack:
        for child in tree.get(stack.pop(), ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


def parent_map(day: dt.date | None = None) -> dict[int, int | None]:
    return {child: parent for parent, children in children_map(day).items() for child in children}


def top_level_of(day: dt.date | None = None) -> dict[int, int]:
    """{unit_id: id of its top-level agency} on ``day``; top-level = a child of a root unit."""
    parents = parent_map(day)
    result: dict[int, int] = {}
    for unit_id in parents:
        chain = [unit_id]
        parent = parents.get(unit_id)
        while parent is not None:
            chain.append(parent)
            parent = parents.get(parent)
        # chain ends at the root; the top-level agency is the one just below it
        result[unit_id] = chain[-2] if len(chain) >= 2 else chain[-1]
    return result


def successor_chain(unit_id: int, day: dt.date) -> list[int]:
    """The unit, then its successors while the unit was closed before ``day`` (merged away): an
    officer of a district merged into a new unit keeps their people, now in the new unit. One query
    per hop (restructurings are rare, chains short)."""
    chain = [unit_id]
    while True:
        unit = Unit.objects.filter(id=chain[-1]).values("valid_to", "successor_id").first()
        if not unit or not unit["successor_id"] or not unit["valid_to"] or unit["valid_to"] >= day:
            return chain
        if unit["successor_id"] in chain:
            return chain
        chain.append(unit["successor_id"])


def units_visible_to(user) -> QuerySet[Unit]:
    """Units whose people the user reaches (every unit for province-wide users)."""
    from apps.accounts.access import scope_of

    scope = scope_of(user)
    units = Unit.objects.all()
    if not scope.can(Perm.VIEW_UNITS):
        return units.none()
    return units if scope.unit_ids is None else units.filter(id__in=scope.unit_ids)


def unit_tree_rows(day: dt.date | None = None, root_ids: set[int] | None = None) -> list[tuple[Unit, int]]:
    """Units of ``day``'s tree, depth-first in Vietnamese name order, with their depth."""
    day = day or timezone.localdate()
    tree = children_map(day)
    units = {u.id: u for u in Unit.objects.filter(id__in={i for ids in tree.values() for i in ids})}
    for ids in tree.values():
        ids.sort(key=lambda i: units[i].name_sort_key if i in units else "")
    if root_ids is None:
        roots = list(tree.get(None, []))
    else:
        roots = sorted(root_ids, key=lambda i: units[i].name_sort_key if i in units else "")
    rows: list[tuple[Unit, int]] = []

    def walk(unit_id: int, depth: int) -> None:
        if unit_id in units:
            rows.append((units[unit_id], depth))
        for child in tree.get(unit_id, ()):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return rows
