from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from apps.accounts import throttle
from apps.accounts.access import SYSTEM, requires
from apps.accounts.permissions import Perm
from apps.core.audit import audit_write
from apps.core.models import AuditEntry


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's sign-in, throttled per account and per address (``throttle``); every failure and
    every refused attempt goes to the audit log with the user name and address, never a password."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username, ip = request.POST.get("username", "")[:150], throttle.client_ip(request)
        lock = throttle.lock_for(username, ip)
        if lock.seconds:
            _audit_sign_in(AuditEntry.Action.LOGIN_BLOCKED, username, ip, f"chờ {lock.seconds} giây")
            form = self.get_form()
            return self.render_to_response(self.get_context_data(form=form, lock_message=lock.message),
                                           status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        throttle.record_success(form.get_user().get_username())
        return super().form_valid(form)

    def get_default_redirect_url(self):
        """A learner lands on their own page (/cua-toi/), an instructor on theirs; everyone else on
        LOGIN_REDIRECT_URL."""
        return own_landing(self.request.user) or super().get_default_redirect_url()

    def form_invalid(self, form):
        username, ip = self.request.POST.get("username", "")[:150], throttle.client_ip(self.request)
        lock = throttle.record_failure(username, ip)
        _audit_sign_in(AuditEntry.Action.LOGIN_FAILED, username, ip,
                       f"tạm khóa {lock.seconds} giây" if lock.seconds else "")
        return self.render_to_response(self.get_context_data(form=form), status=200)


def own_landing(user) -> str | None:
    """The page a signed-in user starts on when it is not the people list: the learner's own page,
    the instructor's (who reads no one's record), a provider's class list. None for everyone else."""
    from django.urls import reverse

    from apps.accounts.access import scope_of

    if not getattr(user, "is_authenticated", False):
        return None
    scope = scope_of(user)
    if scope.is_system:
        return None
    if scope.can(Perm.OWN_PAGE):
        return reverse("portal:home")
    if scope.can(Perm.TEACHING_PAGE) and not scope.can(Perm.VIEW_PEOPLE):
        return reverse("portal:teaching")
    if not scope.can(Perm.VIEW_PEOPLE) and scope.can(Perm.VIEW_CLASSES):  # a provider: its classes
        return reverse("training:class_list")
    return None


def home(request: HttpRequest) -> HttpResponse:
    """/ : the people list (scoped: a learner's holds their own record), or the instructor's page
    for an instructor, who reads no one's record, or a provider's classes."""
    from django.shortcuts import redirect

    landing = own_landing(request.user)
    return redirect(landing if landing and not request.scope.can(Perm.OWN_PAGE) else "people:list")


def _audit_sign_in(action: str, username: str, ip: str, note: str) -> None:
    audit_write(actor=SYSTEM, action=action, target_type="login",
                changes={"tài khoản": [None, username], "địa chỉ": [None, ip]}, note=note)


@requires(Perm.VIEW_AUDIT_LOG)
def audit_log(request: HttpRequest) -> HttpResponse:
    """The whole audit log: Department of Home Affairs only."""
    entries = AuditEntry.objects.select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("trang"))
    return render(request, "accounts/audit_log.html", {"page": page, "nav": "audit"})
