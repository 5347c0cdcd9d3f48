"""/cua-toi/: the learner's own page and their training record as a spreadsheet."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.core.tabular import ExportFile, date_text, render_xlsx
from apps.evaluation.selectors import classes_of_instructor, forms_of_instructor, forms_of_learner
from apps.evaluation.services import part_is_open
from apps.portal import selectors
from apps.training.selectors import person_training_history

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires(Perm.OWN_PAGE)
def home(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(request.user)
    today = timezone.localdate()
    needs, hours = selectors.needs_of(person, today)
    history = list(person_training_history(person))
    forms = [(f, part_is_open(f.part, today)) for f in forms_of_learner(request.user)]
    return render(request, "portal/home.html", {
        "person": person, "needs": needs, "hours": hours, "history": history,
        "certificates": [e for e in history if e.certificate_number],
        "to_fill": [f for f, is_open in forms if is_open and not f.submitted_at],
        "forms": forms, "year": today.year, "nav": "portal"})


@requires(Perm.TEACHING_PAGE)
def teaching(request: HttpRequest) -> HttpResponse:
    """The instructor's own page: the classes they teach (how many learners, no names) and the
    evaluation forms they must fill (phone-sized)."""
    instructor = selectors.own_instructor(request.user)
    today = timezone.localdate()
    forms = [(f, part_is_open(f.part, today)) for f in forms_of_instructor(request.user)]
    return render(request, "portal/teaching.html", {
        "instructor": instructor, "classes": list(classes_of_instructor(request.user)[:100]),
        "to_fill": [f for f, is_open in forms if is_open and not f.submitted_at], "forms": forms,
        "nav": "teaching"})


@requires(Perm.OWN_PAGE)
def record(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(request.user)
    rows = [["Từ ngày", "Đến ngày", "Chương trình", "Cơ sở đào tạo", "Số tiết", "Trạng thái", "Kết quả",
             "Số văn bằng, chứng chỉ", "Ngày cấp"]]
    for e in person_training_history(person):
        rows.append([date_text(e.start_date), date_text(e.end_date), e.programme.name, e.provider_label,
                     str(e.hours or ""), e.get_status_display(), e.result, e.certificate_number,
                     date_text(e.certificate_date)])
    content = render_xlsx(rows, sheet_title="Quá trình ĐTBD", freeze="A2")
    return ExportFile(f"qua-trinh-dao-tao-{person.code}.xlsx", XLSX, content).response()
