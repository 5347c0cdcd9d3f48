"""Writes to the reference data: add, edit, retire or restore one value, or a whole file.

Every write takes the acting user (Perm.MANAGE_REFERENCE: Sở Nội vụ), validates with the model's
own rules, saves in one transaction and writes an AuditEntry. Nothing is ever deleted: a value
in use stays on the records that hold it, a retired one is only no longer offered.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.catalogues.registry import Catalogue
from apps.core.audit import audit_write, diff
from apps.core.models import AuditEntry


def check_can_manage(actor) -> None:
    scope_of(actor).require(Perm.MANAGE_REFERENCE)


def is_many(cat: Catalogue, name: str) -> bool:
    return isinstance(cat.field(name), models.ManyToManyField)


def values_of(cat: Catalogue, obj: models.Model) -> dict[str, Any]:
    """The catalogue's fields of ``obj`` as plain values (a many-to-many as its sorted codes)."""
    values: dict[str, Any] = {}
    for name in (*cat.fields, "active"):
        if is_many(cat, name):
            values[name] = sorted(getattr(obj, name).values_list("code", flat=True)) if obj.pk else []
        else:
            values[name] = getattr(obj, name)
    return values


def _related(cat: Catalogue, name: str, codes: list[str]) -> list[models.Model]:
    model = cat.field(name).related_model
    assert model is not None
    found = {o.code: o for o in model._default_manager.filter(code__in=codes)}  # type: ignore[attr-defined]
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError({name: f"Không có mã {', '.join(missing)}."})
    return [found[c] for c in codes]


def apply_values(cat: Catalogue, obj: models.Model, values: dict[str, Any]) -> dict[str, list]:
    """Set ``values`` on ``obj`` (unsaved), validate it, and return the audit diff; raises
    ValidationError keyed by field name. The many-to-many values are checked, not yet written."""
    before = values_of(cat, obj)
    for name, value in values.items():
        if name not in cat.fields and name != "active":
            raise ValueError(f"{name} is not a field of {cat.key}")
        if is_many(cat, name):
            _related(cat, name, list(value))
        else:
            setattr(obj, name, value)
    exclude = [n for n in cat.fields if is_many(cat, n)]
    obj.full_clean(exclude=exclude)
    after = before | {n: (sorted(v) if is_many(cat, n) else v) for n, v in values.items()}
    return diff(before, after)


def write_checked(actor, cat: Catalogue, obj: models.Model, values: dict[str, Any], changes: dict, *,
                  created: bool) -> None:
    """Save ``obj`` after :func:`apply_values` validated it, with its many-to-many, and audit."""
    obj.save()
    for name, codes in values.items():
        if is_many(cat, name):
            getattr(obj, name).set(_related(cat, name, sorted(codes)))
    audit_write(actor=actor, action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                target=obj, changes=changes)


@transaction.atomic
def reference_save(*, actor, cat: Catalogue, values: dict[str, Any], obj: models.Model | None = None) -> models.Model:
    """Add a value (``obj`` None) or change one; its code cannot change once saved. Saving the
    values it already has writes nothing."""
    check_can_manage(actor)
    created = obj is None
    if obj is None:
        if cat.model._default_manager.filter(code=values.get("code")).exists():
            raise ValidationError({"code": f"Mã {values.get('code')} đã có trong danh mục."})
        obj = cat.model()
    elif "code" in values and values["code"] != obj.code:  # type: ignore[attr-defined]
        raise ValidationError({"code": "Không đổi được mã của một giá trị đã có (hãy ngừng dùng và thêm mã mới)."})
    changes = apply_values(cat, obj, values)
    if changes or created:
        write_checked(actor, cat, obj, values, changes, created=created)
    return obj


@transaction.atomic
def reference_set_active(*, actor, cat: Catalogue, obj: models.Model, active: bool) -> models.Model:
    """Retire (``active`` False) or bring back a value. Records already holding it keep it."""
    check_can_manage(actor)
    if obj.active != active:  # type: ignore[attr-defined]
        obj.active = active  # type: ignore[attr-defined]
        obj.save(update_fields=["active"])
        audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=obj,
                    changes={"active": [not active, active]}, note="Dùng lại" if active else "Ngừng dùng")
    return obj
