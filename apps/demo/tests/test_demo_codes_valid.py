"""Every code the demo province writes passes the forms' and imports' code validation, so its
classes (``CDS/2026/013``) and people stay editable and re-importable."""

from __future__ import annotations

import pytest

from apps.core.codes import class_code_problem, person_code_problem

PERSONS, SEED = 600, 7


@pytest.mark.django_db
def test_the_demo_codes_are_valid(demo):
    from apps.people.models import Person
    from apps.training.models import TrainingClass

    people = list(Person.objects.values_list("code", flat=True))
    classes = list(TrainingClass.objects.values_list("code", flat=True))
    assert people and classes and any("/" in c for c in classes)
    assert [c for c in people if person_code_problem(c)] == []
    assert [c for c in classes if class_code_problem(c)] == []
