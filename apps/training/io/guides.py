"""The blank import files with their "Hướng dẫn" sheet: the columns and the codes the user may use."""

from __future__ import annotations

from apps.core.tabular import XLSX, ExportFile, GuideSection, template_workbook
from apps.core.vn import format_date
from apps.organization.models import Unit
from apps.organization.selectors import units_visible_to
from apps.training.io import columns as C
from apps.training.models import (
    ClassStatus,
    DeliveryForm,
    EnrollmentStatus,
    FundingSource,
    Programme,
    Provider,
)
from apps.training.selectors import classes_visible_to

KEYED_BY = ("Tệp có bất kỳ dòng lỗi nào sẽ không được nhập (thông báo ghi rõ dòng, cột và lý do); "
            "nhập lại cùng một tệp không làm thay đổi gì.")


def _catalogue_sections() -> list[GuideSection]:
    return [
        ("Chương trình", ["Mã", "Tên"], Programme.objects.filter(active=True).values_list("code", "name")),
        ("Cơ sở đào tạo, bồi dưỡng", ["Mã", "Tên"], Provider.objects.filter(active=True).values_list("code", "name")),
        ("Hình thức", ["Mã", "Tên"], DeliveryForm.objects.filter(active=True).values_list("code", "name")),
        ("Trạng thái lớp", ["Mã", "Tên"], ClassStatus.choices),
        ("Nguồn kinh phí", ["Mã", "Tên"], FundingSource.choices),
    ]


def classes_template(*, actor) -> ExportFile:
    units = Unit.objects.current().filter(pk__in=units_visible_to(actor).values("pk"))
    content = template_workbook(
        columns=C.CLASS_COLUMNS, title="Hướng dẫn nhập danh sách lớp đào tạo, bồi dưỡng",
        intro="Mỗi dòng của trang “Danh sách” là một lớp, nhận diện theo Mã lớp: mã mới thì thêm lớp, "
              "mã đã có thì cập nhật những gì khác đi. " + KEYED_BY,
        sections=[("Đơn vị tổ chức (trong phạm vi quản lý của bạn)", ["Mã", "Tên đơn vị"],
                   units.values_list("code", "name")), *_catalogue_sections()])
    return ExportFile("mau-nhap-lop.xlsx", XLSX, content)


def enrollments_template(*, actor) -> ExportFile:
    classes = (classes_visible_to(actor).order_by("-start_date", "code")
               .values_list("code", "name", "programme__name", "start_date", "end_date")[:500])
    content = template_workbook(
        columns=C.ENROLLMENT_COLUMNS, title="Hướng dẫn nhập kết quả đào tạo, bồi dưỡng",
        intro="Mỗi dòng của trang “Danh sách” là một học viên trong một lớp, nhận diện theo Mã lớp và Mã cán "
              "bộ: cặp mới thì ghi danh, cặp đã có thì cập nhật kết quả. Trạng thái Hoàn thành ghi trình độ "
              "chương trình cấp vào hồ sơ của học viên (không bao giờ hạ trình độ đang có). " + KEYED_BY,
        sections=[
            ("Lớp (trong phạm vi của bạn, 500 lớp mới nhất)", ["Mã lớp", "Tên lớp", "Chương trình", "Từ ngày",
                                                               "Đến ngày"],
             ((code, name, programme, format_date(start), format_date(end))
              for code, name, programme, start, end in classes)),
            ("Trạng thái", ["Mã", "Tên"], EnrollmentStatus.choices),
            ("Nguồn kinh phí", ["Mã", "Tên"], FundingSource.choices),
        ])
    return ExportFile("mau-nhap-ket-qua.xlsx", XLSX, content)
