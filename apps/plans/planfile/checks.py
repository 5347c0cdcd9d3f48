"""Checking plan data: the schema's errors in Vietnamese, then what the schema cannot check (real
dates, unique codes, references to the catalogues)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from apps.plans.planfile.text import Lines, PathT, PlanFileError, parse_yaml, schema, with_line


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


# --- schema errors in Vietnamese -------------------------------------------------------------

TYPE_NAMES = {
    "string": "phải là chuỗi (số thứ tự như 1.2 phải đặt trong dấu nháy: \"1.2\")",
    "number": "phải là số", "integer": "phải là số nguyên", "boolean": "phải là true hoặc false",
    "array": "phải là danh sách", "object": "phải là bảng “khóa: giá trị”", "null": "phải để trống",
}


def _show(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def _schema_reason(error: SchemaError, data: Any) -> str:
    v, expected, custom = error.validator, error.validator_value, None
    if isinstance(error.schema, dict):
        custom = error.schema.get("x-message")
    if v == "type":
        return "chưa có giá trị" if error.instance is None else TYPE_NAMES.get(expected, f"phải là {expected}")
    if v == "enum":
        return f"giá trị “{_show(error.instance)}” không hợp lệ; chọn một trong: {', '.join(map(_show, expected))}"
    if v == "const":
        return f"phải là {_show(expected)}"
    if v in ("pattern", "oneOf", "anyOf"):
        return custom or "không đúng dạng cho phép"
    if v in ("minLength", "minProperties"):
        return "không được để trống"
    if v == "minItems":
        return f"phải có ít nhất {expected} phần tử"
    if v == "uniqueItems":
        return "có phần tử lặp lại"
    if v == "minimum":
        return f"phải là số từ {expected} trở lên"
    if v == "exclusiveMinimum":
        return f"phải là số lớn hơn {expected}"
    if v == "maximum":
        return f"phải là số không quá {expected}"
    if v == "exclusiveMaximum":
        return f"phải là số nhỏ hơn {expected}"
    if v == "maxLength":
        return f"dài quá {expected} ký tự"
    if error.schema is False:
        parent = _at(data, tuple(error.absolute_path))
        kind = parent.get("kind") if isinstance(parent, dict) else None
        if isinstance(parent, dict) and "part_of" in parent:
            return ("chỉ tiêu “trong đó” (part_of) dùng population và measure của chỉ tiêu cha; "
                    "ghi phần thu hẹp trong part_of")
        return f"khóa này không dùng được với kind: {kind}" if kind else "khóa này không dùng được ở đây"
    return error.message


def _at(data: Any, path: PathT) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _schema_messages(data: Any, lines: Lines | None) -> list[tuple[int, str]]:
    found = []
    for error in _validator().iter_errors(data):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = [k for k in error.validator_value if k not in (error.instance or {})]
            found += [with_line(lines, path, f"thiếu khóa bắt buộc “{k}”") for k in missing]
        elif error.validator == "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            found += [with_line(lines, path + (k,), "khóa không có trong định dạng tệp kế hoạch", key=True)
                      for k in error.instance if k not in allowed]
        elif error.schema is False:
            found += [with_line(lines, path + (k,), _schema_reason(error, data), key=True)
                      for k in _keys_holding(_at(data, path), error.instance)]
        else:
            found.append(with_line(lines, path, _schema_reason(error, data)))
    return sorted(set(found))


def _keys_holding(parent: Any, value: Any) -> list[str]:
    """Keys refused by a ``false`` schema: jsonschema reports the parent's path and the value."""
    if not isinstance(parent, dict):
        return []
    return [k for k, v in parent.items() if k != "kind" and v == value and type(v) is type(value)][:1]


# --- checks beyond the schema ----------------------------------------------------------------


def _real_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _measures(measure: dict, path: PathT) -> Iterator[tuple[PathT, dict]]:
    """The measure and, for ``all_of``, each of its parts, with their paths."""
    yield path, measure
    for j, part in enumerate(measure.get("measures") or []):
        if isinstance(part, dict):
            yield from _measures(part, path + ("measures", j))


def _date_problems(data: dict) -> Iterator[tuple[PathT, str]]:
    for path in [("period", "start"), ("period", "end"), ("issued_on",), ("review", "period", "start"),
                 ("review", "period", "end")]:
        value = _at(data, path)
        if isinstance(value, str) and not _real_date(value):
            yield path, f"ngày “{value}” không có thật"
    start, end = _at(data, ("period", "start")), _at(data, ("period", "end"))
    if _real_date(start or "") and _real_date(end or "") and start > end:
        yield ("period", "end"), "ngày kết thúc trước ngày bắt đầu"
    for i, target in enumerate(data.get("targets") or []):
        for mpath, measure in _measures(target.get("measure") or {}, ("targets", i, "measure")):
            for key in ("from", "to"):
                value = _at(measure, ("window", key))
                if isinstance(value, str) and not _real_date(value):
                    yield mpath + ("window", key), f"ngày “{value}” không có thật"
        by = _at(target, ("deadline", "by"))
        if isinstance(by, str):
            whole = f"2024-{by}" if "every" in target["deadline"] else by
            if not _real_date(whole):
                yield ("targets", i, "deadline", "by"), f"ngày “{by}” không có thật"


def _effective(data: dict) -> dict[int, dict]:
    """{target index: its spec with a ``part_of`` expanded} for the targets whose parent resolves."""
    from apps.targets.context import TargetError
    from apps.targets.parts import expand

    specs = {t["code"]: t for t in data.get("targets") or []}
    found = {}
    for i, target in enumerate(data.get("targets") or []):
        try:
            found[i] = expand(target, specs)
        except TargetError:
            continue  # reported by _part_problems
    return found


def _part_problems(data: dict, here: PathT, target: dict, specs: dict[str, dict]) -> Iterator[tuple[PathT, str]]:
    """A part ("trong đó"): its parent exists, is not itself or a loop, has the same goal unit, and
    the part only narrows the parent's population and training filter."""
    part = target["part_of"]
    code, seen = part["target"], {target["code"]}
    parent = specs.get(code)
    if parent is None or code == target["code"]:
        yield here + ("part_of", "target"), (f"không có chỉ tiêu mã “{code}” trong kế hoạch" if parent is None
                                             else "chỉ tiêu không thể là một phần của chính nó")
        return
    ancestor = parent
    while ancestor.get("part_of"):
        seen.add(ancestor["code"])
        ancestor = specs.get(ancestor["part_of"]["target"]) or {}
        if ancestor.get("code") in seen:
            yield here + ("part_of", "target"), "các chỉ tiêu part_of tạo thành vòng lặp"
            return
    if not part.get("population") and not part.get("training"):
        yield here + ("part_of",), "cần population hoặc training để thu hẹp chỉ tiêu cha (phần “trong đó”)"
    if parent["goal"]["unit"] != target["goal"]["unit"]:
        yield here + ("goal", "unit"), f"phải cùng đơn vị với chỉ tiêu cha “{code}” ({parent['goal']['unit']})"
    from apps.targets.context import TargetError
    from apps.targets.parts import expand

    try:
        effective_parent = expand(parent, specs)
    except TargetError:  # the parent's own parent is missing: reported on the parent
        return
    measure = effective_parent.get("measure") or {}
    if part.get("training") and measure.get("kind") not in ("trained", "hours", "count"):
        yield here + ("part_of", "training"), "chỉ tiêu cha không lọc theo khóa đào tạo, bồi dưỡng"
    if part.get("population") and measure.get("kind") == "count" and measure.get("counting") == "classes":
        yield here + ("part_of", "population"), "chỉ tiêu đếm lớp không có đối tượng để thu hẹp"
    for key, value in (part.get("population") or {}).items():
        reason = _narrower(key, value, (effective_parent.get("population") or {}).get(key))
        if reason:
            yield here + ("part_of", "population", key), reason
    for key, value in (part.get("training") or {}).items():
        reason = _narrower(key, value, (measure.get("training") or {}).get(key))
        if reason:
            yield here + ("part_of", "training", key), reason


def _narrower(key: str, value: Any, parent: Any) -> str:
    """Why ``value`` does not narrow the parent's ``parent`` value of ``key`` ("" when it does)."""
    if parent is None:
        return ""
    if key == "age" and isinstance(value, dict) and isinstance(parent, dict):
        low_ok = parent.get("min") is None or (value.get("min") is not None and value["min"] >= parent["min"])
        high_ok = parent.get("max") is None or (value.get("max") is not None and value["max"] <= parent["max"])
        return "" if low_ok and high_ok else "phải nằm trong khoảng tuổi của chỉ tiêu cha"
    if isinstance(parent, list) and isinstance(value, list):
        extra = [str(v) for v in value if v not in parent]
        return f"chỉ tiêu cha không có “{', '.join(extra)}”: phần “trong đó” chỉ được thu hẹp" if extra else ""
    if key == "positions" and parent == "any" and isinstance(value, list):
        return ""
    if key == "ethnicities" and parent == "minority" and isinstance(value, list):
        return ""
    return "" if value == parent else "khác với chỉ tiêu cha: phần “trong đó” chỉ được thu hẹp"


def _measure_problems(here: PathT, measure: dict, goal: dict) -> Iterator[tuple[PathT, str]]:
    kind = measure.get("kind")
    if (kind == "count") != (goal["unit"] != "percent"):
        reason = "chỉ tiêu đếm (kind: count) cần goal.unit là people, lượt hoặc classes" if kind == "count" \
            else "goal.unit people/lượt/classes chỉ dùng với measure.kind: count"
        yield here + ("goal", "unit"), reason
    if goal.get("per") and kind != "count":
        yield here + ("goal", "per"), "per: year chỉ dùng với chỉ tiêu đếm (kind: count)"
    counting = measure.get("counting")
    if "audience" in measure and counting != "classes":
        yield here + ("measure", "audience"), "chỉ dùng với counting: classes (đối tượng của lớp)"
    if "audience_share" in measure and "audience" not in measure:
        yield here + ("measure", "audience_share"), "chỉ dùng cùng audience"
    if "population_at" in measure and counting == "classes":
        yield here + ("measure", "population_at"), "chỉ dùng với counting: people hoặc lượt"
    for j, part in enumerate(measure.get("measures") or []):
        if isinstance(part, dict) and part.get("kind") in ("count", "all_of"):
            yield here + ("measure", "measures", j, "kind"), f"kind: {part['kind']} không dùng được trong all_of"
    for mpath, m in _measures(measure, here + ("measure",)):
        if m.get("kind") == "raised" and (m.get("window") or {}).get("before_appointment"):
            yield mpath + ("window",), "kind raised cần khoảng thời gian có ngày bắt đầu (không dùng before_appointment)"


def _target_problems(data: dict) -> Iterator[tuple[PathT, str]]:
    groups = {g["code"] for g in data.get("groups") or []}
    specs = {t["code"]: t for t in data.get("targets") or []}
    effective = _effective(data)
    seen: set[str] = set()
    for i, target in enumerate(data.get("targets") or []):
        here: PathT = ("targets", i)
        if target["code"] in seen:
            yield here + ("code",), f"mã chỉ tiêu “{target['code']}” bị trùng"
        seen.add(target["code"])
        if "group" in target and target["group"] not in groups:
            yield here + ("group",), f"không có đối tượng mã “{target['group']}” trong groups"
        goal = target["goal"]
        if "max" in goal and goal["max"] < goal["min"]:
            yield here + ("goal", "max"), "phải lớn hơn hoặc bằng min"
        if goal["unit"] == "percent" and goal["min"] > 100:
            yield here + ("goal", "min"), "tỷ lệ phần trăm không quá 100"
        if target.get("part_of"):
            yield from _part_problems(data, here, target, specs)
        if i in effective:
            yield from _measure_problems(here, effective[i].get("measure") or {}, goal)
        age = (target.get("population") or {}).get("age") or {}
        if "min" in age and "max" in age and age["max"] < age["min"]:
            yield here + ("population", "age", "max"), "phải lớn hơn hoặc bằng min"
    codes = [g["code"] for g in data.get("groups") or []]
    for i, code in enumerate(codes):
        if code in codes[:i]:
            yield ("groups", i, "code"), f"mã đối tượng “{code}” bị trùng"


def _population_references(population: dict, path: PathT) -> Iterator[tuple[str, PathT, str | tuple[str, str]]]:
    for key, catalogue in (("units", "unit"), ("ranks", "rank"), ("positions", "position"),
                           ("ethnicities", "ethnicity")):
        values = population.get(key)
        if isinstance(values, list):
            for j, code in enumerate(values):
                yield catalogue, path + (key, j), code


def _training_references(training: dict, path: PathT) -> Iterator[tuple[str, PathT, str | tuple[str, str]]]:
    for key, catalogue in (("content_areas", "content_area"), ("programmes", "programme"), ("forms", "form")):
        for j, code in enumerate(training.get(key) or []):
            yield catalogue, path + (key, j), code


def _references(data: dict) -> Iterator[tuple[str, PathT, str | tuple[str, str]]]:
    """(catalogue, path, code) for every code the file names."""
    for i, target in enumerate(data.get("targets") or []):
        here: PathT = ("targets", i)
        yield from _population_references(target.get("population") or {}, here + ("population",))
        part = target.get("part_of") or {}
        yield from _population_references(part.get("population") or {}, here + ("part_of", "population"))
        yield from _training_references(part.get("training") or {}, here + ("part_of", "training"))
        for mpath, m in _measures(target.get("measure") or {}, here + ("measure",)):
            yield from _training_references(m.get("training") or {}, mpath + ("training",))
            yield from _population_references(m.get("audience") or {}, mpath + ("audience",))
            if m.get("kind") == "qualification" or (m.get("kind") == "raised" and m.get("level")):
                yield "qualification_level", mpath + ("level",), (m["dimension"], m["level"])
    for path, item in _walk(data.get("contents") or [], ("contents",)):
        for j, code in enumerate(item.get("content_areas") or []):
            yield "content_area", path + ("content_areas", j), code
    for path, item in _walk(data.get("roadmap") or [], ("roadmap",)):
        for key in ("lead", "coordinating"):
            for j, code in enumerate((item.get(key) or {}).get("units") or []):
                yield "unit", path + (key, "units", j), code


def _walk(items: list, path: PathT) -> Iterator[tuple[PathT, dict]]:
    for i, item in enumerate(items):
        yield path + (i,), item
        yield from _walk(item.get("items") or [], path + (i, "items"))


CATALOGUE_NAMES = {
    "unit": "đơn vị", "rank": "ngạch, chức danh nghề nghiệp", "position": "chức vụ", "ethnicity": "dân tộc",
    "content_area": "lĩnh vực nội dung", "programme": "chương trình", "form": "hình thức bồi dưỡng",
}


def _known_codes(catalogue: str, codes: set) -> set:
    """The subset of ``codes`` that exists (one query per catalogue)."""
    from apps.organization.models import Unit
    from apps.people.models import Ethnicity, Position, QualificationLevel, Rank
    from apps.training.models import ContentArea, DeliveryForm, Programme

    if catalogue == "qualification_level":
        pairs = QualificationLevel.objects.filter(dimension__in={d for d, _ in codes}).values_list("dimension", "code")
        return set(pairs) & codes
    if catalogue == "ethnicity":
        return _known_ethnicities(codes)
    model = {"unit": Unit, "rank": Rank, "position": Position, "ethnicity": Ethnicity,
             "content_area": ContentArea, "programme": Programme, "form": DeliveryForm}[catalogue]
    return set(model.objects.filter(code__in=codes).values_list("code", flat=True))


def _known_ethnicities(codes: set) -> set:
    """Ethnic groups are named by statistics code ("05") or by name in capitals without
    diacritics ("KHMER", "BRU_VAN_KIEU"), as docs/target-language.md allows."""
    from apps.core.vn import fold
    from apps.people.models import Ethnicity

    known = set()
    for code, name in Ethnicity.objects.values_list("code", "name"):
        known |= {code.upper(), "_".join(fold(name).replace("-", " ").split()).upper()}
    return {c for c in codes if str(c).upper() in known}


def _reference_problems(data: dict) -> Iterator[tuple[PathT, str]]:
    refs = list(_references(data))
    by_catalogue: dict[str, set] = {}
    for catalogue, _, code in refs:
        by_catalogue.setdefault(catalogue, set()).add(code)
    known = {c: _known_codes(c, codes) for c, codes in by_catalogue.items()}
    for catalogue, path, code in refs:
        if code in known[catalogue]:
            continue
        if catalogue == "qualification_level":
            yield path, f"không có trình độ “{code[1]}” trong lĩnh vực “{code[0]}”"
        else:
            yield path, f"không có {CATALOGUE_NAMES[catalogue]} mã “{code}”"


def validate(data: Any, lines: Lines | None = None) -> None:
    """Raise PlanFileError listing every problem of ``data``; return quietly when it can be loaded."""
    found = _schema_messages(data, lines)
    if not found:
        for problems in (_date_problems(data), _target_problems(data), _reference_problems(data)):
            found += [with_line(lines, path, reason) for path, reason in problems]
    if found:
        raise PlanFileError([m for _, m in sorted(found, key=lambda lm: lm[0])])


def read(text: str) -> dict:
    """Parsed and validated plan data from YAML text; PlanFileError otherwise."""
    data, lines = parse_yaml(text)
    if not isinstance(data, dict):
        raise PlanFileError(["Dòng 1: tệp kế hoạch phải là một bảng “khóa: giá trị” (như tệp tải về từ trang một kế hoạch)"])
    validate(data, lines)
    return data
