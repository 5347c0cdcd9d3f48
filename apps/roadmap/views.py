"""Pages of the roadmap's tasks: the list (an officer's unit's tasks; every task for Sở Nội vụ and
leaders) with htmx filters, the overdue list, a task with its history, its status and product
forms, the product download, and generating the tasks of a plan. Reads through ``selectors``,
writes through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import requires
from apps.accounts.permissions import Perm
from apps.core.http import year_param
from apps.plans.selectors import plan_for
from apps.roadmap import selectors, services
from apps.roadmap.forms import ProductForm, TaskUpdateForm

PAGE_SIZE = 50


def _filter(request: HttpRequest, **fixed) -> selectors.TaskFilter:
    get = request.GET
    values = {"plan": get.get("ke_hoach", "").strip()[:60], "year": year_param(request),
              "unit": get.get("don_vi", "").strip()[:32], "state": get.get("trang_thai", "").strip()[:10],
              "retired": get.get("thoi_theo_doi") == "1"}
    values.update(fixed)
    return selectors.TaskFilter(**values)


def _list_page(request: HttpRequest, f: selectors.TaskFilter, template: str, title: str) -> HttpResponse:
    today = timezone.localdate()
    tasks = selectors.task_list(request.user, f, today=today)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {"page": page, "f": f, "today": today, "title": title, "states": selectors.STATES,
               "counts": selectors.task_counts(request.user, f, today=today), "nav": "tasks",
               "query": request.GET.urlencode()}
    if request.headers.get("HX-Request"):
        return render(request, "roadmap/_tasks.html", context)
    context.update(selectors.filter_choices(request.user))
    if request.scope.can(Perm.MANAGE_TASKS) and template == "roadmap/list.html" and f.state != "overdue":
        from apps.plans.selectors import plan_list

        context["generate_plans"] = list(plan_list(request.user))
    return render(request, template, context)


@requires(Perm.VIEW_TASKS)
def task_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    title = "Nhiệm vụ theo lộ trình kế hoạch" if scope.sees_all else "Nhiệm vụ của đơn vị"
    return _list_page(request, _filter(request), "roadmap/list.html", title)


@requires(Perm.MANAGE_TASKS)
def overdue_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, _filter(request, state="overdue", retired=False), "roadmap/list.html",
                      "Nhiệm vụ quá hạn")


@requires(Perm.VIEW_TASKS)
def task_detail(request: HttpRequest, pk: int, *, update_form=None, product_form=None, status=200) -> HttpResponse:
    task = selectors.task_for(request.user, pk)
    scope = request.scope
    can_work = scope.can(Perm.WORK_TASKS) and task.retired_at is None
    return render(request, "roadmap/task.html", {
        "task": task, "today": timezone.localdate(), "can_work": can_work, "history": selectors.task_history(task),
        "update_form": update_form or TaskUpdateForm(initial={"status": task.status, "note": task.note}),
        "product_form": product_form or ProductForm(), "max_mb": services.max_product_bytes() // 1048576,
        "nav": "tasks"}, status=status)


def _problems(exc: ValidationError) -> list[str]:
    return [m for messages_ in (exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages])
            for m in messages_]


@require_POST
@requires(Perm.WORK_TASKS)
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for(request.user, pk)
    form = TaskUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.task_update(actor=request.user, task=task, status=form.cleaned_data["status"],
                                 note=form.cleaned_data["note"])
        except ValidationError as exc:
            for m in _problems(exc):
                form.add_error(None, m)
        else:
            messages.success(request, "Đã cập nhật nhiệm vụ.")
            return redirect(task.get_absolute_url())
    return task_detail(request, pk, update_form=form, status=422)


@require_POST
@requires(Perm.WORK_TASKS)
def task_product(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for(request.user, pk)
    form = ProductForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.task_attach_product(actor=request.user, task=task, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            for m in _problems(exc):
                form.add_error("file", m)
        else:
            messages.success(request, "Đã tải lên sản phẩm.")
            return redirect(task.get_absolute_url())
    return task_detail(request, pk, product_form=form, status=422)


@requires(Perm.VIEW_TASKS)
def product_download(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for(request.user, pk)
    if not task.product:
        raise Http404("Nhiệm vụ chưa có sản phẩm.")
    try:
        handle = task.product.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Không tìm thấy tệp sản phẩm.") from None
    response = FileResponse(handle, as_attachment=True, filename=task.product_name or "san-pham",
                            content_type=task.product_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@requires(Perm.MANAGE_TASKS)
def generate(request: HttpRequest, code: str) -> HttpResponse:
    plan = plan_for(request.user, code)
    result = services.roadmap_generate(actor=request.user, plan=plan)
    if result.changed:
        messages.success(request, f"Kế hoạch {plan.code}: {result.created} nhiệm vụ mới, {result.updated} cập nhật, "
                                  f"{result.restored} khôi phục, {result.retired} thôi theo dõi, {result.deleted} bỏ.")
    else:
        messages.info(request, f"Nhiệm vụ của kế hoạch {plan.code} đã khớp với lộ trình: không có thay đổi.")
    return redirect(f"{reverse('roadmap:list')}?ke_hoach={plan.code}")
