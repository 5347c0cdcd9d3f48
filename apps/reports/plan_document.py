"""The plan file as the Kế hoạch officials sign (Decree 30/2020): the stored plan's sections in
order — căn cứ, I. mục đích, yêu cầu; II. đối tượng; III. mục tiêu (with the targets' wording);
IV. nội dung; V. nhiệm vụ và giải pháp; VI. kinh phí; VII. tổ chức thực hiện — and the roadmap
as an annex table (TT, nội dung, chủ trì, phối hợp, sản phẩm, thời gian). Reads: the plan's child
rows (one query each)."""

from __future__ import annotations

from typing import Any

from apps.accounts.access import scope_of
from apps.documents.nd30 import (
    Annex,
    Bullet,
    Heading,
    OfficialDocument,
    Para,
    Signer,
    Table,
    render_docx,
    render_pdf,
)
from apps.plans.models import Plan


class PlanDocumentError(ValueError):
    pass


def _abbreviation(body: str) -> str:
    return "UBND" if "nhân dân" in body.lower() or body.upper().startswith("UBND") else "SNV"


def _tree(rows: list[Any], parent: int | None = None, level: int = 2) -> list[Any]:
    out: list[Any] = []
    for row in [r for r in rows if r.parent_id == parent]:
        number = (row.number or "").strip()
        if level == 2 and number and number != "-":
            out.append(Heading(f"{number}. {row.text}", level=2))
        elif number == "-" or not number:
            out.append(Bullet(row.text) if number == "-" else Para(row.text))
        else:
            out.append(Para(f"{number}) {row.text}"))
        out += _tree(rows, row.pk, level + 1)
    return out


def _roadmap(plan: Plan) -> Annex | None:
    tasks = list(plan.tasks.order_by("order"))
    if not tasks:
        return None
    depth: dict[int, int] = {}
    for t in tasks:
        depth[t.pk] = depth.get(t.parent_id, -1) + 1 if t.parent_id else 0
    rows = [[t.number, ("   " * depth[t.pk]) + t.text, t.lead_units, t.coordinating_units, t.products, t.deadline_text]
            for t in tasks]
    table = Table(header=[["TT", "Nội dung thực hiện", "Chủ trì", "Phối hợp", "Hoạt động, sản phẩm", "Thời gian hoàn thành"]],
                  rows=rows, widths_mm=[12, 90, 35, 45, 40, 35], size=10)
    reference = f"(Kèm theo Kế hoạch số {plan.number or '…'} của {plan.issuing_body})"
    return Annex(title="PHỤ LỤC", subtitle="LỘ TRÌNH THỰC HIỆN KẾ HOẠCH", reference=reference, blocks=[table])


def plan_document(plan: Plan) -> OfficialDocument:
    blocks: list[Any] = []
    if plan.legal_bases.exists():
        blocks += [Para(f"Căn cứ {b.text.removeprefix('Căn cứ ').strip()}" if not b.text.startswith("Căn cứ") else b.text)
                   for b in plan.legal_bases.all()]
    if plan.preamble:
        blocks.append(Para(plan.preamble))
    blocks.append(Heading("I. MỤC ĐÍCH, YÊU CẦU"))
    blocks += [Bullet(r.text) for r in plan.requirements.all()] or [Para("(Không ghi.)")]
    if plan.groups.exists():
        blocks.append(Heading("II. ĐỐI TƯỢNG"))
        blocks += [Para(f"{g.number}. {g.text}" if g.number else g.text) for g in plan.groups.all()]
    blocks.append(Heading("III. MỤC TIÊU"))
    if plan.general_objective:
        blocks += [Heading("1. Mục tiêu chung", level=2), Para(plan.general_objective)]
    objectives = list(plan.objectives.all())
    targets = list(plan.targets.order_by("order"))
    if objectives or targets:
        blocks.append(Heading("2. Mục tiêu cụ thể", level=2))
        blocks += [Para(f"{o.number}) {o.text}" if o.number else o.text) for o in objectives]
        if targets and not objectives:
            blocks += [Bullet(t.text) for t in targets]
    contents = list(plan.contents.order_by("order"))
    if contents:
        blocks.append(Heading("IV. NỘI DUNG ĐÀO TẠO, BỒI DƯỠNG"))
        blocks += _tree(contents)
    solutions = list(plan.solutions.order_by("order"))
    if solutions:
        blocks.append(Heading("V. NHIỆM VỤ VÀ GIẢI PHÁP"))
        blocks += _tree(solutions)
    funding = list(plan.funding.all())
    if plan.funding_basis or funding:
        blocks.append(Heading("VI. KINH PHÍ THỰC HIỆN"))
        if plan.funding_basis:
            blocks.append(Para(plan.funding_basis))
        blocks += [Para(f"{f.number}. {f.text}" if f.number else f.text) for f in funding]
    blocks.append(Heading("VII. TỔ CHỨC THỰC HIỆN"))
    blocks.append(Para("Các cơ quan, đơn vị thực hiện theo lộ trình tại Phụ lục kèm theo Kế hoạch này."))
    body = plan.issuing_body
    annex = _roadmap(plan)
    return OfficialDocument(
        kind="KẾ HOẠCH", summary=plan.title.removeprefix("Kế hoạch ").strip()[:1].upper() + plan.title.removeprefix("Kế hoạch ").strip()[1:],
        number=plan.number or "", issuing_body=body.upper(), place=plan.place or "Sóc Trăng", date=plan.issued_on,
        year=plan.period_start.year - 1 if plan.issued_on is None else None, blocks=blocks,
        annexes=[annex] if annex else [], recipients=["Các Sở, ban, ngành tỉnh", "UBND các xã, phường", "Lưu: VT"],
        signer=Signer(title="CHỦ TỊCH", authority="TM. ỦY BAN NHÂN DÂN" if _abbreviation(body) == "UBND" else ""))


def plan_document_bytes(actor, code: str, fmt: str = "docx") -> bytes:
    """Everyone signed in reads plans (as the plan pages); the actor is still required."""
    scope_of(actor)
    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        raise PlanDocumentError(f"Không có kế hoạch mã “{code}”.")
    doc = plan_document(plan)
    return render_pdf(doc) if fmt == "pdf" else render_docx(doc)
