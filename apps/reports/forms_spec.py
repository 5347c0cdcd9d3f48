"""Official statistical forms as data: a YAML file per form (``apps/reports/forms/*.yaml``, plus
every ``*.yaml`` in the directories of the ``DTBD_REPORT_FORMS`` environment variable, separated
by ``:``, or the ``DTBD_REPORT_FORMS_DIRS`` setting): a province adds a form by dropping a file.

A form has its code, number, title, regime (``state`` or ``party``), version and dates, the unit
it counts (``người``: distinct people; ``lượt``: completed lượt), a ``population`` every people
column starts from, columns and rows as predicates, and formulas::

    columns:
      - {key: "4", label: "Tổng số", group: "Cấp tỉnh", population: {levels: [province]}}
      - {key: "10", label: "Tỉnh ủy mở", count: classes, organisers: {unit_kinds: [party], levels: [province]}}
    formulas: ["3=4+6+8", "9=10+11"]
    rows:
      - number: "I"
        label: "Đào tạo"
        rows:                       # a row without its own filter counts what any child counts
          - {number: "1", label: "Đại học", training: {degree_levels: [dai_hoc]}, rows: [...]}

``population`` uses the keys of the target language's population (docs/target-language.md),
read on the lượt's start date; ``training`` its training filter (a list of them: any of them),
plus ``full_time`` (tập trung or not) and ``joint`` (a foreign provider teaching in Việt Nam).
A child row's filter is its parent's AND its own.

Cost of filling a form: ONE aggregate query over the year's lượt with a FILTERed count per
(row, people column) and ONE over the year's classes per (row, class column); formulas in memory.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from apps.organization.models import Unit
from apps.people.models import ServicePeriod
from apps.reports.annual import classes_of
from apps.reports.contract import Col, Fig, Report, Row, Section
from apps.reports.luot import abroad_q, luot_of
from apps.reports.names import province_name
from apps.reports.selection import Selection
from apps.targets.context import Context, TargetError
from apps.targets.measures import training_q
from apps.targets.population import population_q

SHIPPED = Path(__file__).parent / "forms"
REGIMES = {"state": "Biểu mẫu của Bộ Nội vụ (Nhà nước)", "party": "Biểu mẫu của Đảng"}
UNITS = ("người", "lượt")
FORM_KEYS = {"code", "number", "title", "regime", "version", "valid_from", "valid_to", "unit", "basis",
             "issuing_body", "governing_body", "footer", "population", "label_header", "columns", "rows", "formulas",
             "note"}
ROW_KEYS = {"number", "label", "training", "full_time", "joint", "rows"}
COLUMN_KEYS = {"key", "label", "group", "population", "count", "organisers"}
FORMULA = re.compile(r"^\s*(\w+)\s*=\s*(\w+(?:\s*[+-]\s*\w+)*)\s*$")


class FormError(ValueError):
    """A form file that cannot be read or filled; the Vietnamese message names file and key."""


@dataclass
class FormColumn:
    key: str
    label: str
    group: str = ""
    population: dict | None = None
    count: str = "people"  # people (the form's unit) | classes | formula
    organisers: dict = field(default_factory=dict)


@dataclass
class FormRow:
    number: str
    label: str
    depth: int
    q_luot: Q | None  # None: the union of its children
    q_class: Q | None
    children: list[FormRow] = field(default_factory=list)


@dataclass
class FormSpec:
    code: str
    number: str
    title: str
    regime: str
    version: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    unit: str
    source: str
    raw: dict

    @property
    def regime_label(self) -> str:
        return REGIMES[self.regime]

    @property
    def party(self) -> bool:
        return self.regime == "party"

    @property
    def display_title(self) -> str:
        return self.title.replace("{year}", "…")


def _dirs() -> list[Path]:
    extra = [p for p in os.environ.get("DTBD_REPORT_FORMS", "").split(":") if p]
    extra += list(getattr(settings, "DTBD_REPORT_FORMS_DIRS", []))
    return [SHIPPED, *[Path(p) for p in extra]]


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise FormError(f"{where}: “{value}” không phải ngày dạng YYYY-MM-DD.") from None


def load_form(path: Path) -> FormSpec:
    where = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FormError(f"{where}: không đọc được tệp YAML ({exc.__class__.__name__}).") from None
    if not isinstance(raw, dict):
        raise FormError(f"{where}: cần một ánh xạ (code, title, columns, rows…).")
    unknown = set(raw) - FORM_KEYS
    if unknown:
        raise FormError(f"{where}: khóa không hợp lệ “{', '.join(sorted(unknown))}”.")
    for key in ("code", "title", "columns", "rows"):
        if not raw.get(key):
            raise FormError(f"{where}: thiếu “{key}”.")
    regime = raw.get("regime", "state")
    if regime not in REGIMES:
        raise FormError(f"{where}: regime “{regime}” không hợp lệ (state, party).")
    unit = raw.get("unit", "người")
    if unit not in UNITS:
        raise FormError(f"{where}: unit “{unit}” không hợp lệ (người, lượt).")
    return FormSpec(code=str(raw["code"]), number=str(raw.get("number", "")), title=str(raw["title"]), regime=regime,
                    version=str(raw.get("version", "1")), valid_from=_date(raw.get("valid_from"), f"{where}: valid_from"),
                    valid_to=_date(raw.get("valid_to"), f"{where}: valid_to"), unit=unit,
                    source=str(path), raw=raw)


def available_forms() -> list[FormSpec]:
    """Every form file found (a later directory's file replaces a shipped one of the same code)."""
    found: dict[str, FormSpec] = {}
    for directory in _dirs():
        if directory.is_dir():
            for path in sorted(directory.glob("*.yaml")):
                spec = load_form(path)
                found[spec.code] = spec
    return sorted(found.values(), key=lambda f: (f.regime != "party", f.code))


def form_by_code(code: str) -> FormSpec:
    for spec in available_forms():
        if spec.code.lower() == code.strip().lower():
            return spec
    raise FormError(f"Không có biểu mẫu mã “{code}”.")


# ------------------------------------------------------------------------------------ predicates

def _training(value: Any, where: str, for_classes: bool) -> Q:
    try:
        if isinstance(value, list):
            if not value:
                raise FormError(f"{where}: training: danh sách rỗng.")
            q = training_q(value[0], for_classes=for_classes)
            for item in value[1:]:
                q |= training_q(item, for_classes=for_classes)
            return q
        return training_q(value, for_classes=for_classes)
    except TargetError as exc:
        raise FormError(f"{where}: {exc}") from None


def _row_q(raw: dict, where: str, for_classes: bool) -> Q | None:
    q, own = Q(), False
    if "training" in raw:
        q &= _training(raw["training"], where, for_classes)
        own = True
    if "full_time" in raw:
        q &= Q(form__is_full_time=bool(raw["full_time"]))
        own = True
    if "joint" in raw:
        joint = Q(provider__is_foreign=True) & ~(_abroad(for_classes))
        q &= joint if raw["joint"] else ~joint
        own = True
    return q if own else None


def _abroad(for_classes: bool) -> Q:
    return training_q({"abroad": True}, for_classes=True) if for_classes else abroad_q()


def _rows(raws: list, where: str, depth: int = 0, parent: tuple[Q, Q] = (Q(), Q())) -> list[FormRow]:
    out = []
    if not isinstance(raws, list):
        raise FormError(f"{where}: rows cần một danh sách.")
    for i, raw in enumerate(raws, start=1):
        here = f"{where}.rows[{i}]"
        if not isinstance(raw, dict) or not raw.get("label"):
            raise FormError(f"{here}: cần “label”.")
        unknown = set(raw) - ROW_KEYS
        if unknown:
            raise FormError(f"{here}: khóa không hợp lệ “{', '.join(sorted(unknown))}”.")
        own_l, own_c = _row_q(raw, here, False), _row_q(raw, here, True)
        q_l = parent[0] & own_l if own_l is not None else None
        q_c = parent[1] & own_c if own_c is not None else None
        row = FormRow(str(raw.get("number", "")), str(raw["label"]), depth, q_l, q_c)
        row.children = _rows(raw.get("rows") or [], here, depth + 1,
                             (q_l if q_l is not None else parent[0], q_c if q_c is not None else parent[1]))
        if row.q_luot is None:
            row.q_luot, row.q_class = _union(row.children)
        out.append(row)
    return out


def _union(children: list[FormRow]) -> tuple[Q | None, Q | None]:
    q_l: Q | None = None
    q_c: Q | None = None
    for child in children:
        if child.q_luot is not None:
            q_l = child.q_luot if q_l is None else q_l | child.q_luot
        if child.q_class is not None:
            q_c = child.q_class if q_c is None else q_c | child.q_class
    return q_l, q_c


def _flat(rows: list[FormRow]) -> list[FormRow]:
    out = []
    for r in rows:
        out.append(r)
        out += _flat(r.children)
    return out


def _columns(raws: list, where: str) -> list[FormColumn]:
    out = []
    for i, raw in enumerate(raws, start=1):
        here = f"{where}.columns[{i}]"
        if not isinstance(raw, dict) or not raw.get("key") or not raw.get("label"):
            raise FormError(f"{here}: cần “key” và “label”.")
        unknown = set(raw) - COLUMN_KEYS
        if unknown:
            raise FormError(f"{here}: khóa không hợp lệ “{', '.join(sorted(unknown))}”.")
        count = raw.get("count", "people")
        if count not in ("people", "classes", "formula"):
            raise FormError(f"{here}: count “{count}” không hợp lệ (people, classes, formula).")
        out.append(FormColumn(str(raw["key"]), str(raw["label"]), str(raw.get("group", "")), raw.get("population"),
                              count, raw.get("organisers") or {}))
    return out


def _formulas(raws: list, columns: list[FormColumn], where: str) -> list[tuple[str, list[tuple[int, str]]]]:
    keys = {c.key for c in columns}
    out = []
    for text in raws or []:
        match = FORMULA.match(str(text))
        if not match:
            raise FormError(f"{where}: công thức “{text}” không đúng dạng “3=4+6+8”.")
        terms = re.findall(r"([+-]?)\s*(\w+)", "+" + match[2])
        parts = [(-1 if sign == "-" else 1, key) for sign, key in terms]
        for _s, key in [(0, match[1]), *parts]:
            if key not in keys:
                raise FormError(f"{where}: công thức “{text}”: không có cột “{key}”.")
        out.append((match[1], parts))
    return out


def materialised(q: Q, memo: dict | None = None) -> Q:
    """``q`` with every ``IN (SELECT id …)`` over a small reference table (programmes, units,
    positions) replaced by the literal list of ids: read once (``memo``: one query per distinct
    subquery) instead of once per FILTER of a few hundred aggregates."""
    from django.db.models import QuerySet

    memo = {} if memo is None else memo
    children: list[Any] = []
    for child in q.children:
        if isinstance(child, Q):
            children.append(materialised(child, memo))
        elif isinstance(child, tuple) and isinstance(child[1], QuerySet):
            field_name = child[1].query.values_select[0] if child[1].query.values_select else "id"
            sql, params = child[1].values_list(field_name, flat=True).query.sql_with_params()
            key = (sql, tuple(map(str, params)))
            if key not in memo:
                memo[key] = sorted(set(child[1].values_list(field_name, flat=True)))
            children.append((child[0], memo[key]))
        else:
            children.append(child)
    return Q(*children, _connector=q.connector, _negated=q.negated)


def _sp_q(pop: dict, ctx: Context, where: str) -> Q:
    """A population (target language) as a condition on the lượt: its person's service period on
    the lượt's start date matches."""
    try:
        q = population_q(pop, ctx, ctx.at)
    except TargetError as exc:
        raise FormError(f"{where}: {exc}") from None
    periods = ServicePeriod.objects.filter(person=OuterRef("person_id"), valid_from__lte=OuterRef("start_date")).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("start_date")))
    rewritten = _prefixed(q)
    return rewritten if rewritten is not None else Q(Exists(periods.filter(q)))


def _prefixed(q: Q) -> Q | None:
    """``q`` over ServicePeriod rewritten over the lượt's ``sp`` alias, or None when it holds an
    expression that cannot be rewritten (then an EXISTS is used)."""
    children: list[Any] = []
    for child in q.children:
        if isinstance(child, Q):
            inner = _prefixed(child)
            if inner is None:
                return None
            children.append(inner)
        elif isinstance(child, tuple):
            children.append(("sp__" + child[0], child[1]))
        else:
            return None
    out = Q(*children, _connector=q.connector, _negated=q.negated)
    return out


def _organisers(raw: dict, where: str) -> Q:
    unknown = set(raw) - {"unit_kinds", "levels", "units"}
    if unknown:
        raise FormError(f"{where}: organisers: khóa không hợp lệ “{', '.join(sorted(unknown))}”.")
    units = Unit.objects.all()
    if raw.get("unit_kinds"):
        units = units.filter(kind__in=raw["unit_kinds"])
    if raw.get("levels"):
        units = units.filter(level__in=raw["levels"])
    if raw.get("units"):
        units = units.filter(code__in=raw["units"])
    return Q(organiser_id__in=units.values("id"))


# ------------------------------------------------------------------------------------ filling

def _parts(spec: FormSpec, sel: Selection):
    raw, where = spec.raw, Path(spec.source).name
    columns = _columns(raw["columns"], where)
    rows = _flat(_rows(raw["rows"], where))
    ctx = Context.build(at=sel.end, period=(sel.start, sel.end))
    base_pop = _sp_q(raw["population"], ctx, f"{where}: population") if raw.get("population") else Q()
    return where, columns, rows, ctx, base_pop


def _people_q(row: FormRow, col: FormColumn, base_pop: Q, ctx: Context, where: str, memo: dict) -> Q:
    q = (row.q_luot if row.q_luot is not None else Q()) & base_pop
    if col.population:
        q &= _sp_q(col.population, ctx, f"{where}: cột {col.key}")
    return materialised(q, memo)


def cell_q(spec: FormSpec, sel: Selection, r: int, c: int) -> tuple[str, Q] | None:
    """(label, Q over ``luot_of(sel)``) of one people cell of the form: the names behind it."""
    where, columns, rows, ctx, base_pop = _parts(spec, sel)
    if not (0 <= r < len(rows) and 0 <= c < len(columns)) or columns[c].count != "people" or rows[r].q_luot is None:
        return None
    label = f"{spec.number}: {rows[r].label}, cột {columns[c].key} ({columns[c].label})"
    return label, _people_q(rows[r], columns[c], base_pop, ctx, where, {})


def fill(spec: FormSpec, sel: Selection) -> Report:
    """The form filled for ``sel`` (its unit restriction and the actor's scope apply)."""
    where, columns, rows, ctx, base_pop = _parts(spec, sel)
    formulas = _formulas(spec.raw.get("formulas") or [], columns, where)
    luot_aggs, class_aggs = {}, {}
    memo: dict = {}
    for r, row in enumerate(rows):
        for c, col in enumerate(columns):
            name = f"r{r}c{c}"
            if col.count == "people" and row.q_luot is not None:
                q = _people_q(row, col, base_pop, ctx, where, memo)
                luot_aggs[name] = (Count("person_id", distinct=True, filter=q) if spec.unit == "người"
                                   else Count("id", filter=q))
            elif col.count == "classes" and row.q_class is not None:
                class_q = materialised(row.q_class & _organisers(col.organisers, f"{where}: cột {col.key}"), memo)
                class_aggs[name] = Count("id", filter=class_q)
    values: dict[str, int] = {}
    if luot_aggs:
        values.update(luot_of(sel).aggregate(**luot_aggs))
    if class_aggs:
        values.update(classes_of(sel).aggregate(**class_aggs))
    table: list[dict[str, int]] = []
    for r, _row in enumerate(rows):
        cells = {col.key: int(values.get(f"r{r}c{c}") or 0) for c, col in enumerate(columns)}
        for target, parts in formulas:
            cells[target] = sum(sign * cells[key] for sign, key in parts)
        table.append(cells)
    return _report(spec, sel, columns, rows, table)


def _report(spec: FormSpec, sel: Selection, columns: list[FormColumn], rows: list[FormRow],
            table: list[dict[str, int]]) -> Report:
    raw = spec.raw
    year = sel.year or sel.end.year
    title = spec.title.replace("{year}", str(year))
    cols = [Col(f"{c.label} ({c.key})", group=c.group, width=12) for c in columns]
    def fig(r: int, c: int, col: FormColumn, value: int) -> Fig:
        if col.count != "people":
            return Fig(value)
        return Fig(value, drill=(("dim", "cell"), ("value", f"{spec.code}|{r}|{c}")))

    body = [Row(("\u00a0" * 4 * row.depth) + row.label, [fig(r, c, col, cells[col.key]) for c, col in enumerate(columns)],
                bold=row.depth == 0, number=row.number) for r, (row, cells) in enumerate(zip(rows, table, strict=True))]
    section = Section("form", title, cols, body, label_header=str(raw.get("label_header", "Nội dung (2)")),
                      note=str(raw.get("note", "")), annex=True)
    footer = raw.get("footer") or ["NGƯỜI LẬP BIỂU", "TRƯỞNG BAN" if spec.party else "THỦ TRƯỞNG ĐƠN VỊ"]
    province = province_name()
    issuing = str(raw.get("issuing_body") or ("Ban Tổ chức Tỉnh ủy" if spec.party else (
        sel.unit.name if sel.unit else "Sở Nội vụ")))
    governing = str(raw.get("governing_body") or (f"Đảng bộ tỉnh {province}" if spec.party else
                                                  f"Ủy ban nhân dân tỉnh {province}"))
    basis = str(raw.get("basis", ""))
    return Report(
        code=f"{re.sub(r'[^A-Za-z0-9-]+', '-', spec.code).strip('-').lower()}-{year}" + (f"-{sel.unit.code}" if sel.unit else ""),
        title=title.upper(), summary=title, period_label=sel.period_label, unit_label=sel.unit_label,
        issuing_body=issuing, governing_body=governing, place=province,
        paragraphs=[("BIỂU SỐ LIỆU", [f"{spec.number}: {title} (đơn vị tính: {spec.unit}; {sel.unit_label}). "
                                      + (f"Căn cứ: {basis}. " if basis else "")
                                      + "Số liệu chi tiết tại phụ lục kèm theo."])],
        sections=[section], party=spec.party, form_code=spec.number, footer=(str(footer[0]), str(footer[-1])))
