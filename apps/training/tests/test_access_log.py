"""Enrolment pages show people: the class roster logs one entry per person shown (one INSERT),
an enrolment page logs its person, the candidate search logs its query and count."""

from __future__ import annotations

from apps.privacy.models import AccessEntry
from apps.training import services


def test_the_class_page_logs_each_person_on_its_roster(client_as, make_class, personas, province, make_person):
    klass = make_class(code="YT-1", organiser="SYT", form="truc_tuyen")
    an, binh = make_person(province["BVDK"], "Nguyễn Văn An"), make_person(province["SYT"], "Lê Thị Bình")
    for person in (an, binh):
        services.enrollment_create(actor=personas["can_bo_so_y_te"], person=person, training_class=klass)
    assert client_as("lanh_dao").get("/dao-tao/lop/YT-1/").status_code == 200
    entries = AccessEntry.objects.order_by("person__name_sort_key")
    assert [(e.user, e.kind, e.person, e.filters) for e in entries] == [
        (personas["lanh_dao"], "view", an, {"lop": "YT-1"}), (personas["lanh_dao"], "view", binh, {"lop": "YT-1"})]


def test_an_enrolment_page_logs_its_person(client_as, make_class, personas, province, make_person):
    klass = make_class(code="YT-1", organiser="SYT", form="truc_tuyen")
    an = make_person(province["BVDK"], "Nguyễn Văn An")
    enrollment = services.enrollment_create(actor=personas["can_bo_so_y_te"], person=an, training_class=klass)
    assert client_as("so_noi_vu").get(f"/dao-tao/luot/{enrollment.pk}/").status_code == 200
    e = AccessEntry.objects.get()
    assert (e.user, e.person, e.what, e.filters) == (personas["so_noi_vu"], an, "Lượt học", {"luot": enrollment.pk})


def test_the_candidate_search_logs_its_query_and_how_many_were_shown(client_as, make_class, personas, province,
                                                                       make_person):
    make_class(code="YT-1", organiser="SYT", form="truc_tuyen")
    make_person(province["BVDK"], "Nguyễn Văn An")
    assert client_as("can_bo_so_y_te").get("/dao-tao/lop/YT-1/chon-hoc-vien/?q=nguyen").status_code == 200
    e = AccessEntry.objects.get()
    assert (e.user, e.kind, e.filters, e.count) == (personas["can_bo_so_y_te"], "view", {"lop": "YT-1", "q": "nguyen"}, 1)
