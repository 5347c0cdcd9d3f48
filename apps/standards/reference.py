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
