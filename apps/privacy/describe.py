"""How an access entry reads to people: the viewer, the filter in Vietnamese."""

from __future__ import annotations

from apps.privacy.models import AccessEntry

FILTER_LABELS = {
    "q": "tìm", "don_vi": "đơn vị", "doi_tuong": "đối tượng", "trang_thai": "trạng thái",
    "ke_hoach": "kế hoạch", "chi_tieu": "chỉ tiêu", "ngay": "ngày", "lop": "lớp", "luot": "lượt học",
    "dinh_dang": "định dạng", "trang": "trang",
    "nguoi_dung": "người dùng", "ma_can_bo": "mã cán bộ", "loai": "loại", "tu_ngay": "từ ngày",
    "den_ngay": "đến ngày",
}


def _value_labels() -> dict[str, dict[str, str]]:
    from apps.people.models import Category, Status

    return {"trang_thai": dict(Status.choices), "doi_tuong": dict(Category.choices),
            "loai": dict(AccessEntry.Kind.choices)}


def filter_text(entry: AccessEntry) -> str:
    """The filter in Vietnamese: "tìm: hong; đơn vị: SYT; trạng thái: Đang công tác"."""
    labels = _value_labels()
    return "; ".join(f"{FILTER_LABELS.get(k, k)}: {labels.get(k, {}).get(v, v)}"
                     for k, v in (entry.filters or {}).items())


def viewer_name(entry: AccessEntry) -> str:
    user = entry.user
    if user is None:
        return "Hệ thống"
    return user.get_full_name() or user.username


def viewer_role(entry: AccessEntry) -> str:
    profile = getattr(entry.user, "profile", None) if entry.user else None
    return profile.get_role_display() if profile else ""


def viewer_unit(entry: AccessEntry) -> str:
    profile = getattr(entry.user, "profile", None) if entry.user else None
    unit = profile.unit if profile else None
    return unit.name if unit else ""
