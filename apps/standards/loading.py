"""Reading standards from a YAML file (``dtbd standards load FILE``). Format::

    standards:
      - code: CHUCVU-TRUONG_PHONG-2026      # unique; an existing code is updated
        name: Tiêu chuẩn chức vụ Trưởng phòng
        position: TRUONG_PHONG              # or rank: "01.002" (exactly one)
        effective_from: 2026-01-01          # or "01/01/2026"
        effective_to: null                  # optional
        legal_basis: Quyết định …/QĐ-UBND
        requirements: {chuyen_mon: dai_hoc, ly_luan_chinh_tri: trung_cap}
        fostering: chuc_vu                  # optional: a fostering family code
        default: false                      # optional: figures still to be checked
        note: ""                            # optional

Every problem is reported as "Dòng N (mục M), trường X: lý do"; nothing is written unless the
whole file is valid (the service then loads it in one transaction).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from apps.core.vn import parse_date
from apps.standards.services import StandardData

KEYS = {"code", "name", "rank", "position", "effective_from", "effective_to", "legal_basis", "requirements",
        "fostering", "default", "note"}
REQUIRED = ("code", "name", "effective_from", "legal_basis")


class LoadError(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value))


def _item(raw: Any, where: str, errors: list[str]) -> StandardData | None:
    if not isinstance(raw, dict):
        errors.append(f"{where}: mỗi mục phải là một bảng khóa: giá trị.")
        return None
    problems = [f"{where}, trường {key}: không có trường này." for key in sorted(set(raw) - KEYS)]
    problems += [f"{where}, trường {key}: bắt buộc." for key in REQUIRED if not raw.get(key)]
    dates: dict[str, dt.date | None] = {}
    for key in ("effective_from", "effective_to"):
        try:
            dates[key] = _date(raw[key]) if raw.get(key) else None
        except ValueError as exc:
            problems.append(f"{where}, trường {key}: {exc}.")
    requirements = raw.get("requirements") or {}
    if not isinstance(requirements, dict):
        problems.append(f"{where}, trường requirements: phải là bảng lĩnh vực: mã trình độ.")
    errors += problems
    if problems:
        return None
    effective_from = dates["effective_from"]
    assert effective_from is not None  # required above
    return StandardData(
        code=str(raw["code"]), name=str(raw["name"]), rank_code=str(raw.get("rank") or ""),
        position_code=str(raw.get("position") or ""), effective_from=effective_from,
        effective_to=dates["effective_to"], legal_basis=str(raw["legal_basis"]),
        requirements={str(k): str(v) for k, v in requirements.items()},
        required_fostering=str(raw.get("fostering") or ""), is_configurable_default=bool(raw.get("default")),
        note=str(raw.get("note") or ""))


def read_standards(path: str | Path) -> list[StandardData]:
    """Parse and check the shape of every item; raises LoadError listing every problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except OSError as exc:
        raise LoadError([f"Không đọc được tệp {path}: {exc.strerror}."]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LoadError([f"Tệp {path} không phải YAML hợp lệ: {exc}"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("standards"), list) or not data["standards"]:
        raise LoadError(["Tệp phải có danh sách “standards:” với ít nhất một tiêu chuẩn."])
    lines = [item.start_mark.line + 1 for key, value in node.value if key.value == "standards" for item in value.value]
    errors: list[str] = []
    items = [_item(raw, f"Dòng {line} (mục {n})", errors)
             for n, (raw, line) in enumerate(zip(data["standards"], lines, strict=True), start=1)]
    if errors:
        raise LoadError(errors)
    return [item for item in items if item is not None]
