"""Writing audit entries. Services call these inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from apps.core.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def audit_entry(*, actor, action: str, target: models.Model | None = None, target_type: str = "",
                changes: dict | None = None, note: str = "") -> AuditEntry:
    """Build (unsaved) an audit entry for ``target``; see :func:`audit_write`."""
    if actor is None:
        from apps.accounts.access import MissingActor

        raise MissingActor("Thiếu người thực hiện (actor) cho mục nhật ký: dùng SYSTEM cho tác vụ hệ thống.")
    user = actor if getattr(actor, "pk", None) else None
    return AuditEntry(
        actor=user,
        action=action,
        target_type=target_type or (target._meta.model_name if target is not None else ""),
        target_id=getattr(target, "pk", None),
        target_label=str(target)[:255] if target is not None else "",
        changes=changes or {},
        note=note[:500],
    )


def audit_write(**kwargs) -> AuditEntry:
    entry = audit_entry(**kwargs)
    entry.save()
    return entry


def audit_write_many(entries: Iterable[AuditEntry]) -> None:
    AuditEntry.objects.bulk_create(list(entries), batch_size=2000)


# Keys services write that are not model fields of the target.
EXTRA_LABELS = {
    "predecessors": "đơn vị được sáp nhập", "role": "vai trò", "effective_on": "ngày hiệu lực",
    "imported": "số dòng nhập", "created": "thêm mới", "updated": "cập nhật",
    "enrollment": "lượt học", "costs": "kinh phí", "budget": "dự toán", "instructors": "giảng viên",
    "commitment": "cam kết phục vụ", "provider": "cơ sở đào tạo",
}


def describe_changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """[(Vietnamese field label, old, new)] of an entry's changes, for people to read: labels from
    the target model's verbose names, ISO dates as dd/mm/yyyy, booleans as Có/Không, choices by
    their label. No queries (the model is looked up in the app registry)."""
    model = _model_for(entry.target_type)
    return [(_label(model, key), _display(model, key, old), _display(model, key, new))
            for key, (old, new) in (entry.changes or {}).items()]


def _model_for(target_type: str) -> type[models.Model] | None:
    from django.apps import apps

    return next((m for m in apps.get_models() if m._meta.model_name == target_type), None)


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    name = key[:-3] if key.endswith("_id") else key
    try:
        return model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist: a key that is not a field
        return None


def _label(model: type[models.Model] | None, key: str) -> str:
    field = _field(model, key)
    label = getattr(field, "verbose_name", None)
    if label and str(label).replace(" ", "_") != key:
        return str(label)
    return EXTRA_LABELS.get(key, key.replace("_", " "))


def _display(model: type[models.Model] | None, key: str, value: Any) -> str:
    from apps.core.vn import format_date, parse_date

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_display(None, k, v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_display(None, key, v) for v in value)
    field = _field(model, key)
    choices = dict(getattr(field, "flatchoices", None) or [])
    if isinstance(value, str | int) and value in choices:
        return str(choices[value])
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return format_date(parse_date(value))
        except (ValueError, TypeError):
            return value
    return str(value)
