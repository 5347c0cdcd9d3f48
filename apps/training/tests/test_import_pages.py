"""The bulk entry pages through real URLs: upload, messages, templates, scoped downloads."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.training.models import Enrollment
from apps.training.tests.test_import_enrollments import row, xlsx


def _upload(client, url, data: bytes, name="kq.xlsx"):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_a_bad_upload_shows_every_message_and_writes_nothing(client_as, make_class, make_person, province):
    klass = make_class(organiser="SYT")
    person = make_person(province["SYT"])
    client = client_as("can_bo_so_y_te")
    url = reverse("training:enrollments_import")
    response = _upload(client, url, xlsx([row(klass, person, **{"Ngày hoàn thành": "31/02/2024"})]))
    assert response.status_code == 422
    assert "Dòng 2, cột Ngày hoàn thành: ngày 31/02/2024 không tồn tại" in response.content.decode()
    assert not Enrollment.objects.exists()
    response = _upload(client, url, xlsx([row(klass, person)]))
    assert response.status_code == 302
    assert "1 lượt ghi danh mới" in client.get(response["Location"]).content.decode()


def test_a_provider_uploads_results_of_its_own_classes(client, catalogue, make_class, make_person, province,
                                                       personas):
    from apps.training import services

    klass = make_class()
    person = make_person(province["SYT"])
    services.enrollment_create(actor=personas["so_noi_vu"], person=person, training_class=klass)
    client.force_login(catalogue["truong_chinh_tri"])
    listing = client.get(reverse("training:class_list")).content.decode()
    assert reverse("training:enrollments_import") in listing  # the provider finds the page from its class list
    assert reverse("training:classes_import") not in listing
    response = _upload(client, reverse("training:enrollments_import"), xlsx([row(klass, person)]))
    assert response.status_code == 302
    assert Enrollment.objects.get().status == "completed"
    assert client.get(reverse("training:classes_import")).status_code == 403


def test_the_templates_carry_the_headers_and_the_users_codes(client_as, make_class):
    make_class(code="LOP-YT-1", organiser="SYT")
    make_class(code="LOP-GD-1", organiser="SGD")
    client = client_as("can_bo_so_y_te")
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("training:enrollments_template")).content))
    assert [c.value for c in book["Danh sách"][1]][:4] == ["Mã lớp", "Mã cán bộ", "Họ và tên", "Trạng thái"]
    guide = [r[0] for r in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert "LOP-YT-1" in guide and "LOP-GD-1" not in guide
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("training:classes_template")).content))
    assert book["Danh sách"]["A1"].value == "Mã lớp"


def test_the_results_export_of_one_class(client_as, make_class, make_person, province, personas):
    from apps.training import services

    first, second = make_class(), make_class(programme="tin_hoc", form="truc_tuyen")
    a, b = make_person(province["SYT"], "Nguyễn Văn An"), make_person(province["SYT"], "Lê Văn Bình")
    services.enrollment_create(actor=personas["so_noi_vu"], person=a, training_class=first)
    services.enrollment_create(actor=personas["so_noi_vu"], person=b, training_class=second)
    response = client_as("can_bo_so_y_te").get(reverse("training:enrollments_export_csv") + f"?lop={second.code}")
    text = response.content.decode("utf-8-sig")
    assert b.code in text and a.code not in text
