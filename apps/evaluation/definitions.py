"""Evaluation templates as YAML: parsing, checking and the shipped defaults.

A template file names its ``regime`` and ``object``, a ``title``, optionally ``legal_basis``,
``levels`` ([[lower bound, name], …]) and ``max_unanswered_percent``, and its ``criteria``, each
with a ``code``, a ``text`` and ``indicators`` (``code``, ``text``). Errors are Vietnamese and say
where ("Tiêu chí 2, chỉ số 3: thiếu nội dung").

The scoring rules live here too, so the tests state them by hand:

* a form is valid when at most ``max_unanswered_percent`` (5%) of its indicators are blank:
  ``blank × 100 <= total × 5`` — exactly 5% is valid, anything above is not;
* the level of an index is the last level whose lower bound the index reaches: with the default
  bounds 0, 2, 4, 6, 8 an index of exactly 2 is "Yếu", exactly 8 is "Tốt" ("từ 8 đến 10: Tốt; từ 6
  đến dưới 8: Khá; …; dưới 2: Kém").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
OBJECTS = ("programme", "learner", "instructor", "facilities", "course", "effectiveness")
REGIMES = ("tt10_2017", "tt07_2023")
DEFAULT_LEVELS: list[list[Any]] = [[0, "Kém"], [2, "Yếu"], [4, "Trung bình"], [6, "Khá"], [8, "Tốt"]]


class DefinitionError(ValueError):
    """A template's text is wrong; ``messages`` say where and why."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass
class IndicatorDef:
    code: str
    text: str


@dataclass
class CriterionDef:
    code: str
    text: str
    indicators: list[IndicatorDef] = field(default_factory=list)


@dataclass
class TemplateDef:
    regime: str
    object: str
    title: str
    legal_basis: str = ""
    levels: list[list[Any]] = field(default_factory=lambda: [list(x) for x in DEFAULT_LEVELS])
    max_unanswered_percent: Decimal = Decimal(5)
    criteria: list[CriterionDef] = field(default_factory=list)
    source: str = ""


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def parse(source: str) -> TemplateDef:
    """A template from its YAML text; raises DefinitionError with every problem found."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"Dòng {mark.line + 1}: " if mark is not None else ""
        raise DefinitionError([f"{where}nội dung YAML không đọc được ({getattr(exc, 'problem', '') or exc})."]) from None
    if not isinstance(data, dict):
        raise DefinitionError(["Nội dung phải là một bảng khóa: regime, object, title, criteria."])
    problems: list[str] = []
    regime, obj, title = _text(data.get("regime")), _text(data.get("object")), _text(data.get("title"))
    if regime not in REGIMES:
        problems.append(f"regime: “{regime}” không hợp lệ, dùng một trong {', '.join(REGIMES)}.")
    if obj not in OBJECTS:
        problems.append(f"object: “{obj}” không hợp lệ, dùng một trong {', '.join(OBJECTS)}.")
    if not title:
        problems.append("title: thiếu tên mẫu phiếu.")
    levels = data.get("levels", DEFAULT_LEVELS)
    try:
        levels = [[float(lo) if float(lo) != int(float(lo)) else int(float(lo)), _text(name)] for lo, name in levels]
        bounds = [lo for lo, _ in levels]
        if not levels or bounds != sorted(bounds) or len(set(bounds)) != len(bounds) or bounds[0] != 0 \
                or any(not name for _, name in levels):
            raise ValueError
    except (TypeError, ValueError):
        problems.append("levels: phải là danh sách [ngưỡng dưới, tên mức] tăng dần, bắt đầu từ 0.")
        levels = DEFAULT_LEVELS
    try:
        limit = Decimal(str(data.get("max_unanswered_percent", 5)))
        if not 0 <= limit <= 100:
            raise ValueError
    except (ArithmeticError, ValueError):
        problems.append("max_unanswered_percent: phải là số từ 0 đến 100.")
        limit = Decimal(5)
    criteria: list[CriterionDef] = []
    codes: set[str] = set()
    raw = data.get("criteria")
    if not isinstance(raw, list) or not raw:
        problems.append("criteria: cần ít nhất một tiêu chí.")
        raw = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append(f"Tiêu chí {i}: phải có code, text, indicators.")
            continue
        c = CriterionDef(_text(item.get("code")) or str(i), _text(item.get("text")))
        if not c.text:
            problems.append(f"Tiêu chí {i}: thiếu nội dung (text).")
        inds = item.get("indicators")
        if not isinstance(inds, list) or not inds:
            problems.append(f"Tiêu chí {i}: cần ít nhất một chỉ số (indicators).")
            inds = []
        for j, ind in enumerate(inds, start=1):
            if not isinstance(ind, dict):
                problems.append(f"Tiêu chí {i}, chỉ số {j}: phải có code và text.")
                continue
            d = IndicatorDef(_text(ind.get("code")) or f"{c.code}.{j}", _text(ind.get("text")))
            if not d.text:
                problems.append(f"Tiêu chí {i}, chỉ số {j}: thiếu nội dung (text).")
            if d.code in codes:
                problems.append(f"Tiêu chí {i}, chỉ số {j}: mã “{d.code}” bị trùng.")
            codes.add(d.code)
            c.indicators.append(d)
        criteria.append(c)
    if problems:
        raise DefinitionError(problems)
    return TemplateDef(regime, obj, title, _text(data.get("legal_basis")), levels, limit, criteria, source)


def default_files() -> list[Path]:
    return sorted(DEFAULTS_DIR.glob("*/*.yaml"))


def default_definitions() -> list[TemplateDef]:
    return [parse(path.read_text(encoding="utf-8")) for path in default_files()]


# --- scoring rules ------------------------------------------------------------------------------


def is_valid(answered: int, total: int, max_unanswered_percent: Decimal | int = 5) -> bool:
    """At most ``max_unanswered_percent`` of the ``total`` indicators left blank (exact arithmetic)."""
    if total <= 0 or answered <= 0:
        return False
    return Decimal(total - answered) * 100 <= Decimal(total) * Decimal(max_unanswered_percent)


def level_of(index: float | None, levels: list[list[Any]] | None = None) -> str:
    """The level's name for a general index (the last lower bound reached); "" without an index."""
    if index is None:
        return ""
    found = ""
    for lower, name in levels or DEFAULT_LEVELS:
        if index >= lower:
            found = name
    return found


# --- storing ------------------------------------------------------------------------------------


def store(definition: TemplateDef, *, template_model: Any, criterion_model: Any, indicator_model: Any,
          version: int, is_default: bool, created_by_id: int | None = None) -> Any:
    """Write one version of a template with its criteria and indicators (three bulk inserts).
    Takes the model classes so the data migration can pass its historical ones."""
    template = template_model.objects.create(
        regime=definition.regime, object=definition.object, version=version, title=definition.title,
        legal_basis=definition.legal_basis, levels=definition.levels,
        max_unanswered_percent=definition.max_unanswered_percent, is_default=is_default, active=True,
        source=definition.source, created_by_id=created_by_id)
    criteria = criterion_model.objects.bulk_create([
        criterion_model(template=template, order=i, code=c.code, text=c.text)
        for i, c in enumerate(definition.criteria, start=1)])
    order = 0
    rows = []
    for criterion, c in zip(criteria, definition.criteria, strict=True):
        for d in c.indicators:
            order += 1
            rows.append(indicator_model(criterion=criterion, template=template, order=order, code=d.code, text=d.text))
    indicator_model.objects.bulk_create(rows)
    return template


def install_defaults(template_model: Any, criterion_model: Any, indicator_model: Any) -> int:
    """Load the shipped templates that are not there yet (version 1, marked default); returns how many."""
    made = 0
    for definition in default_definitions():
        if not template_model.objects.filter(regime=definition.regime, object=definition.object).exists():
            store(definition, template_model=template_model, criterion_model=criterion_model,
                  indicator_model=indicator_model, version=1, is_default=True)
            made += 1
    return made


def share_text(value: Decimal) -> str:
    """A share in Vietnamese with only the decimals it has: 30 → "30", 12.50 → "12,5"."""
    from apps.core.vn import format_number

    exponent = Decimal(value).normalize().as_tuple().exponent
    return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)
