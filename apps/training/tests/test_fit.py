"""Enrolment checks: a rank-standard course for a rank not in / not eligible, a leadership course for
someone with no position and not in the succession pool, ask for confirmation; the roster marks them."""

from __future__ import annotations

from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.people.models import Position, Rank
from apps.training import fit
from apps.training import services as training


def test_rank_standard_course(make_class, province, make_person):
    klass = make_class(programme="cvc", organiser="SYT")  # grants QLNN chuyên viên chính (01.002's standard)
    main = make_person(province["SYT"], "Ngạch Chính", rank_id=Rank.objects.get(code="01.002").pk)
    below = make_person(province["SYT"], "Ngạch Chuyên Viên", rank_id=Rank.objects.get(code="01.003").pk)
    clerk = make_person(province["SYT"], "Ngạch Cán Sự", rank_id=Rank.objects.get(code="01.004").pk)
    none = make_person(province["SYT"], "Chưa Có Ngạch")
    got = fit.misfits(klass, [main.pk, below.pk, clerk.pk, none.pk])
    assert set(got) == {clerk.pk, none.pk}
    assert got[clerk.pk].startswith("đang ở Cán sự") and "Chuyên viên chính" in got[clerk.pk]
    assert got[none.pk].startswith("chưa có ngạch")


def test_leadership_course(make_class, province, make_person):
    klass = make_class(programme="tcllct", organiser="SYT")
    head = make_person(province["SYT"], "Trưởng Phòng",
                       position_id=Position.objects.filter(is_leadership=True).first().pk)
    pool = make_person(province["SYT"], "Trong Quy Hoạch", in_succession_plan=True)
    staff = make_person(province["SYT"], "Nhân Viên")
    got = fit.misfits(klass, [head.pk, pool.pk, staff.pk])
    assert got == {staff.pk: "không giữ chức vụ lãnh đạo, quản lý và không trong quy hoạch"}
    assert fit.misfits(make_class(programme="tin_hoc"), [staff.pk]) == {}


def test_enrolling_a_misfit_asks_then_marks(client, personas, make_class, province, make_person):
    klass = make_class(programme="tcllct", organiser="SYT", code="LOP-LD")
    staff = make_person(province["SYT"], "Nhân Viên Thường", code="NV-01")
    client.force_login(personas["can_bo_so_y_te"])
    url = reverse("training:enrollment_create", args=[klass.code])
    response = client.post(url, {"ma_can_bo": "NV-01"})
    assert response.status_code == 200
    assert "không giữ chức vụ lãnh đạo, quản lý và không trong quy hoạch" in response.content.decode()
    assert not klass.enrollments.exists()
    response = client.post(url, {"ma_can_bo": "NV-01", "xac_nhan": "1"})
    assert response.status_code == 302 and klass.enrollments.filter(person=staff).exists()
    page = client.get(reverse("training:class_detail", args=[klass.code])).content.decode()
    assert "Không phù hợp: không giữ chức vụ" in page
    assert SYSTEM and training
