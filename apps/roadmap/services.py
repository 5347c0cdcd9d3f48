"""Writes of roadmap tasks: generating them from a plan's appendix, a unit's status and note, and
the product file. Each write checks the actor's scope, runs in one transaction and writes audit
entries (the task page's history reads them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_entry, audit_write, audit_write_many, diff
from apps.core.models import AuditEntry
from apps.core.vn import fold
from apps.plans import deadlines
from apps.plans.models import Plan, PlanTask
from apps.roadmap import schedule
from apps.roadmap.leads import LeadResolver
from apps.roadmap.models import RoadmapTask, TaskStatus

ROW_GONE = "Dòng lộ trình không còn trong kế hoạch"
NOT_WANTED = "Không còn là lần thực hiện hoặc đơn vị chủ trì của dòng lộ trình"


@dataclass
class GenerateResult:
    created: int = 0
    updated: int = 0
    retired: int = 0
    deleted: int = 0
    restored: int = 0
    unchanged: int = 0
    unassigned_rows: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired or self.deleted or self.restored)

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "retired": self.retired, "deleted": self.deleted,
                "restored": self.restored, "unchanged": self.unchanged, "unassigned_rows": self.unassigned_rows}


def _leads(rows: list[PlanTask]) -> list[PlanTask]:
    """Rows that name a lead unit: each is tracked work (group headings without one are not)."""
    return [r for r in rows if r.lead_units.strip() or r.lead_unit_codes]


Key = tuple[str, int | None, str]  # (row key, unit id or None, occurrence key)


def row_key(text: str, seen: dict[str, int] | None = None) -> str:
    """A row's identity: a digest of its folded wording (``#2``… for a repeated wording)."""
    digest = hashlib.sha1(fold(text).encode()).hexdigest()[:16]
    if seen is None:
        return digest
    seen[digest] = seen.get(digest, 0) + 1
    return digest if seen[digest] == 1 else f"{digest}#{seen[digest]}"


def planned_tasks(plan: Plan, resolver: LeadResolver | None = None) -> dict[Key, dict[str, Any]]:
    """{(row key, unit id or None, occurrence key): field values} of every task the plan's
    appendix calls for. Queries: the rows, and the resolver's (see ``leads``)."""
    resolver = resolver or LeadResolver()
    table = schedule.configured_times_per_year()
    wanted: dict[Key, dict[str, Any]] = {}
    seen: dict[str, int] = {}
    for row in _leads(list(plan.tasks.order_by("order"))):
        key = row_key(row.text, seen)
        parsed = row.deadline or deadlines.parse(row.deadline_text)
        snapshot = {"plan_row_id": row.pk, "number": row.number, "text": row.text, "lead_text": row.lead_units,
                    "products": row.products, "deadline_text": row.deadline_text}
        for occ in schedule.occurrences(parsed, plan.period_start, plan.period_end, table):
            units = resolver.units_for(row.lead_units, row.lead_unit_codes, occ.due)
            unit_ids: list[int | None] = [u.pk for u in units] or [None]  # None: unassigned
            for unit_id in unit_ids:
                wanted[(key, unit_id, occ.key)] = {"plan_id": plan.pk, "year": occ.year, "due": occ.due,
                                                   "label": occ.label, **snapshot}
    return wanted


def roadmap_generate(*, actor, plan: Plan) -> GenerateResult:
    """Make the plan's tasks match its appendix, idempotently: new occurrences or units get a task,
    changed ones are updated in place (status, note and product kept), tasks no longer called for
    are deleted when untouched and retired (kept, read-only) when they hold work; a task called
    for again is restored. Running it twice writes nothing the second time. Queries: the plan's
    rows and tasks, the resolver's, one write per changed task (creations in bulk)."""
    scope = scope_of(actor)
    scope.require(Perm.MANAGE_TASKS)
    resolver = LeadResolver()
    wanted = planned_tasks(plan, resolver)
    result = GenerateResult(unassigned_rows=sorted({v["number"] or v["text"][:40] for k, v in wanted.items() if k[1] is None}))
    now = timezone.now()
    with transaction.atomic():
        existing = {(t.row_key, t.unit_id, t.occurrence): t
                    for t in RoadmapTask.objects.select_for_update().filter(plan=plan)}
        entries = [e for key, values in wanted.items() if key in existing
                   for e in _refresh(actor, existing[key], values, result)]
        created = RoadmapTask.objects.bulk_create(
            [RoadmapTask(row_key=key, unit_id=unit_id, occurrence=occ, **values)
             for (key, unit_id, occ), values in wanted.items() if (key, unit_id, occ) not in existing],
            batch_size=1000)
        result.created = len(created)
        entries += [audit_entry(actor=actor, action=AuditEntry.Action.CREATE, target=t, note="Tạo từ lộ trình kế hoạch")
                    for t in created if t.pk]
        row_keys = {key[0] for key in wanted}
        for key, task in existing.items():
            if key not in wanted and task.retired_at is None:
                entries.append(_retire_or_delete(actor, task, now, result, row_keys))
        if result.changed:
            audit_write_many(entries)
            audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=plan,
                        changes={"roadmap_tasks": [None, result.as_dict()]}, note="Sinh nhiệm vụ theo lộ trình")
    return result


def _refresh(actor, task: RoadmapTask, values: dict[str, Any], result: GenerateResult) -> list[AuditEntry]:
    """Bring an existing task to ``values`` (restoring it when retired); its audit entry, if any."""
    changes = diff({k: getattr(task, k) for k in values}, values)
    restored = task.retired_at is not None
    if not changes and not restored:
        result.unchanged += 1
        return []
    for k, v in values.items():
        setattr(task, k, v)
    if restored:
        changes["retired_reason"] = [task.retired_reason, ""]
        task.retired_at, task.retired_reason = None, ""
        result.restored += 1
    else:
        result.updated += 1
    task.save()
    return [audit_entry(actor=actor, action=AuditEntry.Action.UPDATE, target=task, changes=changes,
                        note="Khôi phục theo lộ trình kế hoạch" if restored else "Cập nhật theo lộ trình kế hoạch")]


def _retire_or_delete(actor, task: RoadmapTask, now: dt.datetime, result: GenerateResult,
                      row_keys: set[str]) -> AuditEntry:
    reason = ROW_GONE if task.row_key not in row_keys else NOT_WANTED
    if task.has_work:
        task.retired_at, task.retired_reason = now, reason
        task.save(update_fields=["retired_at", "retired_reason", "updated"])
        result.retired += 1
        return audit_entry(actor=actor, action=AuditEntry.Action.UPDATE, target=task,
                           changes={"retired_reason": ["", reason]}, note="Thôi theo dõi")
    entry = audit_entry(actor=actor, action=AuditEntry.Action.DELETE, target=task, note=reason)
    task.delete()
    result.deleted += 1
    return entry


def _require_work(actor, task: RoadmapTask):
    scope = scope_of(actor)
    scope.require(Perm.WORK_TASKS)
    if not (scope.sees_all or (task.unit_id is not None and scope.covers_unit(task.unit_id))):
        raise PermissionDenied("Nhiệm vụ này không thuộc đơn vị của bạn.")
    if task.retired_at is not None:
        raise ValidationError("Nhiệm vụ đã thôi theo dõi (dòng lộ trình không còn trong kế hoạch): không sửa được.")
    return scope


def task_update(*, actor, task: RoadmapTask, status: str, note: str, today: dt.date | None = None) -> RoadmapTask:
    """The lead unit's status and note. Marking it done records today as the completion date;
    reopening clears it. Writes nothing (no audit entry) when nothing changes."""
    _require_work(actor, task)
    if status not in TaskStatus.values:
        raise ValidationError({"status": "Trạng thái không hợp lệ: chọn Chưa làm, Đang làm hoặc Hoàn thành."})
    note = note.strip()
    if len(note) > 4000:
        raise ValidationError({"note": "Ghi chú dài quá 4.000 ký tự."})
    today = today or timezone.localdate()
    completed_on = (task.completed_on or today) if status == TaskStatus.DONE else None
    values = {"status": status, "note": note, "completed_on": completed_on}
    with transaction.atomic():
        task = RoadmapTask.objects.select_for_update().get(pk=task.pk)
        changes = diff({k: getattr(task, k) for k in values}, values)
        if not changes:
            return task
        for k, v in values.items():
            setattr(task, k, v)
        task.save(update_fields=[*values, "updated"])
        audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=task, changes=changes)
    return task


# extension -> (content type, the bytes such a file starts with)
PRODUCT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    "zip": ("application/zip", (b"PK\x03\x04",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


def max_product_bytes() -> int:
    return int(getattr(settings, "ROADMAP_MAX_PRODUCT_BYTES", 20 * 1024 * 1024))


def check_product(name: str, size: int, head: bytes) -> tuple[str, str]:
    """(extension, content type) of an acceptable product file, else ValidationError saying why
    in Vietnamese: the type by extension and by its first bytes, a size under the limit."""
    shown = name[-120:]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in PRODUCT_TYPES:
        allowed = ", ".join(f".{e}" for e in PRODUCT_TYPES)
        raise ValidationError(f"Tệp “{shown}” không được nhận: chỉ nhận văn bản, bảng tính, PDF, ảnh hoặc tệp nén ({allowed}).")
    if size <= 0:
        raise ValidationError(f"Tệp “{shown}” rỗng.")
    limit = max_product_bytes()
    if size > limit:
        from apps.core.vn import format_number

        raise ValidationError(f"Tệp “{shown}” dung lượng {format_number(size / 1048576, 1)} MB, vượt giới hạn "
                              f"{format_number(limit / 1048576, 0)} MB.")
    content_type, magic = PRODUCT_TYPES[ext]
    if not any(head.startswith(m) for m in magic):
        raise ValidationError(f"Nội dung tệp “{shown}” không đúng định dạng .{ext}.")
    return ext, content_type


def task_attach_product(*, actor, task: RoadmapTask, upload) -> RoadmapTask:
    """Store ``upload`` (a Django UploadedFile) as the task's product through the default storage,
    under a generated name (never the sender's); the previous file is removed after commit."""
    _require_work(actor, task)
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    size = int(getattr(upload, "size", 0) or 0)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    ext, content_type = check_product(name, size, head)
    stored = default_storage.save(f"roadmap/{task.year}/{task.pk}-{uuid.uuid4().hex}.{ext}",
                                  upload if hasattr(upload, "chunks") else ContentFile(upload.read()))
    try:
        task = _attach(actor, task, stored, name, size, content_type)
    except BaseException:
        default_storage.delete(stored)  # nothing half written: no file without its task row
        raise
    return task


def _attach(actor, task: RoadmapTask, stored: str, name: str, size: int, content_type: str) -> RoadmapTask:
    with transaction.atomic():
        task = RoadmapTask.objects.select_for_update().get(pk=task.pk)
        old = task.product.name if task.product else ""
        changes = {"product_name": [task.product_name, name], "product_size": [task.product_size, size]}
        task.product.name, task.product_name, task.product_size, task.product_type = stored, name, size, content_type
        if task.status == TaskStatus.TODO:
            task.status = TaskStatus.DOING
            changes["status"] = [TaskStatus.TODO.value, TaskStatus.DOING.value]
        task.save(update_fields=["product", "product_name", "product_size", "product_type", "status", "updated"])
        audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=task, changes=changes, note="Tải lên sản phẩm")
        if old:
            transaction.on_commit(lambda: default_storage.delete(old))
    return task
