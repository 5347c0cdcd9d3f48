"""Reference data as spreadsheets: export every value (retired ones too), import a file back.

The columns are the catalogue's fields (Vietnamese verbose names) plus "Đang dùng" (Có/Không).
Choices are written by their label and read by label or code; booleans as Có/Không; a
many-to-many (a programme's content areas) as codes separated by commas.

Import contract (as every import of the project): every row is checked and any problem rejects
the whole file with "Dòng N, cột X: lý do" messages, nothing written; a known code updates only
what differs, a new code adds a value; importing the same file again, or the export of the same
data, changes nothing. Writing "Không" in "Đang dùng" retires a value; codes absent from the file
are left as they are (a file may hold only the values being added).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from apps.catalogues import services
from apps.catalogues.registry import Catalogue
from apps.core.tabular import (
    XLSX,
    Column,
    ExportFile,
    FileRejected,
    ImportFailed,
    ImportResult,
    Problems,
    Source,
    blank,
    cell_text,
    column_index,
    header_index,
    lookup_key,
    open_table,
    render_xlsx,
)

ACTIVE = "Đang dùng"
_YES, _NO = {"co", "x", "1", "true", "dung"}, {"", "khong", "0", "false", "sai"}


def columns(cat: Catalogue) -> list[Column]:
    cols = [Column(name, cat.header(name), name in ("code", "name")) for name in cat.fields]
    return cols + [Column("active", ACTIVE, False)]


def _text(cat: Catalogue, name: str, value: Any) -> str:
    field = cat.field(name)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(value)
    choices = dict(field.flatchoices or [])
    return str(choices.get(value, value))


def export_rows(cat: Catalogue):
    yield [c.header for c in columns(cat)]
    queryset = cat.model._default_manager.order_by("code")
    if any(services.is_many(cat, n) for n in cat.fields):
        queryset = queryset.prefetch_related(*[n for n in cat.fields if services.is_many(cat, n)])
    for obj in queryset:
        values = services.values_of(cat, obj)
        yield [_text(cat, c.key, values[c.key]) for c in columns(cat)]


def reference_export(*, actor, cat: Catalogue) -> ExportFile:
    services.check_can_manage(actor)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return ExportFile(f"danh-muc-{cat.key}-{stamp}.xlsx", XLSX, render_xlsx(export_rows(cat), freeze="B2"))


def _cell(cat: Catalogue, name: str, raw: Any) -> Any:
    """A cell as the field's value; ValueError with a Vietnamese reason."""
    field = cat.field(name) if name != "active" else None
    text = cell_text(raw)
    if field is None or isinstance(field, models.BooleanField):
        key = lookup_key(text)
        if not text:
            return True if field is None else bool(field.get_default())
        if key in _YES:
            return True
        if key in _NO:
            return False
        raise ValueError(f"“{text}” không hợp lệ (ghi Có hoặc Không)")
    if isinstance(field, models.ManyToManyField):
        return sorted({part.strip() for part in text.replace(";", ",").split(",") if part.strip()})
    if field.choices:
        if not text:
            return ""
        table = {lookup_key(k): v for v, label in field.flatchoices for k in (v, label) if v != ""}
        if lookup_key(text) not in table:
            labels = ", ".join(str(label) for v, label in field.flatchoices if v != "")
            raise ValueError(f"“{text}” không hợp lệ (chọn: {labels})")
        return table[lookup_key(text)]
    if isinstance(field, models.IntegerField):
        if not text:
            if field.null:
                return None
            return field.get_default()
        try:
            return int(float(text)) if float(text).is_integer() else int(text)
        except ValueError:
            raise ValueError(f"“{text}” không phải số nguyên") from None
    return text


def reference_import(*, actor, cat: Catalogue, source: Source, filename: str = "",
                     dry_run: bool = False) -> ImportResult:
    """Import ``source`` into ``cat`` (all or nothing, idempotent; see the module docstring)."""
    services.check_can_manage(actor)
    cols = columns(cat)
    by_key = {c.key: c for c in cols}
    problems = Problems()
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        with open_table(source, filename) as table:
            index, ignored = column_index(table.headers, header_index(cols), [c for c in cols if c.required],
                                          problems)
            problems.raise_if_any()
            seen: dict[str, int] = {}
            for number, cells in table.rows:
                if blank(cells):
                    continue
                values: dict[str, Any] = {}
                for key, i in index.items():
                    raw = cells[i] if i < len(cells) else None
                    try:
                        values[key] = _cell(cat, key, raw)
                    except ValueError as exc:
                        problems.add(number, by_key[key], str(exc))
                code = values.get("code", "")
                if code in seen:
                    problems.add(number, by_key["code"], f"mã {code} trùng với dòng {seen[code]}")
                elif code:
                    seen[code] = number
                rows.append((number, values))
    except FileRejected as exc:
        raise ImportFailed([str(exc)]) from None
    if not rows and not problems.total:
        raise ImportFailed(["Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề hoặc để trống)."])
    problems.raise_if_any()
    existing = {o.code: o for o in cat.model._default_manager.filter(code__in=[v.get("code") for _, v in rows])}
    created = updated = unchanged = 0
    with transaction.atomic():
        plan = []
        for number, values in rows:
            obj = existing.get(values.get("code"))
            target = obj or cat.model()
            try:
                changes = services.apply_values(cat, target, values)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    problems.add(number, by_key.get(name), " ".join(m.rstrip(".") for m in messages))
                continue
            if obj is None:
                created += 1
                plan.append((target, values, changes, True))
            elif changes:
                updated += 1
                plan.append((target, values, changes, False))
            else:
                unchanged += 1
        problems.raise_if_any()
        result = ImportResult(created=created, updated=updated, unchanged=unchanged, ignored_columns=ignored,
                              dry_run=dry_run)
        if not dry_run:
            for target, values, changes, is_new in plan:
                services.write_checked(actor, cat, target, values, changes, created=is_new)
    return result
