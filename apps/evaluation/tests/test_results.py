"""Campaigns, answers and results, figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.access import SYSTEM
from apps.evaluation import selectors, services
from apps.evaluation.models import Campaign, Form


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(2026, 3, 20))


def _answer(form, scores_by_code, comment=""):
    """Write a form as paper (SYSTEM) with {indicator code: score}."""
    ids = dict(form.part.template.indicators.values_list("code", "pk"))
    with_scores = {ids[c]: s for c, s in scores_by_code.items()}
    services._write_answers(form, with_scores, comment, on_paper=True)
    return form


def test_campaign_numbers_forms_per_object_and_respondent(evaluated):
    campaign: Campaign = evaluated["campaign"]
    parts = {p.template.object: p for p in campaign.parts.select_related("template")}
    assert set(parts) == {"programme", "learner", "instructor", "facilities", "course", "effectiveness"}
    # programme: 3 learners + 1 instructor; learner object: the instructor; effectiveness: the
    # employing unit (BVDK) once per learner of theirs
    assert list(parts["programme"].forms.values_list("number", "group")) == [
        (1, "learner"), (2, "learner"), (3, "learner"), (4, "instructor")]
    assert parts["learner"].forms.count() == 1
    bvdk = evaluated["learners"][0].unit_id
    effectiveness = list(parts["effectiveness"].forms.values_list("group", "unit_id", "person_id"))
    assert [(g, u) for g, u, _p in effectiveness] == [("employer", bvdk)] * 3
    assert {p for _g, _u, p in effectiveness} == {p.pk for p in evaluated["learners"]}
    # six months after the class ended (20/03/2026), open as long as the others (43 days)
    assert parts["effectiveness"].opens_on == dt.date(2026, 9, 20)
    assert parts["effectiveness"].closes_on == dt.date(2026, 11, 2)


def test_learner_answers_own_form_only(evaluated, personas):
    learner = personas["hoc_vien"]
    forms = list(selectors.forms_of_learner(learner))
    # one form each on programme, instructor, facilities, course (learners are asked those)
    assert sorted(f.part.template.object for f in forms) == ["course", "facilities", "instructor", "programme"]
    course = next(f for f in forms if f.part.template.object == "course")
    ids = list(course.part.template.indicators.values_list("pk", flat=True))
    services.form_submit(actor=learner, form=course, scores={i: 9 for i in ids}, comment="Rất bổ ích")
    course.refresh_from_db()
    assert (course.answered, course.valid) == (4, True)
    other = Form.objects.exclude(person_id=learner.profile.person_id).filter(person__isnull=False).first()
    with pytest.raises(PermissionDenied):
        services.form_submit(actor=learner, form=other, scores={})
    with pytest.raises(ValidationError):
        services.form_submit(actor=learner, form=course, scores={ids[0]: 11})


def test_means_index_and_level_by_hand(evaluated):
    part = evaluated["campaign"].parts.get(template__object="course")
    f1, f2, f3 = part.forms.order_by("number")
    # course template: criterion 1 = {1.1, 1.2}, criterion 2 = {2.1, 2.2}
    _answer(f1, {"1.1": 8, "1.2": 6, "2.1": 10, "2.2": 8}, "Tốt")
    _answer(f2, {"1.1": 6, "1.2": 6, "2.1": 8, "2.2": 6})
    _answer(f3, {"1.1": 1})  # 3 of 4 blank: kept, invalid, not in the means
    r = selectors.class_results(evaluated["class"])
    course = next(o for o in r.objects if o.object == "course")
    assert (course.forms, course.valid, course.invalid) == (3, 2, 1)
    means = {i.code: i.mean for c in course.criteria for i in c.indicators}
    assert means == {"1.1": 7.0, "1.2": 6.0, "2.1": 9.0, "2.2": 7.0}
    assert [c.mean for c in course.criteria] == [6.5, 8.0]
    assert course.index == 7.25 and course.level == "Khá"
    assert course.groups == {"Học viên": 7.25}
    assert course.comments == ["Tốt"]
    assert r.index == 7.25 and r.level == "Khá"
    assert r.as_json()["forms"] == 3


def test_general_index_is_mean_of_objects_and_threshold_level(evaluated):
    course = evaluated["campaign"].parts.get(template__object="course")
    effect = evaluated["campaign"].parts.get(template__object="effectiveness")
    _answer(course.forms.first(), {"1.1": 8, "1.2": 8, "2.1": 8, "2.2": 8})  # 8: Tốt exactly
    _answer(effect.forms.first(), {"1.1": 4, "1.2": 4, "2.1": 4, "2.2": 4})  # 4: Trung bình exactly
    r = selectors.class_results(evaluated["class"])
    assert {o.object: (o.index, o.level) for o in r.objects if o.valid} == {
        "course": (8.0, "Tốt"), "effectiveness": (4.0, "Trung bình")}
    assert (r.index, r.level) == (6.0, "Khá")  # (8 + 4) / 2 = 6: Khá at its threshold


def test_coverage_rule_by_hand(make_class, evaluated, catalogue):
    # the school holds 10 classes in 2026: LOP-DG (rank standard) and nine update courses
    for _ in range(9):
        make_class(programme="tin_hoc", start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 8))
    provider = catalogue["school"]
    cov = selectors.provider_year(provider, 2026).coverage
    assert (cov.classes, cov.required_5_8, cov.required_9, cov.required_10) == (10, 2, 1, 1)
    assert not cov.meets
    parts = {p.template.object: p for p in evaluated["campaign"].parts.all()}
    full = {"programme": 8, "learner": 8, "instructor": 8, "facilities": 8, "course": 8, "effectiveness": 8}
    for obj in full:
        form = parts[obj].forms.first()
        _answer(form, {code: 8 for code in form.part.template.indicators.values_list("code", flat=True)})
    cov = selectors.provider_year(provider, 2026).coverage
    assert (cov.articles_5_8, cov.article_9, cov.article_10) == (1, 1, 1)
    assert (cov.meets_5_8, cov.meets_9, cov.meets_10) == (False, True, True)  # 1 of 10 < 20%


def test_summary_is_scoped(evaluated, personas, catalogue):
    summary = selectors.evaluation_summary(personas["so_noi_vu"], 2026)
    assert [p.provider_code for p in summary.providers] == ["TCT"]
    assert selectors.evaluation_summary(personas["can_bo_so_giao_duc"], 2026).providers == []
    assert [p.provider_code for p in selectors.evaluation_summary(personas["can_bo_so_y_te"], 2026).providers] == ["TCT"]
    assert selectors.evaluation_summary(personas["hoc_vien"], 2026).providers == []
    assert selectors.evaluation_summary(catalogue["dai_hoc_can_tho"], 2026).providers == []


def test_new_template_version_from_yaml(personas):
    from apps.evaluation.definitions import DefinitionError
    from apps.evaluation.models import EvaluationTemplate

    base = EvaluationTemplate.objects.get(regime="tt10_2017", object="course", version=1)
    text = services.template_yaml(base).replace("Sẵn sàng giới thiệu", "Sẽ giới thiệu")
    new = services.template_new_version(actor=personas["so_noi_vu"], base=base, source=text)
    assert (new.version, new.is_default) == (2, False)
    assert services.current_template("tt10_2017", "course") == new
    with pytest.raises(PermissionDenied):
        services.template_new_version(actor=personas["lanh_dao"], base=base, source=text)
    with pytest.raises(DefinitionError):
        services.template_new_version(actor=personas["so_noi_vu"], base=base, source=text.replace("course", "learner"))
    with pytest.raises(PermissionDenied):
        services.campaign_create(actor=personas["can_bo_so_y_te"], training_class=None, data=None)  # type: ignore[arg-type]
    assert SYSTEM
