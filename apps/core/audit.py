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
    # the demo's summary (apps/demo)
    "province": "tỉnh", "persons": "số hồ sơ", "seed": "số khởi tạo ngẫu nhiên",
    "units_created": "số đơn vị tạo", "units_total": "tổng số đơn vị", "districts": "số huyện",
    "communes_before": "số xã trước sắp xếp", "communes_after": "số xã sau sắp xếp",
    "schools_moved": "số trường chuyển về xã", "district_units": "số đơn vị cấp huyện",
    "district_people_moved": "số người chuyển khỏi cấp huyện", "periods": "số quá trình công tác",
    "qualifications": "số văn bằng, chứng chỉ", "council_seats": "số ghế đại biểu HĐND",
    "positions": "số người giữ chức vụ", "in_succession_plan": "trong quy hoạch",
    "not_working": "số người không còn công tác", "closed_after_reform": "số người nghỉ sau sắp xếp",
    "categories": "theo đối tượng", "ethnicity": "theo dân tộc", "accounts_created": "số tài khoản tạo",
    "training_classes": "số lớp", "enrollments": "số lượt học", "enrollment_costs": "số khoản chi phí lượt học",
    "commitments": "số cam kết phục vụ", "plans": "số kế hoạch",
    "qualifications_from_training": "số văn bằng từ khóa học",
    "qualifications_linked": "số văn bằng gắn với lượt học", "seconds": "thời gian chạy (giây)",
    # the roadmap's generation (apps/roadmap)
    "roadmap_tasks": "nhiệm vụ theo lộ trình", "deleted": "xóa", "restored": "khôi phục", "retired": "ngừng",
    "unchanged": "không đổi", "unassigned_rows": "dòng chưa giao đơn vị",
    # the parts of a plan (apps/plans)
    "legal_bases": "căn cứ", "groups": "nhóm đối tượng", "requirements": "yêu cầu", "objectives": "mục tiêu",
    "targets": "chỉ tiêu", "contents": "nội dung", "solutions": "giải pháp", "funding": "kinh phí",
    "tasks": "nhiệm vụ", "lines": "dòng kế hoạch",
}


def label_of(key: str) -> str:
    """The Vietnamese label of a key services write that is not a model field."""
    return EXTRA_LABELS.get(key) or _value_labels().get(key) or key.replace("_", " ")


def _value_labels() -> dict[str, str]:
    """Choice codes that appear as keys of nested values (funding sources, categories…)."""
    from apps.people.models import Category, Status
    from apps.training.models import FundingSource

    return {str(v): str(label) for choices in (FundingSource, Category, Status) for v, label in choices.choices}


def describe_changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """[(Vietnamese field label, old, new)] of an entry's changes, for people to read: labels from
    the target model's verbose names, ISO dates as dd/mm/yyyy, booleans as Có/Không, choices by
    their label, a reference (unit, ethnicity, rank…) by its name rather than its database id.
    A change that reads the same on both sides ("— → —") is left out. One query per model
    referenced by id (none for most entries)."""
    model = _model_for(entry.target_type)
    names = _referenced_names(model, entry.changes or {})
    rows = []
    for key, pair in (entry.changes or {}).items():
        old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        shown = (_display(model, key, old, names), _display(model, key, new, names))
        if shown[0] != shown[1]:
            rows.append((_label(model, key), *shown))
    return rows


def _referenced_names(model: type[models.Model] | None, changes: dict) -> dict[tuple[str, int], str]:
    """{(key, id): str(object)} for the ids the changes hold in foreign-key fields."""
    wanted: dict[str, set[int]] = {}
    for key, pair in changes.items():
        field = _field(model, key)
        if isinstance(field, models.ForeignKey) and isinstance(pair, list | tuple):
            wanted.setdefault(key, set()).update(v for v in pair if isinstance(v, int) and not isinstance(v, bool))
    names: dict[tuple[str, int], str] = {}
    for key, ids in wanted.items():
        related = _field(model, key).related_model
        if ids and related is not None:
            for obj in related._default_manager.filter(pk__in=ids):
                names[(key, obj.pk)] = str(obj)
    return names


def _model_for(target_type: str) -> type[models.Model] | None:
    from django.apps import apps

    return next((m for m in apps.get_models() if m._meta.model_name == target_type), None)


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    for name in (key, key[:-3]) if key.endswith("_id") else (key,):  # "national_id" is a field itself
        try:
            return model._meta.get_field(name)
        except Exception:  # FieldDoesNotExist: a key that is not a field
            continue
    return None


def _label(model: type[models.Model] | None, key: str) -> str:
    field = _field(model, key)
    label = getattr(field, "verbose_name", None)
    if label and str(label).replace(" ", "_") != key:
        return str(label)
    return label_of(key)


def _display(model: type[models.Model] | None, key: str, value: Any,
             names: dict[tuple[str, int], str] | None = None) -> str:
    from apps.core.vn import format_date, format_number, parse_date

    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dict):
        return "; ".join(f"{label_of(k)}: {_display(None, k, v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_display(None, key, v) for v in value)
    if names and isinstance(value, int) and (key, value) in names:
        return names[(key, value)]
    field = _field(model, key)
    if isinstance(field, models.ForeignKey) and isinstance(value, int):
        return "(đã xóa)"  # an id whose object no longer exists: never show the raw id
    if isinstance(value, int) and not (field is not None and getattr(field, "flatchoices", None)):
        return format_number(value) if abs(value) >= 10000 else str(value)
    choices = dict(getattr(field, "flatchoices", None) or [])
    if isinstance(value, str | int) and value in choices:
        return str(choices[value])
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return format_date(parse_date(value))
        except (ValueError, TypeError):
            return value
    return str(value)
