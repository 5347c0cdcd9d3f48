"""Paper forms through a spreadsheet: one row per numbered form, one column per indicator.

``form_sheet(actor, class, object)`` writes sheet "Phiếu" (header row 1: "Số phiếu", "Nhóm", for
the effectiveness forms "Học viên được đánh giá" (code, name and unit of the learner the employing
unit answers about), one column per indicator headed "CODE. text", "Ý kiến khác"; a row per
numbered form with the answers already recorded, blank = unanswered) and sheet "dtbd" naming the class, the campaign and the
template version. ``forms_import(actor, source)`` reads it back all or nothing: every problem is
reported as "Dòng N, cột X: …" and nothing is written unless there is none. Re-importing the same
file changes nothing; export → import → export gives the same cells.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.core.audit import audit_write
from apps.core.models import AuditEntry
from apps.core.tabular import FileRejected, ImportFailed, RowError, workbook_bytes
from apps.evaluation import services
from apps.evaluation.models import CampaignPart, Form, RespondentGroup
from apps.training.models import TrainingClass

NUMBER, GROUP, COMMENT = "Số phiếu", "Nhóm", "Ý kiến khác"
ABOUT = "Học viên được đánh giá"  # effectiveness forms: who the employing unit answers about (not read back)
META = "dtbd"
GROUP_LABELS = dict(RespondentGroup.choices)


def part_for(training_class: TrainingClass, obj: str) -> CampaignPart:
    part = (CampaignPart.objects.filter(campaign__training_class=training_class, template__object=obj)
            .select_related("template", "campaign").order_by("-campaign__number").first())
    if part is None:
        raise FileRejected(f"Lớp {training_class.code} chưa có đợt đánh giá nội dung “{obj}”.")
    return part


def form_sheet(*, actor, training_class: TrainingClass, obj: str) -> bytes:
    if not services.may_run(actor, training_class):
        raise PermissionDenied("Bạn không được tổ chức đánh giá lớp này.")
    part = part_for(training_class, obj)
    indicators = list(part.template.indicators.order_by("order"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phiếu"
    about = part.template.object == "effectiveness"
    ws.append([NUMBER, GROUP, *([ABOUT] if about else []), *[f"{i.code}. {i.text}" for i in indicators], COMMENT])
    answers: dict[int, dict[int, int]] = {}
    for form_id, ind, score in (part.forms.order_by().values_list("pk", "answers__indicator_id", "answers__score")):
        if ind is not None:
            answers.setdefault(form_id, {})[ind] = score
    for f in part.forms.order_by("number").select_related("person", "unit"):
        got = answers.get(f.pk, {})
        learner = [_learner(f)] if about else []
        ws.append([f.number, GROUP_LABELS[f.group], *learner, *[got.get(i.pk) for i in indicators], f.comment or None])
    ws.freeze_panes = "D2" if about else "C2"
    meta = wb.create_sheet(META)
    for row in (("lop", training_class.code), ("dot", part.campaign.number), ("noi_dung", obj),
                ("phien_ban", part.template.version), ("mau_id", part.template.pk)):
        meta.append(list(row))
    meta.sheet_state = "hidden"
    return workbook_bytes(wb)


def _learner(form: Form) -> str | None:
    if form.person is None:
        return None
    unit = f" – {form.unit.name}" if form.unit else ""
    return f"{form.person.code} {form.person.full_name}{unit}"


@dataclass
class FormsImported:
    class_code: str
    obj: str
    changed: int
    unchanged: int

    @property
    def summary(self) -> str:
        return f"Lớp {self.class_code}, nội dung {self.obj}: {self.changed} phiếu cập nhật, {self.unchanged} không đổi."


def _score(value: Any, lo: int, hi: int) -> int | None | str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "không phải số"
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return f"“{value}” không phải số"
    if number != int(number) or not lo <= number <= hi:
        return f"điểm phải là số nguyên từ {lo} đến {hi} (đang là “{value}”)"
    return int(number)


def forms_import(*, actor, source: bytes | str, filename: str = "") -> FormsImported:
    """Load a filled sheet all or nothing (raises ImportFailed / FileRejected / PermissionDenied)."""
    try:
        data = source if isinstance(source, bytes) else open(source, "rb").read()  # noqa: SIM115
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise FileRejected("Tệp không phải bảng tính Excel (.xlsx) nên không đọc được.") from None
    if META not in wb.sheetnames or "Phiếu" not in wb.sheetnames:
        raise FileRejected("Tệp không phải mẫu phiếu đánh giá của dtbd (thiếu trang “Phiếu” hoặc “dtbd”): "
                           "tạo mẫu bằng `dtbd evaluation template`.")
    meta = {str(k): v for k, v, *_ in wb[META].iter_rows(values_only=True) if k}
    training_class = TrainingClass.objects.filter(code=str(meta.get("lop", ""))).first()
    if training_class is None:
        raise FileRejected(f"Không có lớp mã “{meta.get('lop')}”.")
    if not services.may_run(actor, training_class):
        raise PermissionDenied("Bạn không được tổ chức đánh giá lớp này.")
    part = (CampaignPart.objects.filter(campaign__training_class=training_class, campaign__number=meta.get("dot"),
                                        template_id=meta.get("mau_id")).select_related("template", "campaign").first())
    if part is None:
        raise FileRejected("Đợt đánh giá hoặc mẫu phiếu ghi trong tệp không còn: tạo lại mẫu bằng `dtbd evaluation template`.")
    template = part.template
    by_code = dict(template.indicators.values_list("code", "pk"))
    rows = wb["Phiếu"].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    errors: list[RowError] = []
    columns: dict[int, int] = {}
    number_col = comment_col = None
    for i, h in enumerate(header):
        if h == NUMBER:
            number_col = i
        elif h == COMMENT:
            comment_col = i
        elif h in (GROUP, ABOUT) or not h:
            continue
        else:
            code = h.split(". ", 1)[0].strip()
            if code not in by_code:
                errors.append(RowError(1, h[:40], "không phải chỉ số của mẫu phiếu này"))
            else:
                columns[i] = by_code[code]
    if number_col is None:
        errors.append(RowError(1, NUMBER, "thiếu cột số phiếu"))
        raise ImportFailed(errors)
    forms = {f.number: f for f in part.forms.all()}
    seen: set[int] = set()
    wanted: list[tuple[Form, dict[int, int | None], str]] = []
    codes = {v: k for k, v in by_code.items()}
    for n, row in enumerate(rows, start=2):
        row = list(row) + [None] * (len(header) - len(row))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        raw = row[number_col]
        try:
            number = int(str(raw).strip())
        except ValueError:
            errors.append(RowError(n, NUMBER, f"“{raw}” không phải số phiếu"))
            continue
        if number not in forms:
            errors.append(RowError(n, NUMBER, f"không có phiếu số {number} trong đợt này"))
            continue
        if number in seen:
            errors.append(RowError(n, NUMBER, f"phiếu số {number} xuất hiện hai lần"))
            continue
        seen.add(number)
        scores: dict[int, int | None] = {}
        for i, ind in columns.items():
            value = _score(row[i], template.scale_min, template.scale_max)
            if isinstance(value, str):
                errors.append(RowError(n, codes[ind], value))
            else:
                scores[ind] = value
        comment = str(row[comment_col] or "").strip() if comment_col is not None else forms[number].comment
        wanted.append((forms[number], scores, comment))
    if errors:
        raise ImportFailed(errors)
    changed = 0
    with transaction.atomic():
        for form, scores, comment in wanted:
            form.part = part
            changed += services._write_answers(form, scores, comment, on_paper=True)
        if changed:
            audit_write(actor=actor, action=AuditEntry.Action.IMPORT, target=part.campaign,
                        changes={"số phiếu cập nhật": [None, changed]},
                        note=f"Phiếu giấy lớp {training_class.code}, nội dung {template.object} ({filename})"[:500])
    return FormsImported(training_class.code, template.object, changed, len(wanted) - changed)
