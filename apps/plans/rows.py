"""Plan data (the validated file) ⇄ model rows. Pure conversion, no writes.

``plan_fields(data)`` and ``child_rows(data)`` give what ``services.plan_load`` stores;
``plan_to_data(plan)`` reads a stored plan back into file data (``planfile.dump`` writes it).
Tree sections (contents, tasks and solutions, roadmap) are flattened in pre-order: each row
carries ``order`` (its key within the plan) and ``parent_order``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.plans import deadlines

TREE_SECTIONS = {"contents": "contents", "solutions": "tasks_and_solutions", "tasks": "roadmap"}


def plan_fields(data: dict) -> dict[str, Any]:
    objectives = data.get("objectives") or {}
    return {
        "title": data["title"], "issuing_body": data["issuing_body"], "number": data.get("number", ""),
        "issued_on": dt.date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None,
        "place": data.get("place", ""), "status": data.get("status", "draft"),
        "period_start": dt.date.fromisoformat(data["period"]["start"]),
        "period_end": dt.date.fromisoformat(data["period"]["end"]),
        "preamble": data.get("preamble", ""), "general_objective": objectives.get("general", ""),
        "funding_basis": (data.get("funding") or {}).get("basis", ""),
        "previous_review": data.get("review") or {},
    }


def _flatten(items: list[dict], row, parent: int | None = None, out: list | None = None) -> list[dict]:
    out = [] if out is None else out
    for item in items:
        order = len(out) + 1
        out.append({"order": order, "parent_order": parent, **row(item)})
        _flatten(item.get("items") or [], row, order, out)
    return out


def _content(item: dict) -> dict:
    return {"number": item.get("number", ""), "text": item["text"],
            "content_areas": sorted(item.get("content_areas") or [])}


def _solution(item: dict) -> dict:
    return {"number": item.get("number", ""), "text": item["text"]}


def _task(item: dict) -> dict:
    lead, coordinating = item.get("lead") or {}, item.get("coordinating") or {}
    deadline_text = item.get("deadline", "")
    return {
        "number": item.get("number", ""), "text": item["text"],
        "lead_units": lead.get("text", ""), "lead_unit_codes": lead.get("units", []),
        "coordinating_units": coordinating.get("text", ""), "coordinating_unit_codes": coordinating.get("units", []),
        "products": item.get("products", ""), "deadline_text": deadline_text,
        "deadline": deadlines.parse(deadline_text) if deadline_text else {},
    }


def child_rows(data: dict) -> dict[str, list[dict]]:
    """Rows per related name of Plan, each with its ``order``."""
    def numbered(items):
        return [{"order": i, "number": it.get("number", ""), "text": it["text"]} for i, it in enumerate(items, 1)]

    return {
        "legal_bases": [{"order": i, "text": t} for i, t in enumerate(data.get("legal_bases") or [], 1)],
        "groups": [{"order": i, "code": g["code"], "number": g.get("number", ""), "text": g["text"]}
                   for i, g in enumerate(data.get("groups") or [], 1)],
        "requirements": [{"order": i, "text": t} for i, t in enumerate(data.get("requirements") or [], 1)],
        "objectives": numbered((data.get("objectives") or {}).get("specific") or []),
        "targets": [{"order": i, "code": t["code"], "text": t["text"], "section": t.get("section", ""), "spec": t}
                    for i, t in enumerate(data.get("targets") or [], 1)],
        "contents": _flatten(data.get("contents") or [], _content),
        "solutions": _flatten(data.get("tasks_and_solutions") or [], _solution),
        "funding": numbered((data.get("funding") or {}).get("items") or []),
        "tasks": _flatten(data.get("roadmap") or [], _task),
    }


# --- back to data ----------------------------------------------------------------------------


def _drop_empty(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in ("", None, [], {})}


def _tree(rows: list, item) -> list[dict]:
    by_parent: dict[int | None, list] = {}
    for r in rows:
        by_parent.setdefault(r.parent_id, []).append(r)

    def build(parent_id):
        out = []
        for r in by_parent.get(parent_id, []):
            node = item(r)
            children = build(r.pk)
            if children:
                node["items"] = children
            out.append(node)
        return out

    return build(None)


def _task_data(r) -> dict:
    return _drop_empty({
        "number": r.number, "text": r.text,
        "lead": _drop_empty({"text": r.lead_units, "units": r.lead_unit_codes}),
        "coordinating": _drop_empty({"text": r.coordinating_units, "units": r.coordinating_unit_codes}),
        "products": r.products, "deadline": r.deadline_text,
    })


def _target_data(t) -> dict:
    """The stored mapping; code, text and section filled from the row when a target was made
    without a file (the mapping's own keys win)."""
    own = _drop_empty({"code": t.code, "text": t.text, "section": t.section})
    return {**own, **t.spec}


def plan_to_data(plan) -> dict:
    """The plan as file data (``planfile.dump`` writes it); loading it back changes nothing.
    Cost: one query per section (contents' areas prefetched)."""
    contents = list(plan.contents.prefetch_related("content_areas").order_by("order"))
    data = {
        "code": plan.code, "title": plan.title, "issuing_body": plan.issuing_body, "number": plan.number,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None, "place": plan.place,
        "status": plan.status,
        "period": {"start": plan.period_start.isoformat(), "end": plan.period_end.isoformat()},
        "preamble": plan.preamble,
        "review": plan.previous_review,
        "legal_bases": [r.text for r in plan.legal_bases.order_by("order")],
        "groups": [_drop_empty({"code": g.code, "number": g.number, "text": g.text}) for g in plan.groups.order_by("order")],
        "requirements": [r.text for r in plan.requirements.order_by("order")],
        "objectives": _drop_empty({
            "general": plan.general_objective,
            "specific": [_drop_empty({"number": o.number, "text": o.text}) for o in plan.objectives.order_by("order")]}),
        "targets": [_target_data(t) for t in plan.targets.order_by("order")],
        "contents": _tree(contents, lambda r: _drop_empty({
            "number": r.number, "text": r.text,
            "content_areas": sorted(a.code for a in r.content_areas.all())})),
        "tasks_and_solutions": _tree(list(plan.solutions.order_by("order")),
                                     lambda r: _drop_empty({"number": r.number, "text": r.text})),
        "funding": _drop_empty({"basis": plan.funding_basis,
                                "items": [_drop_empty({"number": f.number, "text": f.text})
                                          for f in plan.funding.order_by("order")]}),
        "roadmap": _tree(list(plan.tasks.order_by("order")), _task_data),
    }
    return {k: v for k, v in data.items() if v not in ("", [], {}) or k in ("issued_on",)}
