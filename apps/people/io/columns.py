"""The columns of the people spreadsheet: one list shared by import, export and the template.

Headers are matched loosely on import (case, diacritics and spacing ignored), so "ma can bo"
finds "Mã cán bộ"; the export and the template always write the exact headers below.
"""

from __future__ import annotations

from apps.core.tabular import Column, header_index, header_key
from apps.people.models import Dimension

__all__ = ["Column", "header_key", "COLUMNS", "HEADERS", "BY_KEY", "REQUIRED", "BY_HEADER_KEY"]

CODE = Column("code", "Mã cán bộ", True, "Mã định danh hồ sơ, duy nhất; dùng để nhận ra hồ sơ đã có.")
FULL_NAME = Column("full_name", "Họ và tên", True, "Họ, chữ đệm và tên, có dấu.")
GENDER = Column("gender", "Giới tính", True, "Nam hoặc Nữ.")
BIRTH_DATE = Column("birth_date", "Ngày sinh", True, "dd/mm/yyyy, ví dụ 17/05/1985.")
ETHNICITY = Column("ethnicity", "Dân tộc", True, "Tên dân tộc (54 dân tộc), ví dụ Kinh, Khmer.")
NATIONAL_ID = Column("national_id", "Số CCCD", False, "Đúng 12 chữ số; không trùng với hồ sơ khác.")
UNIT = Column("unit", "Mã đơn vị", True, "Mã đơn vị đang hoạt động trong phạm vi quản lý (xem danh sách bên dưới).")
CATEGORY = Column("category", "Đối tượng", True, "Cán bộ, Công chức, Viên chức hoặc Người hoạt động không chuyên trách cấp xã.")
JOINED_ON = Column("joined_on", "Ngày vào cơ quan", True, "dd/mm/yyyy; là ngày bắt đầu quá trình công tác của hồ sơ mới.")
RANK = Column("rank", "Mã ngạch/chức danh", False, "Mã ngạch công chức hoặc chức danh nghề nghiệp (xem danh sách).")
POSITION = Column("position", "Mã chức vụ", False, "Mã chức vụ lãnh đạo, quản lý (xem danh sách); để trống nếu không có.")
POSITION_APPOINTED_ON = Column("position_appointed_on", "Ngày bổ nhiệm chức vụ", False,
                               "dd/mm/yyyy; bắt buộc khi có chức vụ mới.")
JOB_POSITION = Column("job_position", "Vị trí việc làm", False, "Tên vị trí việc làm.")
SUCCESSION = Column("in_succession_plan", "Quy hoạch", False, "Có hoặc Không (để trống là Không).")
EFFECTIVE_ON = Column("effective_on", "Hiệu lực từ", False,
                      "dd/mm/yyyy; ngày các thay đổi về đơn vị, ngạch, chức vụ… có hiệu lực "
                      "(để trống: hôm nay). Cũng là ngày đạt của trình độ mới nhập.")
MAJOR = Column("major", "Chuyên ngành", False, "Chuyên ngành của trình độ chuyên môn.")
LANGUAGE = Column("language", "Thứ tiếng dân tộc", False, "Ví dụ Khmer; đi kèm cột Tiếng dân tộc thiểu số.")

STATUS = Column("status", "Trạng thái", False,
                "Đang công tác, Nghỉ hưu, Thôi việc hoặc Chuyển công tác (ra ngoài tỉnh); để trống là "
                "giữ nguyên. Đổi sang Nghỉ hưu, Thôi việc, Chuyển công tác thì cần Ngày trạng thái.")
STATUS_ON = Column("status_on", "Ngày trạng thái", False,
                   "dd/mm/yyyy; ngày đầu tiên không còn công tác (nghỉ hưu, thôi việc, chuyển đi từ ngày này).")

# People's Council seats: numbered groups of four columns, one group per seat ("HĐND 1: nhiệm kỳ",
# "HĐND 1: cấp", "HĐND 1: từ ngày", "HĐND 1: đến ngày", then "HĐND 2: …"). The export and the
# template write SEAT_GROUPS groups (more when someone holds more seats); the import reads up to
# MAX_SEAT_GROUPS.
SEAT_GROUPS = 2
MAX_SEAT_GROUPS = 6
SEAT_PARTS = {
    "term": ("nhiệm kỳ", "Nhiệm kỳ HĐND, ví dụ 2021-2026 hoặc 2026-2031."),
    "level": ("cấp", "Tỉnh, Huyện hoặc Xã (HĐND cấp đó nơi người này công tác), hoặc mã đơn vị của HĐND "
                     "(ví dụ HDND) khi cấp chưa đủ để biết là HĐND nào."),
    "from": ("từ ngày", "dd/mm/yyyy; ngày bắt đầu là đại biểu (bắt buộc khi có nhiệm kỳ)."),
    "to": ("đến ngày", "dd/mm/yyyy; ngày cuối cùng là đại biểu; để trống nếu đang là đại biểu."),
}


def seat_column(n: int, part: str) -> Column:
    word, help_text = SEAT_PARTS[part]
    if part == "term" and n == 1:
        help_text += (" Mỗi ghế đại biểu HĐND một nhóm 4 cột (HĐND 1, HĐND 2, … thêm nhóm nếu cần); một người có "
                      "thể là đại biểu nhiều HĐND, nhiều nhiệm kỳ. Khi tệp có các cột HĐND, các nhóm trên "
                      "một dòng là toàn bộ ghế của người đó: ghế đã có mà không ghi sẽ bị xóa.")
    return Column(f"seat{n}:{part}", f"HĐND {n}: {word}", False, help_text)


def seat_columns(groups: int) -> list[Column]:
    return [seat_column(n, part) for n in range(1, groups + 1) for part in SEAT_PARTS]


QUALIFICATION_HELP = "Tên hoặc mã trình độ (xem danh sách); chỉ ghi nhận khi cao hơn trình độ đang có."


def _dimension_column(dimension: Dimension) -> Column:
    return Column(f"q:{dimension.value}", str(dimension.label), False, QUALIFICATION_HELP)


DIMENSION_COLUMNS = {d.value: _dimension_column(d) for d in Dimension}

COLUMNS: list[Column] = [
    CODE, FULL_NAME, GENDER, BIRTH_DATE, ETHNICITY, NATIONAL_ID, UNIT, CATEGORY, JOINED_ON,
    RANK, POSITION, POSITION_APPOINTED_ON, JOB_POSITION, SUCCESSION, EFFECTIVE_ON,
]
for _dimension in Dimension:
    COLUMNS.append(DIMENSION_COLUMNS[_dimension.value])
    if _dimension == Dimension.PROFESSIONAL:
        COLUMNS.append(MAJOR)
    elif _dimension == Dimension.ETHNIC_LANGUAGE:
        COLUMNS.append(LANGUAGE)

COLUMNS += [STATUS, STATUS_ON]
BASE_COLUMNS = list(COLUMNS)
COLUMNS += seat_columns(SEAT_GROUPS)


def columns_with_seats(groups: int) -> list[Column]:
    """The export's columns when someone holds ``groups`` seats (never fewer than SEAT_GROUPS)."""
    return BASE_COLUMNS + seat_columns(max(groups, SEAT_GROUPS))


HEADERS = [c.header for c in COLUMNS]
BY_KEY = {c.key: c for c in BASE_COLUMNS + seat_columns(MAX_SEAT_GROUPS)}
REQUIRED = [c for c in COLUMNS if c.required]


# Extra spellings users write in their own sheets.
_ALIASES = {
    "Mã CB": CODE, "Họ tên": FULL_NAME, "CCCD": NATIONAL_ID, "Số căn cước": NATIONAL_ID,
    "Số căn cước công dân": NATIONAL_ID, "Ngạch": RANK, "Mã ngạch": RANK, "Chức vụ": POSITION,
    "Trình độ chuyên môn": DIMENSION_COLUMNS[Dimension.PROFESSIONAL.value],
    "Chuyên môn": DIMENSION_COLUMNS[Dimension.PROFESSIONAL.value],
    "Tiếng dân tộc": DIMENSION_COLUMNS[Dimension.ETHNIC_LANGUAGE.value],
    "Tình trạng": STATUS, "Từ ngày (trạng thái)": STATUS_ON,
}
BY_HEADER_KEY: dict[str, Column] = header_index(BASE_COLUMNS + seat_columns(MAX_SEAT_GROUPS), _ALIASES)
