"""Writes to the organisation tree. Every service takes the acting user, runs in one transaction
and writes an audit entry; restructuring moves people with set-based updates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from apps.accounts.roles import can_restructure
from apps.core.audit import audit_write
from apps.core.models import AuditEntry
from apps.organization.models import Unit, UnitEvent, UnitLink


def _require_restructure(actor) -> None:
    if actor is not None and not can_restructure(actor):
        raise PermissionDenied("Chỉ Sở Nội vụ được sắp xếp tổ chức.")


@transaction.atomic
def unit_create(*, actor, code: str, name: str, level: str, kind: str, parent: Unit | None = None,
                valid_from: dt.date | None = None, audit: bool = True, **flags) -> Unit:
    """Create a unit and its first parent link."""
    _require_restructure(actor)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Mã đơn vị {code} đã tồn tại."})
    unit = Unit(code=code, name=name, level=level, kind=kind, parent=parent, valid_from=valid_from, **flags)
    unit.full_clean()
    unit.save()
    UnitLink.objects.create(unit=unit, parent=parent, valid_from=valid_from)
    if audit:
        audit_write(actor=actor, action=AuditEntry.Action.CREATE, target=unit,
                    changes={"name": [None, name], "parent": [None, str(parent) if parent else None]})
    return unit


def _close_links(unit_ids: Iterable[int], last_day: dt.date) -> None:
    UnitLink.objects.filter(unit_id__in=list(unit_ids), valid_to__isnull=True).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=last_day)
    ).update(valid_to=last_day)


def _reparent(children: Iterable[int], new_parent: Unit | None, on: dt.date) -> None:
    children = list(children)
    _close_links(children, on - dt.timedelta(days=1))
    UnitLink.objects.bulk_create(UnitLink(unit_id=c, parent=new_parent, valid_from=on) for c in children)
    Unit.objects.filter(id__in=children).update(parent=new_parent)


def _current_children(unit_ids: Iterable[int], on: dt.date) -> list[int]:
    return list(
        UnitLink.objects.filter(parent_id__in=list(unit_ids), valid_to__isnull=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lt=on))
        .values_list("unit_id", flat=True)
    )


@transaction.atomic
def unit_move(*, actor, unit: Unit, new_parent: Unit | None, on: dt.date, decision: str = "") -> UnitEvent:
    """Attach ``unit`` under ``new_parent`` from ``on``; the tree before ``on`` is unchanged."""
    _require_restructure(actor)
    if new_parent is not None and new_parent.pk == unit.pk:
        raise ValidationError("Không thể chuyển đơn vị vào chính nó.")
    from apps.organization.selectors import subtree_ids

    if new_parent is not None and new_parent.pk in subtree_ids(unit.pk, on):
        raise ValidationError("Không thể chuyển đơn vị vào đơn vị cấp dưới của nó.")
    old_parent = unit.parent
    _reparent([unit.pk], new_parent, on)
    event = UnitEvent.objects.create(kind=UnitEvent.Kind.MOVE, effective_on=on, decision=decision, target=new_parent)
    event.sources.add(unit)
    audit_write(actor=actor, action=AuditEntry.Action.RESTRUCTURE, target=unit,
                changes={"parent": [str(old_parent) if old_parent else None, str(new_parent) if new_parent else None]},
                note=f"Chuyển trực thuộc từ {on:%d/%m/%Y}")
    return event


def _retire_units(units: list[Unit], successor: Unit, on: dt.date) -> int:
    """Close ``units`` the day before ``on``, hand their children and people to ``successor``."""
    from apps.people.services import people_transfer_units

    last_day = on - dt.timedelta(days=1)
    ids = [u.pk for u in units]
    for unit in units:
        if unit.valid_from and unit.valid_from > last_day:
            raise ValidationError(f"Đơn vị {unit.code} chưa có hiệu lực trước ngày {on:%d/%m/%Y}.")
    _reparent(_current_children(ids, on), successor, on)
    _close_links(ids, last_day)
    Unit.objects.filter(id__in=ids).update(valid_to=last_day, successor=successor)
    return people_transfer_units(from_unit_ids=ids, to_unit=successor, on=on, reason="Sắp xếp tổ chức")


@transaction.atomic
def unit_merge(*, actor, sources: list[Unit], target: Unit, on: dt.date, decision: str = "") -> UnitEvent:
    """Merge ``sources`` into ``target`` from ``on`` (target may be new or one of the sources' peers).

    Sources stop the day before; their sub-units and people move to the target with dated history."""
    _require_restructure(actor)
    sources = [s for s in sources if s.pk != target.pk]
    if not sources:
        raise ValidationError("Cần ít nhất một đơn vị được sáp nhập.")
    if not target.is_valid_on(on):
        raise ValidationError(f"Đơn vị {target.code} chưa có hiệu lực ngày {on:%d/%m/%Y}.")
    moved = _retire_units(sources, target, on)
    event = UnitEvent.objects.create(kind=UnitEvent.Kind.MERGE, effective_on=on, decision=decision,
                                     target=target, people_moved=moved)
    event.sources.set(sources)
    for unit in sources:
        audit_write(actor=actor, action=AuditEntry.Action.RESTRUCTURE, target=unit,
                    changes={"valid_to": [None, (on - dt.timedelta(days=1)).isoformat()]},
                    note=f"Sáp nhập vào {target} từ {on:%d/%m/%Y}")
    audit_write(actor=actor, action=AuditEntry.Action.RESTRUCTURE, target=target,
                note=f"Tiếp nhận {len(sources)} đơn vị, {moved} người từ {on:%d/%m/%Y}")
    return event


@transaction.atomic
def unit_abolish_level(*, actor, level: str, on: dt.date, successors: dict[int, Unit],
                       decision: str = "") -> UnitEvent:
    """Abolish every unit of ``level`` existing the day before ``on``.

    ``successors`` maps each abolished unit's id to the unit taking over its people; sub-units
    (communes under a district, a district's offices) move to that successor's parent chain:
    each child is re-attached to the abolished unit's own parent."""
    _require_restructure(actor)
    last_day = on - dt.timedelta(days=1)
    units = list(Unit.objects.valid_on(last_day).filter(level=level))
    missing = [u.code for u in units if u.pk not in successors]
    if missing:
        raise ValidationError(f"Chưa chỉ định đơn vị kế thừa cho: {', '.join(missing)}.")
    moved = 0
    for unit in units:
        parent = unit.parent
        _reparent(_current_children([unit.pk], on), parent, on)
        moved += _retire_units([unit], successors[unit.pk], on)
    event = UnitEvent.objects.create(kind=UnitEvent.Kind.ABOLISH_LEVEL, effective_on=on, decision=decision,
                                     people_moved=moved, note=f"Bỏ {level}")
    event.sources.set(units)
    audit_write(actor=actor, action=AuditEntry.Action.RESTRUCTURE, target_type="unit",
                note=f"Bỏ {len(units)} đơn vị cấp {level} từ {on:%d/%m/%Y}; {moved} người chuyển đơn vị")
    return event
