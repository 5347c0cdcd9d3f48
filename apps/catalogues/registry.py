"""The reference data Sở Nội vụ keeps (danh mục dùng chung), described once for pages, CLI and files.

Each :class:`Catalogue` names a model keyed by a unique ``code`` with an ``active`` flag: a
retired value (``active`` False) stays on the records that hold it — history is never rewritten —
but forms and imports no longer offer it. The columns of the list, the form, the spreadsheet and
the CLI are the model's own fields (their Vietnamese ``verbose_name`` is the header).

Programmes, providers and content areas already have their pages in ``apps.training`` (with
fields a generic form cannot hold, such as a provider's instructors): their entries point there
for adding and editing, and this app adds the list with retire, and the import and export.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from apps.people.models import Position, Rank
from apps.training.models import ContentArea, DeliveryForm, Programme, Provider


@dataclass(frozen=True)
class Catalogue:
    key: str  # URL slug and CLI name
    title: str
    model: type[models.Model]
    fields: tuple[str, ...]  # in list, form and file order; "code" first
    training_pages: str = ""  # url-name prefix of the existing training pages ("programme")
    note: str = ""

    def field(self, name: str) -> models.Field:
        return self.model._meta.get_field(name)

    def header(self, name: str) -> str:
        label = str(self.field(name).verbose_name)
        return label[:1].upper() + label[1:]

    @property
    def noun(self) -> str:
        return str(self.model._meta.verbose_name)


CATALOGUES: dict[str, Catalogue] = {c.key: c for c in (
    Catalogue("chuc-vu", "Chức vụ lãnh đạo, quản lý", Position,
              ("code", "name", "is_leadership", "is_key_commune", "order"),
              note="Ví dụ thêm “Phó Trưởng khoa” cho bệnh viện, trường học."),
    Catalogue("ngach", "Ngạch công chức, chức danh nghề nghiệp viên chức", Rank,
              ("code", "name", "category", "tier"),
              note="Mã ngạch (01.003…) và mã chức danh nghề nghiệp (V.07.01.03…), theo văn bản quy định."),
    Catalogue("chuong-trinh", "Chương trình đào tạo, bồi dưỡng", Programme,
              ("code", "name", "kind", "degree_level", "fostering_family", "content_areas", "standard_hours",
               "is_long_term", "major", "language"), training_pages="programme"),
    Catalogue("co-so", "Cơ sở đào tạo, bồi dưỡng", Provider,
              ("code", "name", "ownership", "is_foreign", "country"), training_pages="provider"),
    Catalogue("noi-dung", "Nội dung đào tạo, bồi dưỡng", ContentArea, ("code", "name", "order"),
              training_pages="content_area"),
    Catalogue("hinh-thuc", "Hình thức đào tạo, bồi dưỡng", DeliveryForm, ("code", "name", "is_full_time", "order")),
)}


def catalogue(key: str) -> Catalogue:
    from django.http import Http404

    try:
        return CATALOGUES[key]
    except KeyError:
        raise Http404("Không có danh mục này.") from None
