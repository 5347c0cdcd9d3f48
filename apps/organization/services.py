"""Writes to the organisation tree. Every service takes the acting user (None = system job), runs
in one transaction and writes audit entries; restructuring moves people with set-based updates.

Dates: an operation "on D" takes effect on D. Units and links that stop because of it end on
D - 1, so a query "as of" any day before D still sees the old tree and the old assignments.
Operations must be recorded in date order per unit: one dated before a change already recorded
for the same unit is refused instead of silently rewriting later history. An operation on the
very day a link starts (a same-day correction) rewrites that link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_write, diff
from apps.core.models import AuditEntry
from apps.organization.models import Level, Unit, UnitEvent, UnitLink
from apps.results.versions import data_changed

ONE_DAY = dt.timedelta(days=1)
UPDATABLE_FIELDS = ("name", "kind", "is_remote", "is_especially_difficult", "is_ethnic_minority_area",
                    "ethnic_languages")
FLAG_FIELDS = ("is_remote", "is_especially_difficult", "is_ethnic_minority_area", "ethnic_languages")


def check_can_restructure(actor) -> None:
    scope_of(actor).require(Perm.RESTRUCTURE, "Chỉ Sở Nội vụ được sắp xếp tổ chức, bộ máy.")


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _label(unit: Unit | None) -> str | None:
    return str(unit) if unit is not None else None


def normalise_languages(text: str) -> str:
    """"khmer ,Hoa,, Khmer" -> "Khmer, Hoa": trimmed, deduplicated, first spelling kept."""
    seen: dict[str, str] = {}
    for part in (text or "").split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name[0].upper() + name[1:]
    return ", ".join(seen.values())


# --- checks -------------------------------------------------------------------------------------

def _check_open_on(unit: Unit, on: dt.date, role: str = "Đơn vị") -> None:
    """``unit`` exists on ``on`` and has not been closed (not even from a later date)."""
    if unit.valid_from is not None and unit.valid_from > on:
        raise ValidationError(f"{role} {unit.code} chưa có hiệu lực ngày {_d(on)} "
                              f"(hiệu lực từ {_d(unit.valid_from)}).")
    if unit.valid_to is not None:
        raise ValidationError(f"{role} {unit.code} đã ngừng hoạt động từ ngày {_d(unit.valid_to + ONE_DAY)}.")


def _check_no_later_links(unit_ids: Iterable[int], on: dt.date, *, same_day_ok: bool) -> None:
    """Refuse an operation dated before a change already recorded for the same units."""
    later = UnitLink.objects.filter(unit_id__in=list(unit_ids))
    later = later.filter(valid_from__gt=on) if same_day_ok else later.filter(valid_from__gte=on)
    first = later.select_related("unit").order_by("valid_from").first()
    if first is not None and first.valid_from is not None:
        raise ValidationError(
            f"Đơn vị {first.unit.code} đã có thay đổi trực thuộc từ ngày {_d(first.valid_from)}; "
            f"hãy ghi các thay đổi theo thứ tự thời gian."
        )


def parent_on(unit: Unit, day: dt.date) -> Unit | None:
    """The parent of ``unit`` on ``day`` according to its dated links (one query)."""
    link = (UnitLink.objects.filter(unit=unit).filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).select_related("parent").first())
    return link.parent if link is not None else unit.parent


# --- link plumbing ------------------------------------------------------------------------------

def _open_links_on(unit_ids: Iterable[int], on: dt.date):
    return UnitLink.objects.filter(unit_id__in=list(unit_ids)).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on)
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def _close_links(unit_ids: Iterable[int], on: dt.date) -> None:
    """End the links of ``unit_ids`` in force on ``on`` at ``on - 1``; links starting on ``on``
    itself (same-day corrections) are removed."""
    links = _open_links_on(unit_ids, on)
    links.filter(valid_from=on).delete()
    links.update(valid_to=on - ONE_DAY)
    data_changed()  # stored plan results are stale (apps/results)


def _reparent(children: Iterable[int], new_parent: Unit | None, on: dt.date) -> None:
    """From ``on``, attach ``children`` under ``new_parent``; their links before ``on`` stay."""
    children = list(children)
    if not children:
        return
    _close_links(children, on)
    UnitLink.objects.bulk_create(UnitLink(unit_id=c, parent=new_parent, valid_from=on) for c in children)
    Unit.objects.filter(id__in=children).update(parent=new_parent)


def _children_on(unit_ids: Iterable[int], on: dt.date) -> list[int]:
    """Ids of units attached under ``unit_ids`` on ``on``."""
    ids = list(unit_ids)
    return list(
        UnitLink.objects.filter(parent_id__in=ids).filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).exclude(unit_id__in=ids)
        .values_list("unit_id", flat=True)
    )


# --- create, update -----------------------------------------------------------------------------

@transaction.atomic
def unit_create(*, actor, code: str, name: str, level: str, kind: str, parent: Unit | None = None,
                valid_from: dt.date | None = None, audit: bool = True, decision: str = "",
                **flags: Any) -> Unit:
    """Create a unit and its first parent link (from ``valid_from``; None = since always)."""
    check_can_restructure(actor)
    code, name = (code or "").strip(), " ".join((name or "").split())
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Mã đơn vị {code} đã tồn tại."})
    if parent is not None and valid_from is not None and not parent.is_valid_on(valid_from):
        raise ValidationError({"parent": f"Đơn vị cấp trên {parent.code} không có hiệu lực ngày {_d(valid_from)}."})
    if "ethnic_languages" in flags:
        flags["ethnic_languages"] = normalise_languages(flags["ethnic_languages"])
    unit = Unit(code=code, name=name, level=level, kind=kind, parent=parent, valid_from=valid_from, **flags)
    unit.full_clean(exclude=["name_sort_key"])
    unit.save()
    UnitLink.objects.create(unit=unit, parent=parent, valid_from=valid_from)
    if audit:
        UnitEvent.objects.create(kind=UnitEvent.Kind.CREATE, effective_on=valid_from or timezone.localdate(),
                                 decision=decision, target=unit)
        audit_write(actor=actor, action=AuditEntry.Action.CREATE, target=unit,
                    changes={"name": [None, name], "parent": [None, _label(parent)],
                             "valid_from": [None, valid_from.isoformat() if valid_from else None]},
                    note=decision)
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **changes: Any) -> Unit:
    """Change a unit's name, kind, area flags or ethnic languages (not its place in the tree: see
    :func:`unit_move`). Writes one audit entry with the diff; nothing changed writes nothing."""
    check_can_restructure(actor)
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    if "name" in changes:
        changes["name"] = " ".join((changes["name"] or "").split())
    if "ethnic_languages" in changes:
        changes["ethnic_languages"] = normalise_languages(changes["ethnic_languages"])
    before = {f: getattr(unit, f) for f in changes}
    for field, value in changes.items():
        setattr(unit, field, value)
    if unit.ethnic_languages and not unit.is_ethnic_minority_area:
        raise ValidationError({"ethnic_languages": "Chỉ ghi tiếng dân tộc cho vùng đồng bào dân tộc thiểu số."})
    changed = diff(before, {f: getattr(unit, f) for f in changes})
    if not changed:
        return unit
    unit.full_clean(exclude=["name_sort_key"])
    unit.save()
    audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=unit, changes=changed)
    return unit


# --- move ---------------------------------------------------------------------------------------

@transaction.atomic
def unit_move(*, actor, unit: Unit, new_parent: Unit | None, on: dt.date, decision: str = "") -> UnitEvent:
    """Attach ``unit`` (with its sub-units and people) under ``new_parent`` from ``on``.

    Only the links change: the tree before ``on`` is unchanged and nobody's service history is
    touched (people stay in their unit, which now sits elsewhere)."""
    from apps.organization.selectors import subtree_ids

    check_can_restructure(actor)
    _check_open_on(unit, on)
    if new_parent is not None:
        if new_parent.pk == unit.pk:
            raise ValidationError("Không thể chuyển đơn vị vào trực thuộc chính nó.")
        _check_open_on(new_parent, on, "Đơn vị cấp trên mới")
        if new_parent.pk in subtree_ids(unit.pk, on):
            raise ValidationError(f"Không thể chuyển {unit.code} vào trực thuộc {new_parent.code} "
                                  f"vì {new_parent.code} là đơn vị cấp dưới của nó.")
    old_parent = parent_on(unit, on)
    if (old_parent.pk if old_parent else None) == (new_parent.pk if new_parent else None):
        raise ValidationError(f"Đơn vị {unit.code} đã trực thuộc {new_parent.code if new_parent else 'cấp cao nhất'} "
                              f"vào ngày {_d(on)}.")
    _check_no_later_links([unit.pk], on, same_day_ok=True)
    _reparent([unit.pk], new_parent, on)
    event = UnitEvent.objects.create(kind=UnitEvent.Kind.MOVE, effective_on=on, decision=decision, target=new_parent)
    event.sources.add(unit)
    audit_write(actor=actor, action=AuditEntry.Action.RESTRUCTURE, target=unit,
                changes={"parent": [_label(old_parent), _label(new_parent)]},
                note=f"Chuyển trực thuộc từ ngày {_d(on)}. {decision}".strip())
    return event


# --- merge, dissolve, abolish a level ------------------------------------------------------------

def _retire_units(units: list[Unit], successor: Unit, on: dt.date, reason: str) -> int:
    """Close ``units`` on ``on - 1``; from ``on`` their sub-units sit under ``successor`` and their
    people serve in it. Returns the number of people moved. Callers have checked the units."""
    from apps.people.services import people_transfer_units

    ids = [u.pk for u in units]
    _reparent(_children_on(ids, on), successor, on)
    _close_links(ids, on)
    Unit.objects.filter(id__in=ids).update(valid_to=on - ONE_DAY, successor=successor)
    data_changed()  # stored plan results are stale (apps/results)
    for unit in units:
        unit.valid_to, unit.successor = on - ONE_DAY, successor
    return people_transfer_units(from_unit_ids=ids, to_unit=successor, on=on, reason=reason)


def _check_sources(sources: list[Unit], target: Unit, on: dt.date) -> None:
    from apps.organization.selectors import children_map, subtree_ids

    if not sources:
        raise ValidationError("Cần chọn ít nhất một đơn vị được sáp nhập.")
    if any(s.pk == target.pk for s in sources):
        raise ValidationError(f"Không thể sáp nhập đơn vị {target.code} vào chính nó.")
    _check_open_on(target, on, "Đơn vị tiếp nhận")
    for unit in sources:
        _check_open_on(unit, on)
        if unit.valid_from is not None and unit.valid_from >= on:
            raise ValidationError(f"Đơn vị {unit.code} bắt đầu hoạt động ngày {_d(unit.valid_from)}, "
                                  f"không thể sáp nhập từ chính ngày đó.")
    tree = children_map(on)
    for unit in sources:
        if target.pk in subtree_ids(unit.pk, tree=tree):
            raise ValidationError(f"Không thể sáp nhập {unit.code} vào {target.code} "
                                  f"vì {target.code} là đơn vị cấp dưới của {unit.code}.")
    _check_no_later_links([s.pk for s in sources], on, same_day_ok=False)


@transaction.atomic
def unit_merge(*, actor, sources: list[Unit], target: Unit, on: dt.date, decision: str = "") -> UnitEvent:
    """Merge ``sources`` into ``target`` from ``on``.

    Sources end on ``on - 1`` with ``successor = target``; from ``on`` their sub-units hang under
    the target and everyone serving in them serves in the target (service history split at ``on``,
    level copied from the target). Cost: a handful of set-based statements, whatever the headcount."""
    check_can_restructure(actor)
    sources = list({s.pk: s for s in sources}.values())
    _check_sources(sources, target, on)
    moved = _retire_units(sources, target, on, reason=f"Sáp nhập vào {target.name}")
    event = UnitEvent.objects.create(kind=UnitEvent.Kind.MERGE, effective_on=on, decision=decision,
                                     target=target, people_moved=moved)
    event.sources.set(sources)
    for unit in sources:
        audit_write(actor=actor, action=AuditEntry.Action.RESTRUCTURE, target=unit,
                    changes={"valid_to": [None, (on - ONE_DAY).isoformat()], "successor": [None, str(target)]},
                    note=f"Sáp nhập vào {target} từ ngày {_d(on)}. {decision}".strip())
    audit_write(actor=actor, action=AuditEntry.Action.RESTRUCTURE, target=target,
                changes={"predecessors": [None, ", ".join(s.code for s in sources)]},
                note=f"Tiếp nhận {len(sources)} đơn vị, {moved} người từ ngày {_d(on)}. {decision}".strip())
    return event


@transaction.atomic
def unit_merge_into_new(*, actor, sources: list[Unit], code: str, name: str, on: dt.date,
                        decision: str = "", level: str = "", kind: str = "",
                        parent: Unit | None = None) -> UnitEvent:
    """Create ``code``/``name`` from ``on`` and merge ``sources`` into it (the usual commune merger).

    Level, kind and parent default to the first source's (its parent as of ``on``); the area flags
    are the union of the sources' and the ethnic languages all of theirs."""
    check_can_restructure(actor)
    if not sources:
        raise ValidationError("Cần chọn ít nhất một đơn vị được sáp nhập.")
    first = sources[0]
    languages = ", ".join(s.ethnic_languages for s in sources if s.ethnic_languages)
    target = unit_create(
        actor=actor, code=code, name=name, level=level or first.level, kind=kind or first.kind,
        parent=parent if parent is not None else parent_on(first, on - ONE_DAY), valid_from=on,
        decision=decision, ethnic_languages=languages,
        **{f: any(getattr(s, f) for s in sources) for f in FLAG_FIELDS if f != "ethnic_languages"},
    )
    return unit_merge(actor=actor, sources=sources, target=target, on=on, decision=decision)


@transaction.atomic
def unit_dissolve(*, actor, unit: Unit, on: dt.date, decision: str = "") -> UnitEvent:
    """Dissolve an empty unit from ``on`` (ends on ``on - 1``, no successor).

    A unit that still has sub-units or people serving in it on ``on`` must be merged instead, so
    nobody is left without a unit."""
    from apps.people.selectors import people_moving_count

    check_can_restructure(actor)
    _check_open_on(unit, on)
    children, people = _children_on([unit.pk], on), people_moving_count([unit.pk], on)
    if children or people:
        raise ValidationError(f"Đơn vị {unit.code} còn {len(children)} đơn vị trực thuộc và {people} người "
                              f"công tác: hãy sáp nhập vào một đơn vị khác thay vì giải thể.")
    _check_no_later_links([unit.pk], on, same_day_ok=False)
    _close_links([unit.pk], on)
    unit.valid_to = on - ONE_DAY
    unit.save(update_fields=["valid_to"])
    event = UnitEvent.objects.create(kind=UnitEvent.Kind.DISSOLVE, effective_on=on, decision=decision)
    event.sources.add(unit)
    audit_write(actor=actor, action=AuditEntry.Action.RESTRUCTURE, target=unit,
                changes={"valid_to": [None, unit.valid_to.isoformat()]},
                note=f"Giải thể từ ngày {_d(on)}. {decision}".strip())
    return event


def _check_successors(units: list[Unit], successors: dict[int, Unit], level: str, on: dt.date) -> None:
    abolished = {u.pk for u in units}
    missing = [u.code for u in units if u.pk not in successors]
    if missing:
        raise ValidationError(f"Chưa chỉ định đơn vị kế thừa cho: {', '.join(sorted(missing))}.")
    stray = sorted(str(k) for k in successors if k not in abolished)
    if stray:
        codes = Unit.objects.filter(pk__in=[k for k in successors if k not in abolished]).values_list("code", flat=True)
        raise ValidationError(f"Không phải đơn vị {Level(level).label.lower()} còn hiệu lực: "
                              f"{', '.join(sorted(codes)) or ', '.join(stray)}.")
    for unit in units:
        successor = successors[unit.pk]
        if successor.pk in abolished or successor.level == level:
            raise ValidationError(f"Đơn vị kế thừa của {unit.code} ({successor.code}) không được là "
                                  f"đơn vị {Level(level).label.lower()}.")
        _check_open_on(successor, on, "Đơn vị kế thừa")


@transaction.atomic
def unit_abolish_level(*, actor, level: str, on: dt.date, successors: dict[int, Unit],
                       decision: str = "") -> UnitEvent:
    """Abolish every unit of ``level`` in force on ``on`` (e.g. the districts on 01/07/2025).

    ``successors`` maps each abolished unit's id to the unit taking over its people. Sub-units (the
    communes under a district) are re-attached to the abolished unit's own parent as of ``on``
    (walking up past abolished ancestors); the abolished units end on ``on - 1``."""
    check_can_restructure(actor)
    units = list(Unit.objects.valid_on(on).filter(level=level, valid_to__isnull=True))
    if not units:
        raise ValidationError(f"Không còn đơn vị {Level(level).label.lower()} nào có hiệu lực ngày {_d(on)}.")
    for unit in units:
        if unit.valid_from is not None and unit.valid_from >= on:
            raise ValidationError(f"Đơn vị {unit.code} bắt đầu hoạt động ngày {_d(unit.valid_from)}, "
                                  f"không thể bỏ từ chính ngày đó.")
    _check_successors(units, successors, level, on)
    _check_no_later_links([u.pk for u in units], on, same_day_ok=False)
    abolished = {u.pk for u in units}
    parents = {u.pk: parent_on(u, on) for u in units}
    moved = 0
    for unit in units:
        parent = parents[unit.pk]
        while parent is not None and parent.pk in abolished:
            parent = parents[parent.pk]
        _reparent(_children_on([unit.pk], on), parent, on)
    for unit in units:
        moved += _retire_units([unit], successors[unit.pk], on, reason=f"Bỏ {Level(level).label.lower()}")
        audit_write(actor=actor, action=AuditEntry.Action.RESTRUCTURE, target=unit,
                    changes={"valid_to": [None, (on - ONE_DAY).isoformat()],
                             "successor": [None, str(successors[unit.pk])]},
                    note=f"Bỏ {Level(level).label.lower()} từ ngày {_d(on)}. {decision}".strip())
    event = UnitEvent.objects.create(kind=UnitEvent.Kind.ABOLISH_LEVEL, effective_on=on, decision=decision,
                                     people_moved=moved, note=f"Bỏ {Level(level).label.lower()}")
    event.sources.set(units)
    audit_write(actor=actor, action=AuditEntry.Action.RESTRUCTURE, target_type="unit",
                note=f"Bỏ {len(units)} đơn vị {Level(level).label.lower()} từ ngày {_d(on)}; "
                     f"{moved} người chuyển đơn vị. {decision}".strip())
    return event


def restructure_preview(service: Callable[..., UnitEvent], **kwargs: Any) -> UnitEvent:
    """Run a restructuring ``service`` and roll it back: it raises exactly what the real run would,
    and the returned (unsaved-in-effect) event says how many people would move. For the
    confirmation step of the web pages: the count is the service's own, not a second estimate."""
    with transaction.atomic():
        event = service(**kwargs)
        transaction.set_rollback(True)
    return event
