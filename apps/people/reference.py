"""Reference catalogues loaded by migration 0002: the 54 ethnic groups (codes of the General
Statistics Office list), qualification levels per dimension, common ranks and positions.
Administrators extend them; nothing in code depends on an entry other than through its code."""

ETHNICITIES = [
    "Kinh", "Tày", "Thái", "Hoa", "Khmer", "Mường", "Nùng", "Mông", "Dao", "Gia Rai", "Ngái", "Ê Đê",
    "Ba Na", "Xơ Đăng", "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Raglay", "Xtiêng",
    "Bru - Vân Kiều", "Thổ", "Giáy", "Cơ Tu", "Giẻ Triêng", "Mạ", "Khơ Mú", "Co", "Tà Ôi", "Chơ Ro",
    "Kháng", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "La Ha", "Phù Lá", "La Hủ", "Lự",
    "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La", "Pu Péo", "Brâu", "Ơ Đu",
    "Rơ Măm",
]

# (dimension, code, name, rank, is_legacy); rank orders levels within a dimension.
QUALIFICATION_LEVELS = [
    ("chuyen_mon", "so_cap", "Sơ cấp", 1, False),
    ("chuyen_mon", "trung_cap", "Trung cấp", 2, False),
    ("chuyen_mon", "cao_dang", "Cao đẳng", 3, False),
    ("chuyen_mon", "dai_hoc", "Đại học", 4, False),
    ("chuyen_mon", "thac_si", "Thạc sĩ", 5, False),
    ("chuyen_mon", "tien_si", "Tiến sĩ", 6, False),
    ("ly_luan_chinh_tri", "so_cap", "Sơ cấp", 1, False),
    ("ly_luan_chinh_tri", "trung_cap", "Trung cấp", 2, False),
    ("ly_luan_chinh_tri", "cao_cap", "Cao cấp", 3, False),
    ("ly_luan_chinh_tri", "cu_nhan", "Cử nhân", 3, False),
    ("quan_ly_nha_nuoc", "chuyen_vien", "Chuyên viên", 1, False),
    ("quan_ly_nha_nuoc", "chuyen_vien_chinh", "Chuyên viên chính", 2, False),
    ("quan_ly_nha_nuoc", "chuyen_vien_cao_cap", "Chuyên viên cao cấp", 3, False),
    ("quoc_phong_an_ninh", "doi_tuong_4", "Đối tượng 4", 1, False),
    ("quoc_phong_an_ninh", "doi_tuong_3", "Đối tượng 3", 2, False),
    ("quoc_phong_an_ninh", "doi_tuong_2", "Đối tượng 2", 3, False),
    ("quoc_phong_an_ninh", "doi_tuong_1", "Đối tượng 1", 4, False),
    ("tin_hoc", "a", "Chứng chỉ A (cũ)", 1, True),
    ("tin_hoc", "b", "Chứng chỉ B (cũ)", 2, True),
    ("tin_hoc", "co_ban", "Ứng dụng CNTT cơ bản", 2, False),
    ("tin_hoc", "c", "Chứng chỉ C (cũ)", 3, True),
    ("tin_hoc", "nang_cao", "Ứng dụng CNTT nâng cao", 3, False),
    ("ngoai_ngu", "a", "Chứng chỉ A (cũ)", 1, True),
    ("ngoai_ngu", "bac_1", "Bậc 1", 1, False),
    ("ngoai_ngu", "b", "Chứng chỉ B (cũ)", 2, True),
    ("ngoai_ngu", "bac_2", "Bậc 2", 2, False),
    ("ngoai_ngu", "c", "Chứng chỉ C (cũ)", 3, True),
    ("ngoai_ngu", "bac_3", "Bậc 3", 3, False),
    ("ngoai_ngu", "bac_4", "Bậc 4", 4, False),
    ("ngoai_ngu", "bac_5", "Bậc 5", 5, False),
    ("ngoai_ngu", "bac_6", "Bậc 6", 6, False),
    ("tieng_dan_toc", "su_dung", "Sử dụng được", 1, False),
    ("tieng_dan_toc", "thong_thao", "Thông thạo", 2, False),
]

# (code, name, category, tier)
RANKS = [
    ("01.001", "Chuyên viên cao cấp", "cong_chuc", 1),
    ("01.002", "Chuyên viên chính", "cong_chuc", 2),
    ("01.003", "Chuyên viên", "cong_chuc", 3),
    ("01.004", "Cán sự", "cong_chuc", 4),
    ("01.005", "Nhân viên", "cong_chuc", 5),
    ("06.030", "Kế toán viên chính", "cong_chuc", 2),
    ("06.031", "Kế toán viên", "cong_chuc", 3),
    ("13.095", "Thanh tra viên", "cong_chuc", 3),
    ("V.07.03.27", "Giáo viên tiểu học hạng I", "vien_chuc", 1),
    ("V.07.03.28", "Giáo viên tiểu học hạng II", "vien_chuc", 2),
    ("V.07.03.29", "Giáo viên tiểu học hạng III", "vien_chuc", 3),
    ("V.07.04.31", "Giáo viên trung học cơ sở hạng II", "vien_chuc", 2),
    ("V.07.04.32", "Giáo viên trung học cơ sở hạng III", "vien_chuc", 3),
    ("V.07.05.14", "Giáo viên trung học phổ thông hạng II", "vien_chuc", 2),
    ("V.07.05.15", "Giáo viên trung học phổ thông hạng III", "vien_chuc", 3),
    ("V.07.02.26", "Giáo viên mầm non hạng III", "vien_chuc", 3),
    ("V.08.01.01", "Bác sĩ cao cấp (hạng I)", "vien_chuc", 1),
    ("V.08.01.02", "Bác sĩ chính (hạng II)", "vien_chuc", 2),
    ("V.08.01.03", "Bác sĩ (hạng III)", "vien_chuc", 3),
    ("V.08.05.12", "Điều dưỡng hạng III", "vien_chuc", 3),
    ("V.08.05.13", "Điều dưỡng hạng IV", "vien_chuc", 4),
    ("V.10.01.03", "Phát thanh viên hạng III", "vien_chuc", 3),
    ("V.05.02.07", "Kỹ sư (hạng III)", "vien_chuc", 3),
]

# (code, name, is_leadership, is_key_commune, order)
POSITIONS = [
    ("CT_UBND_TINH", "Chủ tịch UBND tỉnh", True, False, 1),
    ("PCT_UBND_TINH", "Phó Chủ tịch UBND tỉnh", True, False, 2),
    ("GD_SO", "Giám đốc Sở", True, False, 10),
    ("PGD_SO", "Phó Giám đốc Sở", True, False, 11),
    ("CT_UBND_HUYEN", "Chủ tịch UBND huyện", True, False, 20),
    ("PCT_UBND_HUYEN", "Phó Chủ tịch UBND huyện", True, False, 21),
    ("TRUONG_PHONG", "Trưởng phòng", True, False, 30),
    ("PHO_TRUONG_PHONG", "Phó Trưởng phòng", True, False, 31),
    ("GD_DVSN", "Giám đốc đơn vị sự nghiệp", True, False, 40),
    ("PGD_DVSN", "Phó Giám đốc đơn vị sự nghiệp", True, False, 41),
    ("HIEU_TRUONG", "Hiệu trưởng", True, False, 42),
    ("PHO_HIEU_TRUONG", "Phó Hiệu trưởng", True, False, 43),
    ("TRUONG_KHOA", "Trưởng khoa", True, False, 44),
    ("BI_THU_XA", "Bí thư Đảng ủy xã", True, True, 50),
    ("PBT_XA", "Phó Bí thư Đảng ủy xã", True, True, 51),
    ("CT_HDND_XA", "Chủ tịch HĐND xã", True, True, 52),
    ("CT_UBND_XA", "Chủ tịch UBND xã", True, True, 53),
    ("PCT_UBND_XA", "Phó Chủ tịch UBND xã", True, True, 54),
    ("CT_MTTQ_XA", "Chủ tịch Ủy ban MTTQ xã", True, False, 55),
]


def load(Ethnicity, QualificationLevel, Rank, Position) -> None:
    """Insert or update every entry; safe to run again. Takes model classes so migrations can
    pass their historical models."""
    for i, name in enumerate(ETHNICITIES, start=1):
        Ethnicity.objects.update_or_create(code=f"{i:02d}", defaults={"name": name})
    for dimension, code, name, rank, legacy in QUALIFICATION_LEVELS:
        QualificationLevel.objects.update_or_create(
            dimension=dimension, code=code, defaults={"name": name, "rank": rank, "is_legacy": legacy}
        )
    for code, name, category, tier in RANKS:
        Rank.objects.update_or_create(code=code, defaults={"name": name, "category": category, "tier": tier})
    for code, name, leadership, key, order in POSITIONS:
        Position.objects.update_or_create(
            code=code, defaults={"name": name, "is_leadership": leadership, "is_key_commune": key, "order": order}
        )
