"""Targets that are a part of another ("…, trong đó 25–30 người ở nước ngoài"): ``part_of`` names
the parent target and the narrower filter; the part counts the same population with the same
measure as its parent, narrowed by the keys it gives (docs/target-language.md, "part_of").

``expand(spec, specs)`` returns the part's full spec (population and measure filled from the
parent, the part's keys replacing the parent's), ``specs`` being every target of the plan by code;
a spec without ``part_of`` comes back unchanged. Pure: no query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apps.targets.context import TargetError

PART_KEYS = {"target", "population", "training"}


def parent_code(spec: dict) -> str | None:
    part = spec.get("part_of")
    if part is None:
        return None
    if isinstance(part, str):
        return part
    if isinstance(part, dict) and isinstance(part.get("target"), str):
        return part["target"]
    raise TargetError("part_of: cần dạng {target: MÃ_CHỈ_TIÊU, population: {…}, training: {…}}.")


def expand(spec: dict, specs: Mapping[str, dict] | None, _seen: frozenset[str] = frozenset()) -> dict:
    """The effective spec of ``spec``: itself, or, for a part, its parent's population and measure
    narrowed by the part's ``population`` and ``training`` keys (the part's keys win)."""
    code = parent_code(spec)
    if code is None or "measure" in spec:  # not a part, or expanded already
        return spec
    part: dict[str, Any] = spec["part_of"] if isinstance(spec["part_of"], dict) else {"target": code}
    unknown = set(part) - PART_KEYS
    if unknown:
        raise TargetError(f"part_of: khóa không hợp lệ “{', '.join(sorted(unknown))}”.")
    if specs is None:
        raise TargetError(f"part_of: chỉ tiêu là một phần của chỉ tiêu “{code}”, "
                          "phải đánh giá cùng các chỉ tiêu của kế hoạch.")
    if code in _seen or code not in specs:
        reason = "vòng lặp part_of" if code in _seen else f"không có chỉ tiêu mã “{code}”"
        raise TargetError(f"part_of.target: {reason}.")
    parent = expand(specs[code], specs, _seen | {code})
    population = {**(parent.get("population") or {}), **(part.get("population") or {})}
    measure = dict(parent.get("measure") or {})
    if part.get("training"):
        measure["training"] = {**(measure.get("training") or {}), **part["training"]}
    expanded = {**spec, "population": population, "measure": measure}
    if "deadline" not in spec and "deadline" in parent:
        expanded["deadline"] = parent["deadline"]
    return expanded


def plan_specs(plan) -> dict[str, dict]:
    """{code: spec} of every target of ``plan`` (one query)."""
    return dict(plan.targets.values_list("code", "spec"))


def effective_spec(target) -> dict:
    """A PlanTarget's spec ready for the engine and the gap list (parts expanded)."""
    if not target.spec.get("part_of"):
        return target.spec
    return expand(target.spec, plan_specs(target.plan))


def nested(targets: list[dict]) -> list[tuple[dict, int]]:
    """(target result, depth) in plan order, each part ("trong đó", ``part_of``) right after its
    parent and its earlier parts; a part whose parent is missing stays where it is."""
    codes = {t["code"] for t in targets}
    parts: dict[str, list[dict]] = {}
    for t in targets:
        if t.get("part_of") in codes and t["part_of"] != t["code"]:
            parts.setdefault(t["part_of"], []).append(t)
    out: list[tuple[dict, int]] = []
    seen: set[str] = set()

    def emit(target: dict, depth: int) -> None:
        if target["code"] in seen:
            return
        seen.add(target["code"])
        out.append((target, depth))
        for part in parts.get(target["code"], []):
            emit(part, depth + 1)

    for t in targets:
        if t.get("part_of") not in codes:
            emit(t, 0)
    for t in targets:  # parts in a loop (refused by the loader) still show, at the top level
        emit(t, 0)
    return out
