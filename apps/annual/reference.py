"""The default rate table (định mức chi), loaded by migration 0002. The amounts are placeholders of
the shape a People's Council resolution gives (Circular 36/2018/TT-BTC lists what may be paid);
Sở Nội vụ replaces them with the province's own resolution (the ``legal_basis`` of each row)."""

BASIS = ("Nghị quyết của HĐND tỉnh quy định mức chi đào tạo, bồi dưỡng cán bộ, công chức, viên chức "
         "(theo Thông tư 36/2018/TT-BTC; mức cấu hình, cần đối chiếu nghị quyết của tỉnh)")

# (code, name, basis, amount, funding source, full-time only)
RATES = [
    ("to_chuc_lop", "Tổ chức lớp: hội trường, khai giảng, bế giảng, văn phòng phẩm", "per_class", 5_000_000,
     "ngan_sach_dia_phuong", False),
    ("giang_vien", "Thù lao giảng viên, báo cáo viên", "per_class_day", 2_400_000, "ngan_sach_dia_phuong", False),
    ("tai_lieu", "Tài liệu học tập", "per_learner", 100_000, "ngan_sach_dia_phuong", False),
    ("tien_an", "Hỗ trợ tiền ăn trong thời gian học tập trung", "per_learner_day", 100_000, "ngan_sach_dia_phuong",
     True),
    ("di_lai", "Hỗ trợ một lượt đi và về", "per_learner", 200_000, "kinh_phi_co_quan", True),
    ("cho_o", "Hỗ trợ tiền thuê chỗ ở", "per_learner_day", 150_000, "kinh_phi_co_quan", True),
]


def load(RateItem) -> None:
    import datetime as dt

    for order, (code, name, basis, amount, source, full_time) in enumerate(RATES, start=1):
        RateItem.objects.update_or_create(code=code, valid_from=dt.date(2018, 1, 1), defaults={
            "name": name, "basis": basis, "amount": amount, "funding_source": source, "full_time_only": full_time,
            "legal_basis": BASIS, "order": order * 10})
