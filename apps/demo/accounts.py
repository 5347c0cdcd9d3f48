"""The demo accounts: one per persona, all with the password ``demo-dtbd``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from apps.accounts.access import SYSTEM
from apps.accounts.services import user_create
from apps.organization.models import Unit
from apps.organization.selectors import subtree_ids
from apps.people.models import Person, Status
from apps.training.models import Provider
from apps.training.services import provider_account_link

DEMO_PASSWORD = "demo-dtbd"
LEARNER_UNIT = "BVDK"
DEMO_PROVIDER = "TCT"  # the provider account's provider (the catalogue's code)

# (username, role, unit code, display name, what the account sees)
DEMO_ACCOUNTS = [
    ("so_noi_vu", "home_affairs", None, "Chuyên viên Sở Nội vụ", "Sở Nội vụ: xem, sửa toàn tỉnh, sắp xếp tổ chức"),
    ("can_bo_so_y_te", "agency_officer", "SYT", "Cán bộ tổ chức Sở Y tế",
     "cán bộ tổ chức Sở Y tế: Sở Y tế và các đơn vị trực thuộc"),
    ("can_bo_so_giao_duc", "agency_officer", "SGD", "Cán bộ tổ chức Sở Giáo dục và Đào tạo",
     "cán bộ tổ chức Sở GD&ĐT: Sở và các trường trực thuộc"),
    ("lanh_dao", "leader", None, "Lãnh đạo UBND tỉnh", "lãnh đạo UBND tỉnh: xem toàn tỉnh, không sửa"),
    ("hoc_vien", "learner", None, "", "học viên: chỉ hồ sơ của mình"),
    ("co_so_dao_tao", "provider", None, "Trường Chính trị tỉnh Sóc Trăng",
     "cơ sở đào tạo (Trường Chính trị tỉnh): lớp của trường, kết quả học tập, giảng viên, đánh giá"),
    # made with the demo's evaluations (apps/evaluation/demo.py): an instructor of the learner's class
    ("giang_vien", "instructor", None, "", "giảng viên: lớp mình dạy, phiếu đánh giá cần trả lời"),
]
DEMO_USERNAMES = [a[0] for a in DEMO_ACCOUNTS]


def learner_person() -> Person | None:
    """The learner's record: the first (by code) working staff member of the provincial general
    hospital without a leadership post; failing that anyone working under Sở Y tế, or anyone."""
    working = Person.objects.filter(status=Status.WORKING).order_by("code")
    hospital = Unit.objects.filter(code=LEARNER_UNIT).first()
    if hospital is not None:
        person = working.filter(unit=hospital, position__isnull=True, category="vien_chuc").first()
        if person is not None:
            return person
    health = Unit.objects.filter(code="SYT").first()
    if health is not None:
        person = working.filter(unit_id__in=subtree_ids(health.pk)).first()
        if person is not None:
            return person
    return working.first()


def demo_accounts_create() -> list[str]:
    """Create the missing demo accounts; returns the usernames created. Existing ones are kept.
    The shared password is hashed once (each hash costs about half a second)."""
    existing = set(get_user_model().objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    created = []
    for username, role, unit_code, name, _ in DEMO_ACCOUNTS:
        if username in existing or role == "instructor":  # the instructor: with the evaluations
            continue
        unit = Unit.objects.get(code=unit_code) if unit_code else None
        person = learner_person() if role == "learner" else None
        if role == "learner" and person is None:
            continue
        provider = Provider.objects.filter(code=DEMO_PROVIDER).first() if role == "provider" else None
        if role == "provider" and provider is None:
            continue
        user = user_create(actor=SYSTEM, username=username, password=None, role=role,
                           full_name=name or (person.full_name if person else ""), unit=unit, person=person)
        if provider is not None:
            provider_account_link(actor=SYSTEM, user=user, provider=provider)
        created.append(username)
    if created:
        get_user_model().objects.filter(username__in=created).update(password=make_password(DEMO_PASSWORD))
    return created


def demo_accounts_lines() -> list[str]:
    """The accounts table printed at the end of ``dtbd demo`` (missing accounts are marked)."""
    from apps.accounts.models import Profile

    profiles = {p.user.username: p for p in Profile.objects.select_related("user", "person__unit", "instructor__provider")
                .filter(user__username__in=DEMO_USERNAMES)}
    lines = [f"Tài khoản mẫu (mật khẩu {DEMO_PASSWORD}), đăng nhập tại http://127.0.0.1:8000/dang-nhap/:"]
    for username, _role, _unit, _name, sees in DEMO_ACCOUNTS:
        profile = profiles.get(username)
        if profile is None:
            lines.append(f"  {username:20} (chưa có)")
            continue
        if profile.person is not None:
            sees += f" ({profile.person.full_name}, {profile.person.unit.name})"
        if profile.instructor_id:
            sees += f" ({profile.instructor.full_name}, {profile.instructor.provider.name})"
        lines.append(f"  {username:20} {sees}")
    return lines
