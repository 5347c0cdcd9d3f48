"""Writes to standards: Sở Nội vụ only, each in one transaction with one audit entry.

Validation errors are Vietnamese and name the field. A new standard for a rank or position whose
current standard is open-ended closes that one the day before it takes effect (a replacement);
any other overlap of dates for the same rank or position is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_write, diff
from apps.core.models import AuditEntry
from apps.core.vn import format_date
from apps.people.models import Dimension, Position, QualificationLevel, Rank
from apps.standards.models import Standard, StandardRequirement
from apps.training.models import FosteringFamily


@dataclass
class StandardData:
    """A standard as plain values: the rank or position and the levels by their codes."""

    code: str
    name: str
    effective_from: dt.date
    legal_basis: str
    requirements: Mapping[str, str] = field(default_factory=dict)  # {dimension: level code}
    rank_code: str = ""
    position_code: str = ""
    effective_to: dt.date | None = None
    required_fostering: str = ""
    is_configurable_default: bool = False
    note: str = ""


def check_can_manage_standards(actor) -> None:
    """Standards are the Department's catalogue (and the system's: migrations, loaders)."""
    scope_of(actor).require(Perm.EDIT_STANDARDS)


def _subject(data: StandardData) -> dict[str, Rank | Position]:
    if bool(data.rank_code) == bool(data.position_code):
        raise ValidationError({"rank": "Hãy ghi đúng một trong hai: mã ngạch hoặc mã chức vụ."})
    if data.rank_code:
        rank = Rank.objects.filter(code=data.rank_code).first()
        if rank is None:
            raise ValidationError({"rank": f"Không có ngạch mã “{data.rank_code}”."})
        return {"rank": rank}
    position = Position.objects.filter(code=data.position_code).first()
    if position is None:
        raise ValidationError({"position": f"Không có chức vụ mã “{data.position_code}”."})
    return {"position": position}


def _levels(requirements: Mapping[str, str]) -> list[QualificationLevel]:
    levels = []
    for dimension, code in requirements.items():
        if dimension not in Dimension.values:
            raise ValidationError({"requirements": f"Lĩnh vực “{dimension}” không hợp lệ."})
        level = QualificationLevel.objects.filter(dimension=dimension, code=code).first()
        if level is None:
            raise ValidationError({"requirements": f"{Dimension(dimension).label}: không có trình độ mã “{code}”."})
        levels.append(level)
    return levels


def _check_fields(data: StandardData) -> None:
    if not data.code.strip() or not data.name.strip():
        raise ValidationError({"code": "Hãy ghi mã và tên tiêu chuẩn."})
    if not data.legal_basis.strip():
        raise ValidationError({"legal_basis": "Hãy ghi căn cứ pháp lý của tiêu chuẩn."})
    if data.required_fostering and data.required_fostering not in FosteringFamily.values:
        raise ValidationError({"required_fostering": f"Loại bồi dưỡng “{data.required_fostering}” không hợp lệ."})
    if data.effective_to is not None and data.effective_to < data.effective_from:
        raise ValidationError({"effective_to": "Ngày hết hiệu lực phải từ ngày có hiệu lực trở đi."})


def _period_text(s: Standard) -> str:
    return f"{format_date(s.effective_from)} – {format_date(s.effective_to) or 'nay'}"


def _settle_overlaps(standard: Standard, subject: dict) -> list[str]:
    """Close the open-ended standard this one replaces; refuse any other overlap. Returns notes."""
    same = Standard.objects.filter(**subject).exclude(pk=standard.pk)
    end = standard.effective_to or dt.date.max
    overlapping = same.filter(effective_from__lte=end).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=standard.effective_from))
    notes = []
    for other in overlapping.order_by("effective_from").select_for_update():
        if other.effective_to is None and other.effective_from < standard.effective_from:
            other.effective_to = standard.effective_from - dt.timedelta(days=1)
            other.save(update_fields=["effective_to", "updated_at"])
            notes.append(f"Thay thế {other.code} (hết hiệu lực {format_date(other.effective_to)})")
            continue
        raise ValidationError({"effective_from": f"Trùng thời gian hiệu lực với tiêu chuẩn {other.code} "
                                                 f"({_period_text(other)})."})
    return notes


def _apply(standard: Standard, data: StandardData, subject: dict) -> None:
    standard.code, standard.name, standard.legal_basis = data.code.strip(), data.name.strip(), data.legal_basis.strip()
    standard.rank = subject.get("rank")  # type: ignore[assignment]
    standard.position = subject.get("position")  # type: ignore[assignment]
    standard.effective_from, standard.effective_to = data.effective_from, data.effective_to
    standard.required_fostering = data.required_fostering
    standard.is_configurable_default, standard.note = data.is_configurable_default, data.note


def _values(standard: Standard) -> dict:
    return {
        "code": standard.code, "name": standard.name, "subject": str(standard.subject or ""),
        "effective_from": standard.effective_from, "effective_to": standard.effective_to,
        "legal_basis": standard.legal_basis, "required_fostering": standard.required_fostering,
        "is_configurable_default": standard.is_configurable_default,
        "requirements": ", ".join(f"{r.get_dimension_display()}: {r.min_level.name}"
                                  for r in standard.requirements.select_related("min_level").order_by("dimension")),
    }


def _save(standard: Standard, data: StandardData) -> list[str]:
    subject = _subject(data)
    levels = _levels(data.requirements)
    _apply(standard, data, subject)
    standard.full_clean()
    standard.save()
    notes = _settle_overlaps(standard, subject)
    standard.requirements.all().delete()
    StandardRequirement.objects.bulk_create(
        StandardRequirement(standard=standard, dimension=lv.dimension, min_level=lv) for lv in levels)
    return notes


@transaction.atomic
def standard_create(*, actor, data: StandardData) -> Standard:
    check_can_manage_standards(actor)
    _check_fields(data)
    if Standard.objects.filter(code=data.code.strip()).exists():
        raise ValidationError({"code": f"Mã tiêu chuẩn {data.code} đã tồn tại."})
    standard = Standard()
    notes = _save(standard, data)
    audit_write(actor=actor, action=AuditEntry.Action.CREATE, target=standard,
                changes=diff({}, _values(standard)), note="; ".join(notes))
    return standard


@transaction.atomic
def standard_update(*, actor, standard: Standard, data: StandardData) -> Standard:
    """Replace every field and requirement of ``standard`` with ``data`` (the code may change)."""
    check_can_manage_standards(actor)
    _check_fields(data)
    if Standard.objects.filter(code=data.code.strip()).exclude(pk=standard.pk).exists():
        raise ValidationError({"code": f"Mã tiêu chuẩn {data.code} đã tồn tại."})
    before = _values(standard)
    notes = _save(standard, data)
    changes = diff(before, _values(standard))
    if changes or notes:
        audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=standard, changes=changes,
                    note="; ".join(notes))
    return standard


@transaction.atomic
def standards_load(*, actor, items: Iterable[StandardData]) -> tuple[int, int]:
    """Create or update (by code) every item, all or nothing. Errors name the item: "Mục N (mã X),
    trường: lý do". Returns (created, updated)."""
    check_can_manage_standards(actor)
    created = updated = 0
    for number, data in enumerate(items, start=1):
        existing = Standard.objects.filter(code=data.code.strip()).first()
        try:
            if existing is None:
                standard_create(actor=actor, data=data)
                created += 1
            else:
                standard_update(actor=actor, standard=existing, data=data)
                updated += 1
        except ValidationError as exc:
            raise ValidationError([f"Mục {number} (mã {data.code or '—'}), {_field_label(f)}: {m}"
                                   for f, ms in _error_items(exc) for m in ms]) from None
    return created, updated


FIELD_LABELS = {
    "code": "mã", "name": "tên", "rank": "ngạch", "position": "chức vụ", "effective_from": "hiệu lực từ",
    "effective_to": "hiệu lực đến", "legal_basis": "căn cứ", "requirements": "yêu cầu",
    "required_fostering": "bồi dưỡng", "__all__": "tiêu chuẩn",
}


def _field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def _error_items(exc: ValidationError) -> list[tuple[str, list[str]]]:
    if hasattr(exc, "error_dict"):
        return list(exc.message_dict.items())
    return [("__all__", exc.messages)]
