"""All-or-nothing import of organisation units from an xlsx or csv (the first sheet, header row 1).

Columns (header names compared without diacritics or case; order free):
  Mã đơn vị*, Tên đơn vị*, Cấp* (tỉnh / huyện / xã), Loại hình*, Mã đơn vị cấp trên, Vùng sâu vùng xa,
  Vùng đặc biệt khó khăn, Vùng đồng bào DTTS (x / có / 1 = yes), Tiếng dân tộc, Hiệu lực từ (dd/mm/yyyy).

A parent may be a unit already registered or one defined anywhere in the file. Re-importing the same
file changes nothing; a row for an existing unit may change its name, kind, area flags and
languages, never its level, parent or start date (use ``dtbd units move`` for that). Every problem
is reported as "Dòng N, cột X: lý do" and nothing is written unless the whole file is clean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.audit import audit_write
from apps.core.models import AuditEntry
from apps.core.tabular import Problems, write_retrying
from apps.core.vn import fold, parse_date
from apps.organization.models import Level, Unit, UnitKind
from apps.organization.services import (
    check_can_restructure,
    normalise_languages,
    unit_create,
    unit_update,
)
from apps.people.io.reading import FileRejected, Source, open_table

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("Mã đơn vị", "ma", "code"),
    "name": ("Tên đơn vị", "ten", "name"),
    "level": ("Cấp", "cap hanh chinh", "level"),
    "kind": ("Loại hình", "loai hinh don vi", "kind"),
    "parent": ("Mã đơn vị cấp trên", "ma don vi truc thuoc", "ma cap tren", "truc thuoc", "parent"),
    "is_remote": ("Vùng sâu, vùng xa", "vung sau vung xa", "remote"),
    "is_especially_difficult": ("Vùng đặc biệt khó khăn", "dac biet kho khan", "difficult"),
    "is_ethnic_minority_area": ("Vùng đồng bào DTTS", "vung dong bao dan toc thieu so", "vung dtts",
                                "ethnic area"),
    "ethnic_languages": ("Tiếng dân tộc", "tieng dan toc su dung", "languages"),
    "valid_from": ("Hiệu lực từ", "ngay hieu luc", "valid from"),
}
REQUIRED = ("code", "name", "level", "kind")
FLAGS = ("is_remote", "is_especially_difficult", "is_ethnic_minority_area")
TRUE_WORDS = {"x", "co", "1", "true", "yes", "c"}
FALSE_WORDS = {"", "khong", "0", "false", "no", "k"}
MAX_ERRORS_SHOWN = 200


def _label(key: str) -> str:
    return COLUMNS[key][0]


def _choice_lookup(choices) -> dict[str, str]:
    """Folded label, folded label without "cấp "/"cơ quan " and the value itself -> value."""
    table: dict[str, str] = {}
    for value, label in choices:
        folded = fold(label)
        table[folded] = table[fold(value)] = value
        table[folded.removeprefix("cap ")] = value
    return table


LEVELS = _choice_lookup(Level.choices) | {"huyen": Level.DISTRICT, "xa": Level.COMMUNE, "tinh": Level.PROVINCE,
                                          "phuong": Level.COMMUNE, "thi tran": Level.COMMUNE}
KINDS = _choice_lookup(UnitKind.choices) | {"hanh chinh": UnitKind.STATE, "su nghiep": UnitKind.PUBLIC_SERVICE,
                                            "dang": UnitKind.PARTY, "hdnd": UnitKind.COUNCIL}


class ImportFailed(Exception):
    """The file was not imported; ``errors`` holds every "Dòng N, cột X: lý do" line."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} lỗi")
        self.errors = errors

    def lines(self, limit: int = MAX_ERRORS_SHOWN) -> list[str]:
        shown = self.errors[:limit]
        if len(self.errors) > limit:
            shown.append(f"… và {len(self.errors) - limit} lỗi khác.")
        return shown


@dataclass
class Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    ok: bool = True


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        total = len(self.created) + len(self.updated) + len(self.unchanged)
        return (f"Đã nhập {total} đơn vị: {len(self.created)} thêm mới, {len(self.updated)} cập nhật, "
                f"{len(self.unchanged)} không đổi.")


# --- reading and checking one row ------------------------------------------------------------------

def _column_map(headers: Sequence[Any]) -> tuple[dict[str, int], list[str]]:
    wanted = {fold(alias): key for key, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        folded = fold(str(header or ""))
        key = wanted.get(folded) or wanted.get(" ".join(folded.replace(",", " ").split()))
        if key and key not in found:
            found[key] = index
    missing = [f"Dòng 1: thiếu cột “{_label(k)}”." for k in REQUIRED if k not in found]
    return found, missing


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(_text(value))


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = fold(_text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"“{_text(value)}” không hiểu là có hay không (dùng x hoặc để trống)")


def _parse(number: int, cells: Sequence[Any], columns: dict[str, int], errors: list[str]) -> Row | None:
    raw = {key: cells[i] if i < len(cells) else None for key, i in columns.items()}
    if all(_text(v) == "" for v in raw.values()):
        return None  # blank line
    row = Row(number)

    def fail(key: str, reason: str) -> None:
        row.ok = False
        errors.append(f"Dòng {number}, cột {_label(key)}: {reason}.")

    for key in REQUIRED:
        if not _text(raw.get(key)):
            fail(key, "không được để trống")
    code = _text(raw.get("code"))
    if len(code) > 32 or " " in code:
        fail("code", "mã tối đa 32 ký tự, không có dấu cách")
    row.values["code"], row.values["name"] = code, _text(raw.get("name"))
    row.values["parent"] = _text(raw.get("parent"))
    for key, table in (("level", LEVELS), ("kind", KINDS)):
        text = _text(raw.get(key))
        row.values[key] = table.get(fold(text))
        if text and row.values[key] is None:
            fail(key, f"“{text}” không phải giá trị hợp lệ")
    for key in FLAGS:
        try:
            row.values[key] = _flag(raw.get(key))
        except ValueError as exc:
            fail(key, str(exc))
    row.values["ethnic_languages"] = normalise_languages(_text(raw.get("ethnic_languages")))
    if row.values["ethnic_languages"] and not row.values.get("is_ethnic_minority_area"):
        fail("ethnic_languages", "chỉ ghi tiếng dân tộc khi đánh dấu vùng đồng bào DTTS")
    try:
        row.values["valid_from"] = _date(raw.get("valid_from"))
    except ValueError as exc:
        fail("valid_from", str(exc))
    return row


def _read(source: Source, filename: str) -> tuple[list[Row], list[str]]:
    errors: list[str] = []
    rows: list[Row] = []
    try:
        with open_table(source, filename) as table:
            columns, missing = _column_map(table.headers)
            if missing:
                raise ImportFailed(missing)
            for number, cells in table.rows:
                row = _parse(number, cells, columns, errors)
                if row is not None:
                    rows.append(row)
    except FileRejected as exc:
        raise ImportFailed([str(exc)]) from None
    if not rows:
        raise ImportFailed(["Tệp không có dòng dữ liệu nào."])
    return rows, errors


# --- cross-row checks and writing ----------------------------------------------------------------

def _check_file(rows: list[Row], existing: dict[str, Unit]) -> list[str]:
    errors: list[str] = []
    first_line: dict[str, int] = {}
    in_file = {r.values["code"] for r in rows}
    for row in rows:
        code, parent = row.values["code"], row.values["parent"]
        if code in first_line:
            errors.append(f"Dòng {row.number}, cột {_label('code')}: mã {code} trùng với dòng {first_line[code]}.")
        first_line.setdefault(code, row.number)
        if parent and parent not in existing and parent not in in_file:
            errors.append(f"Dòng {row.number}, cột {_label('parent')}: không có đơn vị mã {parent}.")
        if parent == code:
            errors.append(f"Dòng {row.number}, cột {_label('parent')}: đơn vị không thể trực thuộc chính nó.")
        unit = existing.get(code)
        if unit is not None and row.ok:
            errors.extend(_check_existing(row, unit))
    return errors


def _check_existing(row: Row, unit: Unit) -> list[str]:
    errors = []
    v = row.values
    if v["level"] != unit.level:
        errors.append(f"Dòng {row.number}, cột {_label('level')}: đơn vị {unit.code} đã có với "
                      f"{unit.get_level_display().lower()}, không đổi cấp qua nhập tệp.")
    if v["parent"] != (unit.parent.code if unit.parent else ""):
        errors.append(f"Dòng {row.number}, cột {_label('parent')}: đơn vị {unit.code} đang trực thuộc "
                      f"{unit.parent.code if unit.parent else '(cấp cao nhất)'}; đổi trực thuộc bằng "
                      f"lệnh dtbd units move.")
    if v["valid_from"] is not None and v["valid_from"] != unit.valid_from:
        errors.append(f"Dòng {row.number}, cột {_label('valid_from')}: đơn vị {unit.code} đã có, "
                      f"hiệu lực từ {unit.valid_from:%d/%m/%Y}." if unit.valid_from else
                      f"Dòng {row.number}, cột {_label('valid_from')}: đơn vị {unit.code} đã có, "
                      f"không đổi ngày hiệu lực qua nhập tệp.")
    return errors


def _in_parent_order(rows: list[Row], registered: set[str]) -> tuple[list[Row], list[str]]:
    """Rows sorted so every parent comes before its children; rows in a cycle are errors."""
    pending = {r.values["code"]: r for r in rows}
    # unknown parents are reported elsewhere; do not report them again as cycles
    done = set(registered) | {r.values["parent"] for r in rows if r.values["parent"] not in pending}
    ordered: list[Row] = []
    while pending:
        ready = [r for r in pending.values() if not r.values["parent"] or r.values["parent"] in done]
        if not ready:
            return ordered, [f"Dòng {r.number}, cột {_label('parent')}: vòng lặp trực thuộc "
                             f"({r.values['code']} → {r.values['parent']})." for r in pending.values()]
        for row in ready:
            ordered.append(row)
            done.add(row.values["code"])
            del pending[row.values["code"]]
    return ordered, []


def _write(row: Row, actor, units: dict[str, Unit], result: ImportResult) -> None:
    v = row.values
    unit = units.get(v["code"])
    if unit is None:
        units[v["code"]] = unit_create(
            actor=actor, code=v["code"], name=v["name"], level=v["level"], kind=v["kind"],
            parent=units[v["parent"]] if v["parent"] else None, valid_from=v["valid_from"],
            **{k: v[k] for k in (*FLAGS, "ethnic_languages")},
        )
        result.created.append(v["code"])
        return
    changes = {k: v[k] for k in ("name", "kind", *FLAGS, "ethnic_languages") if getattr(unit, k) != v[k]}
    if changes:
        unit_update(actor=actor, unit=unit, **changes)
        result.updated.append(v["code"])
    else:
        result.unchanged.append(v["code"])


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages).rstrip(".")


def units_import(*, actor, source: Source, filename: str = "") -> ImportResult:
    """Import units from ``source``; raises ImportFailed (nothing written) or PermissionDenied.
    A collision with a concurrent import is retried once, then a message (``write_retrying``)."""
    check_can_restructure(actor)
    return write_retrying(lambda _problems: _units_import(actor=actor, source=source, filename=filename), Problems())


@transaction.atomic
def _units_import(*, actor, source: Source, filename: str = "") -> ImportResult:
    rows, errors = _read(source, filename)
    codes = {r.values["code"] for r in rows} | {r.values["parent"] for r in rows if r.values["parent"]}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes).select_related("parent")}
    errors += _check_file(rows, units)
    in_file = {r.values["code"] for r in rows}
    ordered, cycle_errors = _in_parent_order(rows, {c for c in units if c not in in_file})
    errors += cycle_errors
    if errors:
        raise ImportFailed(sorted(errors, key=_line_number))
    result = ImportResult()
    for row in ordered:
        try:
            _write(row, actor, units, result)
        except ValidationError as exc:
            errors.append(f"Dòng {row.number}: {_message(exc)}.")
    if errors:  # leaving the atomic block with an exception rolls every row back
        raise ImportFailed(sorted(errors, key=_line_number))
    audit_write(actor=actor, action=AuditEntry.Action.IMPORT, target_type="unit",
                note=f"{filename}: {result.summary}")
    return result


def _line_number(message: str) -> int:
    try:
        return int(message.split(",")[0].split(":")[0].removeprefix("Dòng ").strip())
    except ValueError:
        return 0
