"""Default standards loaded by migration 0002, every one marked ``is_configurable_default``: the
figures are our reading of the texts named in ``legal_basis`` and must be checked against the
originals (and the province's own decisions) before they are relied on. Sở Nội vụ edits them with
``standard_update`` or ``dtbd standards load``. What each default rests on, what could and could not
be checked, and the doubts still open: ``docs/standards-sources.md``.

Sources named (document, date, article read):

- Ranks (công chức hành chính) 01.001–01.004, to 31/07/2021: Thông tư 11/2014/TT-BNV ngày
  09/10/2014, as amended by Thông tư 05/2017/TT-BNV (for chuyên viên, khoản 3 Điều 1: QLNN
  certificate of the rank, foreign language bậc 2 of the 6-level framework of Thông tư
  01/2014/TT-BGDĐT, IT skills chuẩn cơ bản of Thông tư 03/2014/TT-BTTTT). Only that clause was
  read, as quoted by a secondary source; the other ranks and the effective date are not checked.
- The same ranks from 01/08/2021: Thông tư 2/2021/TT-BNV ngày 11/6/2021, which we read as dropping
  both certificates and keeping the degree, the state-management fostering of the rank and, for
  the senior ranks, political theory. Not checked (the text was not found in the sources
  searched), nor its amendment Thông tư 06/2024/TT-BNV.
- Leadership positions: Quy định 214-QĐ/TW ngày 02/01/2020 (khung tiêu chuẩn chức danh) and the
  provincial rules for department- and unit-level leaders (Quy định 89-QĐ/TW is the framework
  usually cited for those). Not checked.
- Professional titles of public employees (teachers: mầm non, tiểu học, THCS, THPT hạng I–III;
  doctors: bác sĩ cao cấp, chính, bác sĩ): Thông tư 01–04/2021/TT-BGDĐT and Thông tư liên tịch
  10/2015/TTLT-BYT-BNV (``TITLE_STANDARDS``). Not checked except the doctors' circular's date.
- Commune key officials: Quyết định 04/2004/QĐ-BNV ngày 16/01/2004, then Nghị định 33/2023/NĐ-CP
  ngày 10/6/2023 (from 01/08/2023). Not checked.

``load`` upserts by standard code and leaves alone a standard Sở Nội vụ has confirmed (one whose
``is_configurable_default`` was cleared), so a later data migration that corrects these figures by
calling it again cannot overwrite the province's own reading. It never deletes a standard: a
migration dropping a code must close or remove that row itself.
"""

from __future__ import annotations

import datetime as dt

D = dt.date

TT11_2014 = ("TT11-2014", D(2014, 12, 25), D(2021, 7, 31),
             "Thông tư 11/2014/TT-BNV ngày 09/10/2014 của Bộ Nội vụ (tiêu chuẩn nghiệp vụ chuyên môn ngạch công chức chuyên ngành hành chính)")
TT2_2021 = ("TT2-2021", D(2021, 8, 1), None,
            "Thông tư 2/2021/TT-BNV ngày 11/6/2021 của Bộ Nội vụ (mã số, tiêu chuẩn chuyên môn, nghiệp vụ ngạch công chức chuyên ngành hành chính)")
QD214 = ("QD214", D(2020, 1, 2), None,
         "Quy định 214-QĐ/TW ngày 02/01/2020 của Ban Chấp hành Trung ương (khung tiêu chuẩn chức danh) và quy định của UBND tỉnh về tiêu chuẩn chức danh lãnh đạo, quản lý")
QD04_2004 = ("QD04-2004", D(2004, 2, 1), D(2023, 7, 31),
             "Quyết định 04/2004/QĐ-BNV ngày 16/01/2004 của Bộ Nội vụ (tiêu chuẩn cụ thể đối với cán bộ, công chức xã, phường, thị trấn)")
ND33_2023 = ("ND33-2023", D(2023, 8, 1), None,
             "Nghị định 33/2023/NĐ-CP ngày 10/6/2023 của Chính phủ (cán bộ, công chức cấp xã)")

# Requirement shorthands: {dimension: level code}.
UNI = {"chuyen_mon": "dai_hoc"}

# (rank code, basis, requirements, required fostering family)
RANK_STANDARDS = [
    ("01.001", TT11_2014, {**UNI, "ly_luan_chinh_tri": "cao_cap", "quan_ly_nha_nuoc": "chuyen_vien_cao_cap",
                           "tin_hoc": "co_ban", "ngoai_ngu": "bac_4"}, ""),
    ("01.001", TT2_2021, {**UNI, "ly_luan_chinh_tri": "cao_cap", "quan_ly_nha_nuoc": "chuyen_vien_cao_cap"}, ""),
    ("01.002", TT11_2014, {**UNI, "ly_luan_chinh_tri": "trung_cap", "quan_ly_nha_nuoc": "chuyen_vien_chinh",
                           "tin_hoc": "co_ban", "ngoai_ngu": "bac_3"}, ""),
    ("01.002", TT2_2021, {**UNI, "ly_luan_chinh_tri": "trung_cap", "quan_ly_nha_nuoc": "chuyen_vien_chinh"}, ""),
    ("01.003", TT11_2014, {**UNI, "quan_ly_nha_nuoc": "chuyen_vien", "tin_hoc": "co_ban", "ngoai_ngu": "bac_2"}, ""),
    ("01.003", TT2_2021, {**UNI, "quan_ly_nha_nuoc": "chuyen_vien"}, ""),
    ("01.004", TT11_2014, {"chuyen_mon": "cao_dang", "tin_hoc": "co_ban", "ngoai_ngu": "bac_1"}, ""),
    ("01.004", TT2_2021, {"chuyen_mon": "trung_cap"}, ""),
]

SENIOR = {**UNI, "ly_luan_chinh_tri": "cao_cap"}
DEPT_LEADER = {**UNI, "ly_luan_chinh_tri": "trung_cap", "quan_ly_nha_nuoc": "chuyen_vien"}
UNIT_LEADER = {**UNI, "ly_luan_chinh_tri": "trung_cap"}

# (position code, basis, requirements, required fostering family)
POSITION_STANDARDS = [
    ("CT_UBND_TINH", QD214, {**SENIOR, "quan_ly_nha_nuoc": "chuyen_vien_cao_cap"}, "chuc_vu"),
    ("PCT_UBND_TINH", QD214, {**SENIOR, "quan_ly_nha_nuoc": "chuyen_vien_cao_cap"}, "chuc_vu"),
    ("GD_SO", QD214, {**SENIOR, "quan_ly_nha_nuoc": "chuyen_vien_chinh"}, "chuc_vu"),
    ("PGD_SO", QD214, {**SENIOR, "quan_ly_nha_nuoc": "chuyen_vien_chinh"}, "chuc_vu"),
    ("CT_UBND_HUYEN", QD214, {**SENIOR, "quan_ly_nha_nuoc": "chuyen_vien_chinh"}, "chuc_vu"),
    ("PCT_UBND_HUYEN", QD214, {**SENIOR, "quan_ly_nha_nuoc": "chuyen_vien_chinh"}, "chuc_vu"),
    ("TRUONG_PHONG", QD214, DEPT_LEADER, "chuc_vu"),
    ("PHO_TRUONG_PHONG", QD214, DEPT_LEADER, "chuc_vu"),
    ("GD_DVSN", QD214, UNIT_LEADER, "chuc_vu"),
    ("PGD_DVSN", QD214, UNIT_LEADER, "chuc_vu"),
    ("HIEU_TRUONG", QD214, UNIT_LEADER, "chuc_vu"),
    ("PHO_HIEU_TRUONG", QD214, UNIT_LEADER, "chuc_vu"),
    ("TRUONG_KHOA", QD214, UNIT_LEADER, "chuc_vu"),
    *[(code, QD04_2004, {"chuyen_mon": "trung_cap", "ly_luan_chinh_tri": "trung_cap"}, "")
      for code in ("BI_THU_XA", "PBT_XA", "CT_HDND_XA", "CT_UBND_XA", "PCT_UBND_XA")],
    *[(code, ND33_2023, {**UNI, "ly_luan_chinh_tri": "trung_cap"}, "")
      for code in ("BI_THU_XA", "PBT_XA", "CT_HDND_XA", "CT_UBND_XA", "PCT_UBND_XA")],
]

# --- professional titles of public employees (chức danh nghề nghiệp viên chức) -------------------
# Teachers: one circular per school level, all dated 02/02/2021; doctors: the joint circular of
# 27/05/2015 (its date read from a public list of the Ministry's texts, vnio.vn; nothing else in
# it was read). What each default rests on and what is unverified: docs/standards-sources.md,
# "Professional titles". The alternatives the texts allow (bác sĩ chuyên khoa I/II beside thạc
# sĩ/tiến sĩ, a degree "or higher" in a related field) cannot be expressed: a requirement is one
# minimum level per dimension.
TT01_2021 = ("TT01-2021", D(2021, 3, 20), None,
             "Thông tư 01/2021/TT-BGDĐT ngày 02/02/2021 của Bộ Giáo dục và Đào tạo (mã số, tiêu chuẩn chức danh nghề nghiệp giáo viên mầm non công lập)")
TT02_2021 = ("TT02-2021", D(2021, 3, 20), None,
             "Thông tư 02/2021/TT-BGDĐT ngày 02/02/2021 của Bộ Giáo dục và Đào tạo (mã số, tiêu chuẩn chức danh nghề nghiệp giáo viên tiểu học công lập)")
TT03_2021 = ("TT03-2021", D(2021, 3, 20), None,
             "Thông tư 03/2021/TT-BGDĐT ngày 02/02/2021 của Bộ Giáo dục và Đào tạo (mã số, tiêu chuẩn chức danh nghề nghiệp giáo viên trung học cơ sở công lập)")
TT04_2021 = ("TT04-2021", D(2021, 3, 20), None,
             "Thông tư 04/2021/TT-BGDĐT ngày 02/02/2021 của Bộ Giáo dục và Đào tạo (mã số, tiêu chuẩn chức danh nghề nghiệp giáo viên trung học phổ thông công lập)")
TTLT10_2015 = ("TTLT10-2015", D(2015, 7, 15), None,
               "Thông tư liên tịch 10/2015/TTLT-BYT-BNV ngày 27/05/2015 của Bộ Y tế và Bộ Nội vụ (mã số, tiêu chuẩn chức danh nghề nghiệp bác sĩ, bác sĩ y học dự phòng, y sĩ)")

# Titles the seeded catalogue lacks (the hạng I of lower and upper secondary, mầm non I and II).
EXTRA_TITLES = [
    ("V.07.02.24", "Giáo viên mầm non hạng I", "vien_chuc", 1),
    ("V.07.02.25", "Giáo viên mầm non hạng II", "vien_chuc", 2),
    ("V.07.04.30", "Giáo viên trung học cơ sở hạng I", "vien_chuc", 1),
    ("V.07.05.13", "Giáo viên trung học phổ thông hạng I", "vien_chuc", 1),
]

TITLE = "ngach_chuc_danh"  # the fostering family: bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp
CD = {"chuyen_mon": "cao_dang"}
MASTER = {"chuyen_mon": "thac_si"}
DOCTOR = {"chuyen_mon": "tien_si"}

# (title code, basis, requirements, required fostering family, status in docs/standards-sources.md)
TITLE_STANDARDS = [
    ("V.07.02.24", TT01_2021, UNI, TITLE),
    ("V.07.02.25", TT01_2021, UNI, TITLE),
    ("V.07.02.26", TT01_2021, CD, TITLE),
    ("V.07.03.27", TT02_2021, UNI, TITLE),
    ("V.07.03.28", TT02_2021, UNI, TITLE),
    ("V.07.03.29", TT02_2021, UNI, TITLE),
    ("V.07.04.30", TT03_2021, UNI, TITLE),
    ("V.07.04.31", TT03_2021, UNI, TITLE),
    ("V.07.04.32", TT03_2021, UNI, TITLE),
    ("V.07.05.13", TT04_2021, MASTER, TITLE),
    ("V.07.05.14", TT04_2021, UNI, TITLE),
    ("V.07.05.15", TT04_2021, UNI, TITLE),
    ("V.08.01.01", TTLT10_2015, DOCTOR, TITLE),
    ("V.08.01.02", TTLT10_2015, MASTER, TITLE),
    ("V.08.01.03", TTLT10_2015, UNI, ""),
]

DEFAULT_NOTE = "Số liệu mặc định do dtbd nạp sẵn, cần đối chiếu với văn bản gốc trước khi sử dụng."


def load(Standard, StandardRequirement, Rank, Position, QualificationLevel) -> None:
    """Insert or update every default standard (keyed by code); safe to run again. Takes model
    classes so the migration can pass its historical models. Skips ranks or positions missing
    from the catalogue, and standards Sở Nội vụ has confirmed (``is_configurable_default`` false):
    those are the province's, not ours to overwrite."""
    levels = {(lv.dimension, lv.code): lv for lv in QualificationLevel.objects.all()}
    for model, field, prefix, title, rows in (
        (Rank, "rank", "NGACH", "Tiêu chuẩn ngạch", RANK_STANDARDS),
        (Position, "position", "CHUCVU", "Tiêu chuẩn chức vụ", POSITION_STANDARDS),
        (Rank, "rank", "CDNN", "Tiêu chuẩn chức danh nghề nghiệp", TITLE_STANDARDS),
    ):
        subjects = {s.code: s for s in model.objects.all()}
        for subject_code, (basis_code, start, end, basis), requirements, fostering in rows:
            subject = subjects.get(subject_code)
            code = f"{prefix}-{subject_code}-{basis_code}"
            if subject is None or Standard.objects.filter(code=code, is_configurable_default=False).exists():
                continue
            standard, _ = Standard.objects.update_or_create(
                code=code,
                defaults={"name": f"{title} {subject.name} ({basis.split(' ngày')[0]})", field: subject,
                          "effective_from": start, "effective_to": end, "legal_basis": basis,
                          "required_fostering": fostering, "is_configurable_default": True,
                          "note": DEFAULT_NOTE},
            )
            StandardRequirement.objects.filter(standard=standard).exclude(dimension__in=requirements).delete()
            for dimension, level_code in requirements.items():
                StandardRequirement.objects.update_or_create(
                    standard=standard, dimension=dimension, defaults={"min_level": levels[(dimension, level_code)]})


def add_titles(Rank) -> None:
    """The professional titles ``TITLE_STANDARDS`` names that the catalogue lacks (idempotent)."""
    for code, name, category, tier in EXTRA_TITLES:
        Rank.objects.get_or_create(code=code, defaults={"name": name, "category": category, "tier": tier})
