"""Accounts from the web: Sở Nội vụ manages every account, an agency officer those of their units
(officer and learner accounts only). Someone else's account reads as a missing one (404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts import services
from apps.accounts.access import requires
from apps.accounts.forms import AccountForm, PasswordResetForm
from apps.accounts.models import Role
from apps.accounts.permissions import Perm
from apps.core.http import posted


def _account_or_404(request: HttpRequest, username: str):
    user = services.accounts_visible_to(request.user).filter(username=username).first()
    if user is None:
        raise Http404("Không tìm thấy tài khoản.")
    return user


def _refused(form, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@requires(Perm.MANAGE_USERS)
def account_list(request: HttpRequest) -> HttpResponse:
    users = services.accounts_visible_to(request.user).order_by("username")
    query, role = request.GET.get("q", "").strip(), request.GET.get("vai_tro", "")
    if query:
        users = users.filter(Q(username__icontains=query) | Q(first_name__icontains=query)
                             | Q(profile__unit__name__icontains=query) | Q(profile__person__code__iexact=query))
    if role in Role.values:
        users = users.filter(profile__role=role)
    page = Paginator(users, 50).get_page(request.GET.get("trang"))
    return render(request, "accounts/account_list.html", {"page": page, "query": query, "role": role,
                                                          "roles": Role.choices, "nav": "accounts"})


@require_http_methods(["GET", "POST"])
@never_cache
@requires(Perm.MANAGE_USERS)
def account_create(request: HttpRequest) -> HttpResponse:
    form = AccountForm(posted(request), actor=request.user)
    password = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.user_create(actor=request.user, username=d["username"], password=None, role=d["role"],
                                        full_name=d["full_name"], email=d["email"], unit=d["unit"],
                                        person=d["person"], instructor=d["instructor"])
            password = services.user_reset_password(actor=request.user, user=user)
        except (ValidationError, PermissionDenied) as exc:
            _refused(form, exc)
        else:
            return render(request, "accounts/password_shown.html",
                          {"account": user, "password": password, "created": True, "nav": "accounts"})
    return render(request, "accounts/account_form.html", {"form": form, "title": "Tạo tài khoản", "nav": "accounts"},
                  status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@requires(Perm.MANAGE_USERS)
def account_edit(request: HttpRequest, username: str) -> HttpResponse:
    account = _account_or_404(request, username)
    profile = account.profile
    initial = {"username": account.username, "full_name": account.first_name, "email": account.email,
               "role": profile.role, "unit": profile.unit_id, "is_active": account.is_active,
               "person_code": profile.person.code if profile.person else "", "instructor": profile.instructor_id}
    form = AccountForm(posted(request), actor=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.user_update(actor=request.user, user=account, role=d["role"], full_name=d["full_name"],
                                 email=d["email"], unit=d["unit"], person=d["person"], is_active=d["is_active"],
                                 instructor=d["instructor"])
        except (ValidationError, PermissionDenied) as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"Đã lưu tài khoản {account.username}.")
            return redirect("accounts:account_list")
    return render(request, "accounts/account_form.html", {
        "form": form, "title": f"Tài khoản {account.username}", "account": account,
        "reset_form": PasswordResetForm(), "nav": "accounts"}, status=422 if form.errors else 200)


@require_POST
@never_cache
@requires(Perm.MANAGE_USERS)
def account_reset_password(request: HttpRequest, username: str) -> HttpResponse:
    account = _account_or_404(request, username)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            password = services.user_reset_password(actor=request.user, user=account,
                                                    password=form.cleaned_data["password"] or None)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("accounts:account_edit", username=account.username)
        generated = None if form.cleaned_data["password"] else password  # a typed one is not shown back
        return render(request, "accounts/password_shown.html",
                      {"account": account, "password": generated, "created": False, "nav": "accounts"})
    return redirect("accounts:account_edit", username=account.username)
