"""Reference catalogues loaded by migration 0002: content areas and delivery forms named by the
seed plan, and the reimbursement rules of Decree 101/2017 and Decree 171/2025. Administrators edit
and extend them; code depends on an entry only through its code (and on rules only as data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

# (code, name); the list order is the display order.
CONTENT_AREAS = [
    ("ly_luan_chinh_tri", "Lý luận chính trị"),
    ("quan_ly_nha_nuoc", "Quản lý nhà nước"),
    ("phap_luat", "Kiến thức pháp luật"),
    ("dao_duc", "Đạo đức công vụ, đạo đức nghề nghiệp"),
    ("van_hoa_cong_so", "Văn hóa công sở"),
    ("ky_nang_thuc_thi", "Kỹ năng, phương pháp thực thi công vụ"),
    ("chuyen_mon_nghiep_vu", "Chuyên môn, nghiệp vụ chuyên ngành"),
    ("quoc_phong_an_ninh", "Quốc phòng – an ninh"),
    ("hoi_nhap_quoc_te", "Hội nhập quốc tế"),
    ("tin_hoc", "Tin học"),
    ("ngoai_ngu", "Ngoại ngữ"),
    ("tieng_dan_toc", "Tiếng dân tộc thiểu số"),
    ("lanh_dao_quan_ly", "Kỹ năng lãnh đạo, quản lý"),
    ("dai_bieu_hdnd", "Kỹ năng hoạt động đại biểu HĐND"),
    ("chuyen_doi_so", "Kỹ năng số, chuyển đổi số"),
]

# (code, name, is_full_time)
DELIVERY_FORMS = [
    ("tap_trung", "Tập trung", True),
    ("ban_tap_trung", "Bán tập trung", False),
    ("vua_lam_vua_hoc", "Vừa làm vừa học", False),
    ("tu_xa", "Từ xa", False),
    ("truc_tuyen", "Trực tuyến", False),
]

ALL_CATEGORIES = ["can_bo", "cong_chuc", "vien_chuc", "khong_chuyen_trach"]
STATE_SOURCES = ["ngan_sach_trung_uong", "ngan_sach_dia_phuong", "kinh_phi_co_quan"]

# Each rule: its fields, and per cause (method, share). Figures marked is_configurable_default are
# sensible defaults an administrator must check against the decree's text.
REIMBURSEMENT_RULES = [
    {
        "name": "Đền bù chi phí đào tạo theo Nghị định 101/2017",
        "legal_basis": "Nghị định 101/2017/NĐ-CP, Điều 7–8",
        "categories": ALL_CATEGORIES,
        "effective_from": dt.date(2017, 9, 1),
        "commitment_multiplier": Decimal(2),
        "reimbursable_sources": STATE_SOURCES,
        "is_configurable_default": False,
        "note": "Cam kết phục vụ ít nhất gấp 02 lần thời gian đào tạo. Chưa phục vụ đủ: đền bù "
                "S = F × (T1 − T2) / T1 (T1 tháng cam kết, T2 tháng đã phục vụ). Bỏ học, thôi học "
                "hoặc không được cấp văn bằng: đền bù 100% chi phí.",
        "causes": {
            "left_service": ("pro_rata", Decimal(1)),
            "quit_course": ("full", Decimal(1)),
            "no_degree": ("full", Decimal(1)),
        },
    },
    {
        "name": "Đền bù chi phí đào tạo công chức theo Nghị định 171/2025",
        "legal_basis": "Nghị định 171/2025/NĐ-CP",
        "categories": ["cong_chuc"],
        "effective_from": dt.date(2025, 7, 1),
        "commitment_multiplier": Decimal(3),
        "reimbursable_sources": STATE_SOURCES,
        "is_configurable_default": True,
        "note": "Số liệu mặc định (cam kết gấp 03 lần thời gian đào tạo; các trường hợp bỏ học, "
                "không được cấp văn bằng đền bù 100%), cần đối chiếu văn bản trước khi sử dụng.",
        "causes": {
            "left_service": ("pro_rata", Decimal(1)),
            "quit_course": ("full", Decimal(1)),
            "no_degree": ("full", Decimal(1)),
        },
    },
]


def load(ContentArea, DeliveryForm, ReimbursementRule, ReimbursementRuleCause) -> None:
    """Insert or update every entry; safe to run again. Takes model classes so migrations can
    pass their historical models."""
    for order, (code, name) in enumerate(CONTENT_AREAS, start=1):
        ContentArea.objects.update_or_create(code=code, defaults={"name": name, "order": order * 10})
    for order, (code, name, full_time) in enumerate(DELIVERY_FORMS, start=1):
        DeliveryForm.objects.update_or_create(code=code, defaults={"name": name, "is_full_time": full_time,
                                                                   "order": order * 10})
    for spec in REIMBURSEMENT_RULES:
        fields = {k: v for k, v in spec.items() if k not in ("legal_basis", "causes")}
        rule, _ = ReimbursementRule.objects.update_or_create(legal_basis=spec["legal_basis"], defaults=fields)
        for cause, (method, share) in spec["causes"].items():
            ReimbursementRuleCause.objects.update_or_create(rule=rule, cause=cause,
                                                            defaults={"method": method, "share": share})
