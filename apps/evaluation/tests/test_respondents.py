"""Instructors answer online from their own accounts; the learners' employing units answer the
effectiveness forms (one per learner) from their officer's account; nobody sees another's form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.accounts.access import SYSTEM, scope_of
from apps.accounts.services import user_create
from apps.evaluation import selectors, services
from apps.evaluation.models import Form


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 3, 20))


@pytest.fixture
def teacher(evaluated):
    """The account of LOP-DG's instructor (Lê Văn Giảng)."""
    return user_create(actor=SYSTEM, username="giang_vien", password="x", role="instructor",
                       instructor=evaluated["instructor"], full_name="Lê Văn Giảng")


@pytest.fixture
def open_effectiveness(evaluated):
    """LOP-DG's effectiveness part opened today (as if six months had passed)."""
    part = evaluated["campaign"].parts.get(template__object="effectiveness")
    part.opens_on, part.closes_on = dt.date(2026, 3, 1), dt.date(2026, 4, 30)
    part.save()
    return part


def _all_nine(form) -> dict[str, str]:
    return {f"i{pk}": "9" for pk in form.part.template.indicators.values_list("pk", flat=True)}


def test_an_instructor_account_is_linked_to_its_instructor(teacher, evaluated):
    scope = scope_of(teacher)
    assert (scope.role, scope.instructor_id, scope.person_id, scope.unit_ids) == (
        "instructor", evaluated["instructor"].pk, None, frozenset())


def test_an_instructor_account_needs_an_instructor(db, personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        user_create(actor=personas["so_noi_vu"], username="gv", password="x", role="instructor")
    assert "giảng viên" in str(exc.value)


def test_an_officer_cannot_create_an_instructor_account(personas, evaluated):
    with pytest.raises(PermissionDenied):
        user_create(actor=personas["can_bo_so_y_te"], username="gv", password="x", role="instructor",
                    instructor=evaluated["instructor"])


def test_the_instructor_sees_their_forms_and_classes_without_names(client, teacher, evaluated):
    forms = list(selectors.forms_of_instructor(teacher))
    # the instructor is asked about the programme, the learners and the facilities
    assert sorted(f.part.template.object for f in forms) == ["facilities", "learner", "programme"]
    assert all(f.instructor_id == evaluated["instructor"].pk and f.group == "instructor" for f in forms)
    client.force_login(teacher)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("portal:teaching")
    html = client.get(reverse("portal:teaching")).content.decode()
    assert "LOP-DG" in html and "3 học viên" in html and "Lê Văn Giảng" in html
    for learner in evaluated["learners"]:
        assert learner.full_name not in html and learner.code not in html
    assert all(reverse("evaluation:answer", args=[f.pk]) in html for f in forms)


def test_the_instructor_fills_their_form_online(client, teacher, evaluated):
    form = next(f for f in selectors.forms_of_instructor(teacher) if f.part.template.object == "programme")
    client.force_login(teacher)
    assert client.get(reverse("evaluation:answer", args=[form.pk])).status_code == 200
    response = client.post(reverse("evaluation:answer", args=[form.pk]), {**_all_nine(form), "comment": "Tốt"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:teaching")
    form.refresh_from_db()
    assert (form.valid, form.answered, form.on_paper, form.comment) == (True, form.total, False, "Tốt")
    from apps.core.models import AuditEntry

    assert AuditEntry.objects.filter(actor=teacher, action=AuditEntry.Action.SUBMIT).count() == 1


def test_the_instructor_opens_no_learner_form_nor_any_record(client, teacher, evaluated, personas):
    learner_form = selectors.forms_of_learner(personas["hoc_vien"]).first()
    client.force_login(teacher)
    assert client.get(reverse("evaluation:answer", args=[learner_form.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.form_submit(actor=teacher, form=learner_form, scores={})
    learner = evaluated["learners"][0]
    assert client.get(reverse("people:detail", args=[learner.code])).status_code == 404  # like a missing one
    listing = client.get(reverse("people:list")).content.decode()  # the scoped list: empty
    assert all(p.full_name not in listing and p.code not in listing for p in evaluated["learners"])
    assert client.get(reverse("evaluation:class", args=["LOP-DG"])).status_code == 403
    assert client.get(reverse("portal:home")).status_code == 403


def test_another_instructor_sees_none_of_these_forms(teacher, evaluated, catalogue):
    from apps.training import services as training

    other = training.instructor_create(actor=SYSTEM, provider=catalogue["school"], full_name="Võ Thị Khác",
                                       kind="co_huu", practical_management_years=8)
    account = user_create(actor=SYSTEM, username="gv_khac", password="x", role="instructor", instructor=other)
    assert not selectors.forms_of_instructor(account).exists()
    assert not selectors.classes_of_instructor(account).exists()


def test_the_employing_unit_answers_one_effectiveness_form_per_learner(client, personas, evaluated,
                                                                       open_effectiveness):
    officer = personas["can_bo_so_y_te"]  # BVDK, the learners' unit, is under Sở Y tế
    forms = list(selectors.forms_of_employer(officer))
    assert sorted(f.person_id for f in forms) == sorted(p.pk for p in evaluated["learners"])
    client.force_login(officer)
    page = client.get(reverse("evaluation:employer_forms")).content.decode()
    assert "Phiếu đánh giá hiệu quả sau đào tạo" in page
    assert all(p.full_name in page for p in evaluated["learners"])
    form = forms[0]
    response = client.post(reverse("evaluation:answer", args=[form.pk]), _all_nine(form))
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:employer_forms")
    form.refresh_from_db()
    assert form.valid and form.submitted_at is not None
    index = client.get(reverse("evaluation:index")).content.decode()
    assert "2 chờ trả lời" in index


def test_another_agency_and_the_learner_do_not_answer_the_effectiveness_form(client, personas, evaluated,
                                                                            open_effectiveness):
    form = Form.objects.filter(part=open_effectiveness).first()
    other = personas["can_bo_so_giao_duc"]
    assert not selectors.forms_of_employer(other).exists()
    client.force_login(other)
    assert client.get(reverse("evaluation:answer", args=[form.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.form_submit(actor=other, form=form, scores={})
    learner = personas["hoc_vien"]
    assert "effectiveness" not in {f.part.template.object for f in selectors.forms_of_learner(learner)}
    own = Form.objects.get(part=open_effectiveness, person=learner.profile.person)
    client.force_login(learner)
    assert client.get(reverse("evaluation:answer", args=[own.pk])).status_code == 404
    assert client.get(reverse("evaluation:employer_forms")).status_code == 403
    client.force_login(personas["lanh_dao"])
    assert client.get(reverse("evaluation:employer_forms")).status_code == 403


def test_effectiveness_forms_not_open_yet_are_listed_but_not_answerable(client, personas, evaluated):
    officer = personas["can_bo_so_y_te"]
    form = selectors.forms_of_employer(officer).first()
    client.force_login(officer)
    page = client.get(reverse("evaluation:employer_forms")).content.decode()
    assert "Không có phiếu nào đang chờ đơn vị." in page and "ngoài thời hạn" in page
    response = client.post(reverse("evaluation:answer", args=[form.pk]), _all_nine(form))
    assert response.status_code == 422
    form.refresh_from_db()
    assert form.submitted_at is None
