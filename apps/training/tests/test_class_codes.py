"""Class codes have one validation shared by the class form and the classes import: a code that
would collide with a class route (``T/sua`` opened the edit page of class ``T``) is refused by
both with the same reason; slashed codes like the demo's ``CDS/2026/013`` keep working."""

from __future__ import annotations

import pytest

from apps.core.codes import class_code_problem


@pytest.mark.parametrize("code", ["T/sua", "A/giang-vien", "X/ghi-danh", "them", "A//B", "A/ B", "/A", "A/"])
def test_a_class_code_that_would_collide_with_a_route_is_refused_by_the_form(client_as, catalogue, province, code):
    from apps.training.models import TrainingClass
    from apps.training.tests.test_pages import _class_form

    response = client_as("can_bo_so_y_te").post("/dao-tao/lop/them/", _class_form(catalogue, province, code=code))
    assert response.status_code == 422
    reason = class_code_problem(code)
    assert reason[0].upper() + reason[1:30] in response.content.decode()
    assert not TrainingClass.objects.exists()


def test_a_slashed_class_code_like_the_demo_still_works_in_the_form(client_as, catalogue, province):
    from apps.training.tests.test_pages import _class_form

    client = client_as("can_bo_so_y_te")
    response = client.post("/dao-tao/lop/them/", _class_form(catalogue, province, code="CDS/2026/013"))
    assert response.status_code == 302 and response["Location"] == "/dao-tao/lop/CDS/2026/013/"
    assert client.get("/dao-tao/lop/CDS/2026/013/sua/").status_code == 200


@pytest.mark.parametrize("code", ["T/sua", "A/chon-hoc-vien", "A B"])
def test_the_classes_import_refuses_the_same_class_codes(catalogue, personas, code):
    from apps.training.io.classes import ImportFailed, classes_import
    from apps.training.tests.test_import_classes import class_row
    from apps.training.tests.test_import_classes import xlsx as classes_xlsx

    with pytest.raises(ImportFailed) as info:
        classes_import(actor=personas["can_bo_so_y_te"], source=classes_xlsx([class_row(code)]), filename="l.xlsx")
    assert info.value.errors == [f"Dòng 2, cột Mã lớp: {class_code_problem(code)}"]
    result = classes_import(actor=personas["can_bo_so_y_te"], source=classes_xlsx([class_row("CDS/2026/013")]),
                            filename="l.xlsx")
    assert result.created == 1
