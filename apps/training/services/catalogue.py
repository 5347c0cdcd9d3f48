"""Writes to the catalogue: content areas, delivery forms, programmes, providers, their accounts, instructors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.access import forget_scope, scope_of
from apps.core.audit import audit_write, diff
from apps.people.models import QualificationLevel
from apps.training import permissions
from apps.training.models import (
    ContentArea,
    DeliveryForm,
    Instructor,
    Programme,
    Provider,
    ProviderAccount,
)
from apps.training.services._common import (
    Create,
    Update,
    _save_new,
)

# --- catalogue ----------------------------------------------------------------------------------


@transaction.atomic
def content_area_create(*, actor, code: str, name: str, order: int = 100) -> ContentArea:
    permissions.check_can_manage_catalogue(actor)
    area = _save_new(ContentArea(code=code, name=name, order=order))
    audit_write(actor=actor, action=Create, target=area, changes=diff({}, {"code": code, "name": name}))
    return area


@transaction.atomic
def delivery_form_create(*, actor, code: str, name: str, is_full_time: bool = False) -> DeliveryForm:
    permissions.check_can_manage_catalogue(actor)
    form = _save_new(DeliveryForm(code=code, name=name, is_full_time=is_full_time))
    audit_write(actor=actor, action=Create, target=form,
                changes=diff({}, {"code": code, "name": name, "is_full_time": is_full_time}))
    return form


@transaction.atomic
def programme_create(*, actor, code: str, name: str, kind: str, content_areas: Iterable[ContentArea],
                     degree_level: str = "", fostering_family: str = "",
                     grants_level: QualificationLevel | None = None, standard_hours: int | None = None,
                     is_long_term: bool = False, major: str = "", language: str = "") -> Programme:
    """A programme covers at least one content area; degree programmes have a level, fostering
    programmes a family (the model's check constraint)."""
    permissions.check_can_manage_catalogue(actor)
    areas = list(content_areas)
    if not areas:
        raise ValidationError({"content_areas": "Chương trình phải có ít nhất một nội dung."})
    programme = _save_new(Programme(
        code=code, name=name, kind=kind, degree_level=degree_level, fostering_family=fostering_family,
        grants_level=grants_level, standard_hours=standard_hours, is_long_term=is_long_term, major=major,
        language=language,
    ))
    programme.content_areas.set(areas)
    audit_write(actor=actor, action=Create, target=programme,
                changes=diff({}, {"code": code, "name": name, "kind": kind, "grants_level": grants_level,
                                  "content_areas": ", ".join(a.code for a in areas)}))
    return programme


@transaction.atomic
def provider_create(*, actor, code: str, name: str, ownership: str = "cong_lap", is_foreign: bool = False,
                    country: str = "Việt Nam") -> Provider:
    permissions.check_can_manage_catalogue(actor)
    provider = _save_new(Provider(code=code, name=name, ownership=ownership, is_foreign=is_foreign, country=country))
    audit_write(actor=actor, action=Create, target=provider,
                changes=diff({}, {"code": code, "name": name, "ownership": ownership, "country": country}))
    return provider


@transaction.atomic
def provider_account_link(*, actor, user, provider: Provider) -> ProviderAccount:
    """Attach a login of role PROVIDER to ``provider`` (replacing any earlier link)."""
    permissions.check_can_manage_catalogue(actor)
    if not scope_of(user).is_provider:
        raise ValidationError({"user": "Chỉ tài khoản vai trò cơ sở đào tạo mới gắn được với cơ sở."})
    account, _ = ProviderAccount.objects.update_or_create(user=user, defaults={"provider": provider})
    forget_scope(user)
    audit_write(actor=actor, action=Update, target=user, target_type="user",
                changes={"provider": [None, str(provider)]})
    return account


@transaction.atomic
def instructor_create(*, actor, provider: Provider, full_name: str, kind: str, specialty: str = "",
                      practical_management_years: int = 0, has_teaching_certificate: bool = False) -> Instructor:
    permissions.check_can_manage_provider(actor, provider.pk)
    instructor = _save_new(Instructor(
        provider=provider, full_name=full_name, kind=kind, specialty=specialty,
        practical_management_years=practical_management_years, has_teaching_certificate=has_teaching_certificate,
    ))
    audit_write(actor=actor, action=Create, target=instructor,
                changes=diff({}, {"provider": provider, "full_name": full_name, "kind": kind,
                                  "practical_management_years": practical_management_years}))
    return instructor


CATALOGUE_EDITABLE = {
    "programme": ("name", "kind", "degree_level", "fostering_family", "grants_level", "standard_hours",
                  "is_long_term", "major", "language", "active"),
    "provider": ("name", "ownership", "is_foreign", "country", "active"),
    "instructor": ("full_name", "kind", "specialty", "practical_management_years", "has_teaching_certificate",
                   "active"),
    "contentarea": ("name", "order", "active"),
}


def _update(obj, values: Mapping, actor, **extra_changes) -> dict:
    """Set the editable ``values`` on ``obj``, validate, save and audit; returns the changes."""
    names = CATALOGUE_EDITABLE[obj._meta.model_name]
    before = {n: getattr(obj, n) for n in names}
    for name, value in values.items():
        if name not in names:
            raise ValueError(f"{name} is not editable")
        setattr(obj, name, value)
    changes = {**diff(before, {n: getattr(obj, n) for n in names}), **extra_changes}
    if changes:
        obj.full_clean()
        obj.save()
        audit_write(actor=actor, action=Update, target=obj, changes=changes)
    return changes


@transaction.atomic
def content_area_update(*, actor, area: ContentArea, **values) -> ContentArea:
    """Rename, reorder or retire (active=False) a content area; its code stays."""
    permissions.check_can_manage_catalogue(actor)
    _update(area, values, actor)
    return area


@transaction.atomic
def programme_update(*, actor, programme: Programme, content_areas: Iterable[ContentArea] | None = None,
                     **values) -> Programme:
    """Change a programme (its code stays). Completions already recorded keep the level they granted."""
    permissions.check_can_manage_catalogue(actor)
    extra = {}
    if content_areas is not None:
        areas = list(content_areas)
        if not areas:
            raise ValidationError({"content_areas": "Chương trình phải có ít nhất một nội dung."})
        before = sorted(a.code for a in programme.content_areas.all())
        if before != sorted(a.code for a in areas):
            programme.content_areas.set(areas)
            extra["content_areas"] = [", ".join(before), ", ".join(sorted(a.code for a in areas))]
    _update(programme, values, actor, **extra)
    return programme


@transaction.atomic
def provider_update(*, actor, provider: Provider, **values) -> Provider:
    permissions.check_can_manage_catalogue(actor)
    _update(provider, values, actor)
    return provider


@transaction.atomic
def instructor_update(*, actor, instructor: Instructor, **values) -> Instructor:
    """Change an instructor (the Department, or the instructor's own provider); the provider stays."""
    permissions.check_can_manage_provider(actor, instructor.provider_id)
    _update(instructor, values, actor)
    return instructor


