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
