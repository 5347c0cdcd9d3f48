"""The learner's own page: lands there after sign-in, sees their gaps, never anyone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.accounts.access import SYSTEM
from apps.accounts.services import user_create
from apps.people.models import Rank
from apps.training import services as training
from apps.training.models import ContentArea


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 3, 20))


@pytest.fixture
def civil_servant(province, make_person, catalogue):
    """Chuyên viên chính (01.002) with no political theory and no state management: the rank's
    standard (TT 2/2021) is not met; 16 tiết completed in 2026, short of 40."""
    person = make_person(province["SYT"], "Đỗ Văn Thiếu", category="cong_chuc",
                         rank_id=Rank.objects.get(code="01.002").pk)
    user = user_create(actor=SYSTEM, username="cong_chuc", password="x", role="learner", person=person,
                       full_name=person.full_name)
    prog = training.programme_create(actor=SYSTEM, code="VTVL", name="Bồi dưỡng theo vị trí việc làm",
                                     kind="boi_duong", fostering_family="vi_tri_viec_lam",
                                     content_areas=ContentArea.objects.filter(code="quan_ly_nha_nuoc"))
    e = training.external_training_record(actor=SYSTEM, person=person, programme=prog, provider_name="Trường Chính trị",
                                          start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 1, 7),
                                          completed_on=dt.date(2026, 1, 7), hours=16)
    return {"person": person, "user": user, "programme": prog, "enrollment": e}


def test_learner_lands_on_own_page(client, personas):
    from conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "hoc_vien", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/cua-toi/"
    client.logout()
    response = client.post(reverse("login"), {"username": "so_noi_vu", "password": PASSWORD})
    assert response["Location"] != "/cua-toi/"


def test_needs_of_a_person_with_known_gaps(civil_servant, make_class):
    from apps.portal.selectors import needs_of

    upcoming = make_class(programme="cvc", code="CVC-2026", start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30))
    needs, hours = needs_of(civil_servant["person"], dt.date(2026, 3, 20))
    by_key = {n.key: n for n in needs}
    assert "standard:rank" in by_key
    rank = by_key["standard:rank"]
    assert any(d.startswith("Lý luận chính trị: chưa có, cần trung cấp") for d in rank.details)
    assert rank.programme.code == "CVC" and [c.code for c in rank.classes] == ["CVC-2026"]
    assert (hours.applies, hours.done, hours.minimum, hours.short) == (True, 16, 40, 24)
    assert "min_hours" in by_key and by_key["min_hours"].programme.code == "VTVL"
    assert upcoming


def test_page_shows_only_own_things(client, personas, evaluated, civil_servant):
    client.force_login(personas["hoc_vien"])
    page = client.get("/cua-toi/").content.decode()
    assert "Trần Thị Bích" in page
    assert "Nguyễn Văn Hai" not in page and "Phạm Thị Ba" not in page and "Đỗ Văn Thiếu" not in page
    assert "Phiếu đánh giá khóa học" in page  # the open course form of LOP-DG
    # another learner's forms: 404, like a missing one
    from apps.evaluation.models import Form

    other = Form.objects.filter(person=evaluated["learners"][1]).first()
    assert client.get(reverse("evaluation:answer", args=[other.pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[evaluated["learners"][1].code])).status_code in (403, 404)
    assert client.get(reverse("evaluation:class", args=["LOP-DG"])).status_code == 403
    record = client.get("/cua-toi/qua-trinh.xlsx")
    import io

    import openpyxl

    rows = list(openpyxl.load_workbook(io.BytesIO(record.content)).active.values)
    assert len(rows) == 2 and rows[1][2] == "Bồi dưỡng ngạch chuyên viên chính"


def test_nav_of_a_learner_has_no_upload_actions(client, personas):
    client.force_login(personas["hoc_vien"])
    page = client.get("/cua-toi/").content.decode()
    nav = page.split("<nav id=\"site-nav\"")[1].split("</nav>")[0]
    assert "Trang của tôi" in nav and "Nhập" not in nav and "Kế hoạch</a>" not in nav
    assert "Tải lên" not in nav and "Mẫu phiếu" not in nav


def test_learner_fills_form_on_the_page(client, personas, evaluated):
    from apps.evaluation.models import Form

    form = Form.objects.get(person=personas["hoc_vien"].profile.person, part__template__object="course")
    client.force_login(personas["hoc_vien"])
    ids = list(form.part.template.indicators.values_list("pk", flat=True))
    data = {f"i{i}": "9" for i in ids}
    data[f"i{ids[0]}"] = ""
    response = client.post(reverse("evaluation:answer", args=[form.pk]), data)
    assert response.status_code == 302
    form.refresh_from_db()
    assert (form.answered, form.valid) == (3, False)  # 1 of 4 blank = 25%
    response = client.post(reverse("evaluation:answer", args=[form.pk]), {f"i{ids[0]}": "12"})
    assert response.status_code == 422


def test_a_need_is_answered_by_the_programme_that_suits_the_person(province, make_person):
    from apps.portal.selectors import _suits
    from apps.training.models import Programme

    nurse = make_person(province["BVDK"], "Trần Thị Y", category="vien_chuc")
    commune = Programme(name="Cập nhật kiến thức cho cán bộ, công chức cấp xã")
    teachers = Programme(name="Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp giáo viên")
    health = Programme(name="Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp viên chức y tế")
    ethics = Programme(name="Bồi dưỡng đạo đức nghề nghiệp viên chức")
    assert province["BVDK"].name.lower().startswith("bệnh viện")
    ranked = sorted([commune, teachers, health, ethics], key=lambda p: _suits(nurse, p))
    assert ranked[0] is health and ranked[1] is ethics and ranked[-1] is commune


def _page_sql(client) -> list[str]:
    """The SQL of one GET /cua-toi/, without the shared cache's own (none when it is Redis)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cua-toi/")
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries if "dtbd_cache" not in q["sql"]]


def test_the_warm_page_reads_the_needs_from_the_cache_in_twelve_queries(client, civil_servant):
    import re

    client.force_login(civil_servant["user"])
    cold = _page_sql(client)
    assert any("people_serviceperiod\".\"category\"" in sql for sql in cold)  # the needs, computed once
    tables = [re.search(r'FROM "(\w+)"', sql).group(1) for sql in _page_sql(client)]
    assert tables == [
        "django_session", "auth_user", "accounts_profile", "people_person",  # who is asking
        "annual_annualcycle", "plans_plan",  # this year's cycle (none here: then the plan in force)
        "core_auditentry",  # the write stamp, one query (the newest write, counter, largest ids)
        "training_enrollment", "training_contentarea", "training_enrollmentcost",  # the training record
        "evaluation_form", "notifications_notification"]


def test_the_cached_needs_follow_a_write(client, civil_servant):
    """16 of 40 tiết: the yearly minimum is a need; 24 more tiết recorded, it is no longer one,
    although the first answer is still in the cache (its key holds the data version)."""
    client.force_login(civil_servant["user"])
    assert "Tối thiểu 40 tiết/năm" in client.get("/cua-toi/").content.decode()
    training.external_training_record(actor=SYSTEM, person=civil_servant["person"],
                                      programme=civil_servant["programme"], provider_name="Trường Chính trị",
                                      start_date=dt.date(2026, 2, 2), end_date=dt.date(2026, 2, 6),
                                      completed_on=dt.date(2026, 2, 6), hours=24)
    from apps.portal.selectors import needs_of

    needs, hours = needs_of(civil_servant["person"], dt.date(2026, 3, 20))
    assert (hours.done, hours.short) == (40, 0) and "min_hours" not in {n.key for n in needs}
    assert "Tối thiểu 40 tiết/năm" not in client.get("/cua-toi/").content.decode()
