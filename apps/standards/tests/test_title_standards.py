"""Professional-title standards of public employees (migration 0003): teachers and doctors by
grade, each marked as a default to check, each accounted for in docs/standards-sources.md."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.people.models import Rank
from apps.standards import reference, selectors
from apps.standards.models import Standard

D = dt.date


def requirements(standard: Standard) -> dict[str, str]:
    return {r.dimension: r.min_level.code for r in standard.requirements.all()}


@pytest.mark.parametrize(("title", "expected", "fostering"), [
    ("V.07.05.13", {"chuyen_mon": "thac_si"}, "ngach_chuc_danh"),  # THPT hạng I
    ("V.07.05.15", {"chuyen_mon": "dai_hoc"}, "ngach_chuc_danh"),  # THPT hạng III
    ("V.07.02.26", {"chuyen_mon": "cao_dang"}, "ngach_chuc_danh"),  # mầm non hạng III
    ("V.08.01.01", {"chuyen_mon": "tien_si"}, "ngach_chuc_danh"),  # bác sĩ cao cấp
    ("V.08.01.02", {"chuyen_mon": "thac_si"}, "ngach_chuc_danh"),  # bác sĩ chính
    ("V.08.01.03", {"chuyen_mon": "dai_hoc"}, ""),  # bác sĩ
])
def test_each_grade_has_its_default_standard_with_its_source(db, title, expected, fostering):
    standard = selectors.standard_in_force(at=D(2025, 1, 1), rank=Rank.objects.get(code=title))
    assert standard is not None and standard.code.startswith(f"CDNN-{title}-")
    assert requirements(standard) == expected and standard.required_fostering == fostering
    assert standard.is_configurable_default and "đối chiếu" in standard.note
    assert "TT-BGDĐT" in standard.legal_basis or "TTLT-BYT-BNV" in standard.legal_basis


def test_every_grade_of_teachers_and_doctors_is_covered(db):
    titles = {code for code, *_ in reference.TITLE_STANDARDS}
    for grade in ("I", "II", "III"):
        assert Rank.objects.filter(code__in=titles, name__contains=f"hạng {grade}").exists()
    assert Rank.objects.filter(code__in=titles, name__startswith="Bác sĩ").count() == 3
    assert Standard.objects.filter(code__startswith="CDNN-").count() == len(reference.TITLE_STANDARDS)


def test_before_the_circular_there_is_no_title_standard(db):
    assert selectors.standard_in_force(at=D(2020, 1, 1), rank=Rank.objects.get(code="V.07.05.14")) is None
