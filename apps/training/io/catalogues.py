"""What class and enrollment rows are checked against, and the actor's rights, loaded in a
handful of queries before any row is read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.functions import Upper

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.tabular import lookup_key
from apps.organization.models import Unit
from apps.training.models import (
    ClassStatus,
    DeliveryForm,
    EnrollmentStatus,
    Programme,
    Provider,
    TrainingClass,
)


def choice_lookup(choices) -> dict[str, str]:
    """{normalised value or label: value}: "Hoàn thành", "hoan thanh" and "completed" alike."""
    return {lookup_key(k): value for value, label in choices for k in (value, label)}


ENROLLMENT_STATUSES = choice_lookup(EnrollmentStatus.choices)
CLASS_STATUSES = choice_lookup(ClassStatus.choices)


@dataclass(frozen=True)
class Rights:
    """What the acting user may write, as data the row checks read without queries.

    ``writable_units``: units whose people the actor may enrol (None = every unit, empty = none);
    ``organisable_units``: units whose classes the actor may create or grade (same convention);
    ``provider_id``: the provider a provider login grades for."""

    sees_all: bool
    writable_units: set[int] | None
    organisable_units: set[int] | None
    provider_id: int | None

    def can_enrol(self, unit_id: int) -> bool:
        return self.writable_units is None or unit_id in self.writable_units

    def can_organise(self, unit_id: int) -> bool:
        return self.organisable_units is None or unit_id in self.organisable_units

    def can_send_to(self, klass) -> bool:
        """``permissions.can_send_to`` without queries."""
        return klass.open_to_agencies or self.can_organise(klass.organiser_id)

    def can_grade(self, *, provider_id: int, organiser_id: int, person_unit_id: int) -> bool:
        """``permissions.check_can_grade`` without queries."""
        return (self.provider_id == provider_id or self.can_organise(organiser_id)
                or self.can_enrol(person_unit_id))


def rights_of(actor) -> Rights:
    """Two queries at most (the officer's unit tree, a provider's link)."""
    scope = scope_of(actor)
    if scope.is_home_affairs:
        return Rights(True, None, None, None)
    if scope.is_officer and scope.can(Perm.EDIT_PEOPLE):
        units = set(scope.unit_ids or ())
        return Rights(False, units, units, None)
    return Rights(scope.sees_all and scope.can(Perm.VIEW_PEOPLE), set(), set(), scope.provider_id)


def classes_with_codes(codes: Iterable[str]) -> QuerySet[TrainingClass]:
    """Classes whose code is one of ``codes`` compared without case: a spreadsheet typed by hand
    says cds/2026/013 for CDS/2026/013 (a scan of the classes table: thousands of rows)."""
    return TrainingClass.objects.alias(code_upper=Upper("code")).filter(code_upper__in={c.upper() for c in codes})


def may_import(actor) -> bool:
    """Sở Nội vụ, agency officers and providers (results of their own classes) import files."""
    return scope_of(actor).can(Perm.IMPORT_TRAINING)


@dataclass
class ClassCatalogues:
    programmes: dict[str, Programme]  # by upper-case code
    providers: dict[str, Provider]
    forms: dict[str, DeliveryForm]  # by normalised code or name
    units: dict[str, tuple[int, str, bool]]  # upper-case code -> (id, code, current)


def load_class_catalogues() -> ClassCatalogues:
    """Four small queries."""
    from django.utils import timezone

    today = timezone.localdate()
    forms: dict[str, DeliveryForm] = {}
    for form in DeliveryForm.objects.all():
        forms.setdefault(lookup_key(form.code), form)
        forms.setdefault(lookup_key(form.name), form)
    return ClassCatalogues(
        programmes={p.code.upper(): p for p in Programme.objects.select_related("grants_level")},
        providers={p.code.upper(): p for p in Provider.objects.all()},
        forms=forms,
        units={u.code.upper(): (u.pk, u.code, u.is_valid_on(today)) for u in
               Unit.objects.only("id", "code", "valid_from", "valid_to")},
    )
