"""The columns of the classes file and of the enrollments (results) file, one list per file
shared by import, export and the template. Headers are matched loosely on import (case,
diacritics and spacing ignored); exports and templates write the exact headers below."""

from __future__ import annotations

from apps.core.tabular import Column, header_index
from apps.training.models import FundingSource

DATE_HELP = "dd/mm/yyyy, ví dụ 15/03/2025."
MONEY_HELP = "Số tiền (đồng), số nguyên, ví dụ 12.500.000; để trống là 0."

# --- classes ------------------------------------------------------------------------------------

CLASS_CODE = Column("code", "Mã lớp", True, "Mã lớp, duy nhất; dùng để nhận ra lớp đã có.")
CLASS_NAME = Column("name", "Tên lớp", False, "Để trống: dùng tên chương trình.")
PROGRAMME = Column("programme", "Mã chương trình", True, "Mã chương trình đào tạo, bồi dưỡng (xem danh sách).")
PROVIDER = Column("provider", "Mã cơ sở đào tạo", True, "Mã cơ sở đào tạo, bồi dưỡng (xem danh sách).")
ORGANISER = Column("organiser", "Mã đơn vị tổ chức", True, "Mã đơn vị tổ chức lớp, trong phạm vi quản lý của bạn.")
FORM = Column("form", "Hình thức", True, "Tập trung, Bán tập trung, Vừa làm vừa học, Từ xa, Trực tuyến.")
START = Column("start_date", "Từ ngày", True, DATE_HELP)
END = Column("end_date", "Đến ngày", True, DATE_HELP + " Không trước Từ ngày.")
HOURS = Column("hours", "Số tiết", False, "Số tiết (giờ) của lớp, số nguyên.")
COUNTRY = Column("country", "Quốc gia", False, "Để trống hoặc “Việt Nam” nếu học trong nước.")
PLACE = Column("place", "Địa điểm", False, "Nơi học.")
CAPACITY = Column("capacity", "Số học viên tối đa", False, "Số nguyên; để trống là không giới hạn.")
CLASS_STATUS = Column("status", "Trạng thái lớp", False, "Dự kiến, Đang học, Đã kết thúc, Đã hủy (để trống: Dự kiến).")


def planned_key(source: str) -> str:
    return f"planned:{source}"


def actual_key(source: str) -> str:
    return f"actual:{source}"


PLANNED = {s.value: Column(planned_key(s.value), f"Dự toán - {s.label}", False, MONEY_HELP) for s in FundingSource}
ACTUAL = {s.value: Column(actual_key(s.value), f"Thực chi - {s.label}", False,
                          MONEY_HELP.replace("để trống là 0", "để trống là chưa quyết toán"))
          for s in FundingSource}

CLASS_COLUMNS: list[Column] = [
    CLASS_CODE, CLASS_NAME, PROGRAMME, PROVIDER, ORGANISER, FORM, START, END, HOURS, COUNTRY, PLACE,
    CAPACITY, CLASS_STATUS, *PLANNED.values(), *ACTUAL.values(),
]
CLASS_BY_HEADER_KEY = header_index(CLASS_COLUMNS, {
    "Tên": CLASS_NAME, "Chương trình": PROGRAMME, "Cơ sở đào tạo": PROVIDER, "Mã cơ sở": PROVIDER,
    "Đơn vị tổ chức": ORGANISER, "Ngày khai giảng": START, "Ngày bắt đầu": START, "Ngày kết thúc": END,
    "Số giờ": HOURS, "Trạng thái": CLASS_STATUS,
})
CLASS_REQUIRED = [c for c in CLASS_COLUMNS if c.required]

# --- enrollments --------------------------------------------------------------------------------

E_CLASS = Column("class", "Mã lớp", True, "Mã lớp đã có trong hệ thống (xem danh sách).")
PERSON = Column("person", "Mã cán bộ", True, "Mã hồ sơ của học viên, trong phạm vi quản lý của bạn.")
FULL_NAME = Column("full_name", "Họ và tên", False, "Chỉ để đối chiếu khi đọc; không được nhập vào hồ sơ.")
STATUS = Column("status", "Trạng thái", True, "Đăng ký, Đang học, Hoàn thành, Không đạt hoặc Thôi học.")
RESULT = Column("result", "Kết quả", False, "Xếp loại hoặc điểm, ví dụ Giỏi, 8,5.")
CERTIFICATE = Column("certificate_number", "Số văn bằng/chứng chỉ", False, "Chỉ ghi khi Hoàn thành.")
CERTIFICATE_DATE = Column("certificate_date", "Ngày cấp", False, DATE_HELP + " Chỉ ghi khi Hoàn thành.")
HOURS_ATTENDED = Column("hours_attended", "Số tiết tham dự", False, "Số nguyên, không quá số tiết của lớp.")
COMPLETED_ON = Column("completed_on", "Ngày hoàn thành", False, DATE_HELP + " Bắt buộc khi Hoàn thành.")


def cost_key(source: str) -> str:
    return f"cost:{source}"


COSTS = {s.value: Column(cost_key(s.value), f"Kinh phí - {s.label}", False, MONEY_HELP) for s in FundingSource}

ENROLLMENT_COLUMNS: list[Column] = [
    E_CLASS, PERSON, FULL_NAME, STATUS, RESULT, CERTIFICATE, CERTIFICATE_DATE, HOURS_ATTENDED, COMPLETED_ON,
    *COSTS.values(),
]
ENROLLMENT_BY_HEADER_KEY = header_index(ENROLLMENT_COLUMNS, {
    "Mã CB": PERSON, "Họ tên": FULL_NAME, "Xếp loại": RESULT, "Số văn bằng": CERTIFICATE,
    "Số chứng chỉ": CERTIFICATE, "Số văn bằng, chứng chỉ": CERTIFICATE, "Số tiết": HOURS_ATTENDED,
})
ENROLLMENT_REQUIRED = [c for c in ENROLLMENT_COLUMNS if c.required]
