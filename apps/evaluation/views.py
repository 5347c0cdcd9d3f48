"""Evaluation pages: templates, a class's campaigns and results, a provider-year, the learner's form."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.evaluation import documents, selectors, services
from apps.evaluation.definitions import DefinitionError
from apps.evaluation.forms import CampaignForm, CoverageRuleForm, TemplateForm
from apps.evaluation.models import EvaluationTemplate
from apps.training.models import TrainingClass

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@requires(Perm.VIEW_EVALUATIONS)
def index(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    classes = (selectors.classes_evaluable_by(request.user).filter(evaluation_campaigns__isnull=False).distinct()
               .select_related("programme", "provider").order_by("-end_date", "code")[:200])
    summary = selectors.evaluation_summary(request.scope, year)
    today = timezone.localdate()
    waiting = (selectors.forms_of_employer(request.user).filter(
        submitted_at__isnull=True, part__opens_on__lte=today, part__closes_on__gte=today).count()
        if request.scope.can(Perm.ANSWER_EFFECTIVENESS) else 0)
    return render(request, "evaluation/index.html", {"classes": classes, "summary": summary, "year": year,
                                                      "employer_waiting": waiting, "nav": "evaluation"})


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("nam", ""))
    except ValueError:
        return timezone.localdate().year


@requires(Perm.VIEW_EVALUATIONS)
def templates(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluation/templates.html", {"templates": selectors.templates_list(), "nav": "evaluation"})


@requires(Perm.VIEW_EVALUATIONS)
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(EvaluationTemplate, pk=pk)
    can_edit = request.scope.can(Perm.EDIT_EVALUATION_TEMPLATES)
    form = TemplateForm(request.POST or None, initial={"source": services.template_yaml(template)})
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        request.scope.require(Perm.EDIT_EVALUATION_TEMPLATES)
        if form.is_valid():
            try:
                new = services.template_new_version(actor=request.user, base=template,
                                                    source=form.cleaned_data["source"])
            except DefinitionError as exc:
                errors = exc.messages
            else:
                messages.success(request, f"Đã tạo phiên bản {new.version} của mẫu phiếu.")
                return redirect("evaluation:template", pk=new.pk)
        status = 422
    criteria = template.criteria.prefetch_related("indicators")
    return render(request, "evaluation/template.html", {
        "template": template, "criteria": criteria, "form": form if can_edit else None, "errors": errors,
        "nav": "evaluation"}, status=status)


@requires(Perm.VIEW_EVALUATIONS)
def class_results(request: HttpRequest, code: str) -> HttpResponse:
    klass = selectors.class_for(request.user, code)
    results = selectors.class_results(klass)
    can_run = services.may_run(request.user, klass)
    campaigns = klass.evaluation_campaigns.prefetch_related("parts__template")
    today = timezone.localdate()
    form = CampaignForm(initial={"opens_on": max(today, klass.end_date - dt.timedelta(days=2)),
                                 "closes_on": max(today, klass.end_date) + dt.timedelta(days=30)}) if can_run else None
    return render(request, "evaluation/class.html", {"klass": klass, "results": results, "campaigns": campaigns,
                                                      "form": form, "nav": "evaluation"})


@requires(Perm.RUN_EVALUATIONS)
@require_POST
def campaign_create(request: HttpRequest, code: str) -> HttpResponse:
    klass = selectors.class_for(request.user, code)
    form = CampaignForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.campaign_create(actor=request.user, training_class=klass, data=services.CampaignData(
                objects=tuple(d["objects"]), groups=tuple(d["groups"]), opens_on=d["opens_on"],
                closes_on=d["closes_on"], effectiveness_months=d["effectiveness_months"]))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, "Đã tạo đợt đánh giá và đánh số phiếu.")
            return redirect("evaluation:class", code=klass.code)
    results = selectors.class_results(klass)
    return render(request, "evaluation/class.html", {"klass": klass, "results": results, "form": form,
                                                      "campaigns": klass.evaluation_campaigns.all(),
                                                      "nav": "evaluation"}, status=422)


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires(Perm.VIEW_EVALUATIONS)
def class_report(request: HttpRequest, code: str) -> HttpResponse:
    klass = selectors.class_for(request.user, code)
    doc = documents.class_report(klass, selectors.class_results(klass))
    return _download(documents.docx(doc), f"danh-gia-{klass.code}.docx")


@requires(Perm.VIEW_EVALUATIONS)
def provider_year(request: HttpRequest, code: str, year: int) -> HttpResponse:
    provider = selectors.provider_for(request.user, code)
    summary = selectors.evaluation_summary(request.scope, year, provider)
    py = summary.providers[0] if summary.providers else selectors.provider_year(provider, year, TrainingClass.objects.none())
    return render(request, "evaluation/provider_year.html", {"py": py, "provider": provider, "year": year,
                                                              "nav": "evaluation"})


@requires(Perm.EDIT_COVERAGE_RULE)
def coverage_rule(request: HttpRequest) -> HttpResponse:
    """The coverage rule (Sở Nội vụ): the rules in force over time, and a form for the rule from a
    date on (the rule of that date is changed, or a new one starts)."""
    today = timezone.localdate()
    current = selectors.coverage_rule(today)
    initial = {"effective_from": dt.date(today.year, 1, 1)}
    if current is not None:
        initial.update(share_articles_5_8=current.share_articles_5_8, share_article_9=current.share_article_9,
                       min_article_10=current.min_article_10, basis=current.basis)
    form = CoverageRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rule = services.coverage_rule_set(actor=request.user, data=services.CoverageRuleData(
                effective_from=d["effective_from"], share_articles_5_8=d["share_articles_5_8"],
                share_article_9=d["share_article_9"], min_article_10=d["min_article_10"], basis=d["basis"]))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Đã lưu quy định tỷ lệ khóa học được đánh giá từ {rule.effective_from:%d/%m/%Y}.")
            back = request.POST.get("next", "")
            return redirect(back if back.startswith("/danh-gia/co-so/") else "evaluation:coverage_rule")
    return render(request, "evaluation/coverage_rule.html", {
        "form": form, "rules": selectors.coverage_rules(), "current": current,
        "next": request.GET.get("next", request.POST.get("next", "")), "nav": "evaluation"},
        status=422 if form.errors else 200)


@requires(Perm.VIEW_EVALUATIONS)
def provider_year_report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    provider = selectors.provider_for(request.user, code)
    summary = selectors.evaluation_summary(request.scope, year, provider)
    if not summary.providers:
        raise Http404("Không có lớp nào của cơ sở trong năm.")
    return _download(documents.docx(documents.provider_year_report(summary.providers[0])),
                     f"danh-gia-{provider.code}-{year}.docx")


def _after_answer(request: HttpRequest) -> str:
    """Where a respondent goes back to: their own page, the instructor's page, the unit's list."""
    scope = request.scope
    if scope.can(Perm.OWN_PAGE):
        return "portal:home"
    if scope.can(Perm.TEACHING_PAGE):
        return "portal:teaching"
    return "evaluation:employer_forms"


@requires(Perm.ANSWER_EFFECTIVENESS)
def employer_forms(request: HttpRequest) -> HttpResponse:
    """The effectiveness forms the officer's units answer as employing units, one per learner of
    theirs: open ones not yet returned first, then all of them (50 a page)."""
    from django.core.paginator import Paginator

    today = timezone.localdate()
    forms = selectors.forms_of_employer(request.user)
    waiting = list(forms.filter(submitted_at__isnull=True, part__opens_on__lte=today, part__closes_on__gte=today)[:200])
    page = Paginator(forms, 50).get_page(request.GET.get("trang"))
    rows = [(f, services.part_is_open(f.part, today)) for f in page]
    return render(request, "evaluation/employer_forms.html", {
        "waiting": waiting, "page": page, "rows": rows, "nav": "evaluation"})


@requires(Perm.ANSWER_EVALUATIONS)
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A respondent's own form (a learner's, an instructor's, or an effectiveness form of the
    officer's unit about one of its learners), one indicator per row, 1–10 as a select (phone-sized)."""
    form = selectors.own_form(request.user, pk)
    template = form.part.template
    indicators = list(template.indicators.select_related("criterion").order_by("order"))
    current = dict(form.answers.values_list("indicator_id", "score"))
    scale = list(range(template.scale_min, template.scale_max + 1))
    status = 200
    if request.method == "POST":
        scores: dict[int, int | None] = {}
        bad = False
        for ind in indicators:
            raw = request.POST.get(f"i{ind.pk}", "").strip()
            if raw and (not raw.isdigit() or int(raw) not in scale):
                bad = True
            scores[ind.pk] = int(raw) if raw.isdigit() and int(raw) in scale else None
        comment = request.POST.get("comment", "")[:2000]
        if bad:
            messages.error(request, f"Điểm phải là số nguyên từ {scale[0]} đến {scale[-1]}.")
        else:
            try:
                services.form_submit(actor=request.user, form=form, scores=scores, comment=comment)
            except ValidationError as exc:
                messages.error(request, "; ".join(exc.messages))
            else:
                form.refresh_from_db()
                messages.success(request, "Đã ghi phiếu của bạn." if form.valid else
                                 "Đã ghi phiếu, nhưng phiếu bỏ trống quá 5% số chỉ số nên chưa hợp lệ.")
                return redirect(_after_answer(request))
        current = {k: v for k, v in scores.items() if v is not None}
        status = 422
    rows = [(ind, current.get(ind.pk)) for ind in indicators]
    return render(request, "evaluation/answer.html", {
        "form": form, "template": template, "rows": rows, "scale": scale, "is_open": services.part_is_open(form.part),
        "back": _after_answer(request), "nav": "portal" if request.scope.can(Perm.OWN_PAGE) else "evaluation"},
        status=status)
