"""The one validation of personnel codes and class codes, shared by the web forms and the imports.

A code is part of a URL (``/nhan-su/<code>/``, ``/dao-tao/lop/<code>/``), so it holds only ASCII
letters, digits, ``-``, ``_`` and ``.``, starting with a letter or a digit (so never ``.`` or
``..``). A class code may also hold ``/`` between such segments (``CDS/2026/013``); because the
class routes take the code as a path, no segment may be one of the words the routes end with
(``T/sua`` would open the edit page of class ``T``).
"""

from __future__ import annotations

import re

_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_PERSON_CODE = re.compile(rf"{_SEGMENT}\Z")
_CLASS_CODE = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*\Z")

PERSON_CODE_MAX = 32
CLASS_CODE_MAX = 40
# /nhan-su/them/, /nhan-su/nhap/ are pages, not people
PERSON_ROUTE_WORDS = frozenset({"them", "nhap"})
# the last segments of /dao-tao/lop/<code>/…/ routes and the pages beside the class pages
CLASS_ROUTE_WORDS = frozenset({"sua", "giang-vien", "chon-hoc-vien", "ghi-danh", "them", "giang-vien-co-so"})

_ALLOWED = "chỉ gồm chữ không dấu, chữ số, dấu gạch ngang (-), gạch dưới (_) và dấu chấm (.)"


def person_code_problem(code: str) -> str | None:
    """None for a valid personnel code, else the Vietnamese reason (no trailing period)."""
    if len(code) > PERSON_CODE_MAX:
        return f"mã cán bộ dài quá {PERSON_CODE_MAX} ký tự"
    if not _PERSON_CODE.match(code):
        return f"mã cán bộ “{code}” không hợp lệ: {_ALLOWED}, bắt đầu bằng chữ hoặc số"
    if code.lower() in PERSON_ROUTE_WORDS:
        return f"mã cán bộ “{code}” trùng với tên một trang, hãy chọn mã khác"
    return None


def class_code_problem(code: str) -> str | None:
    """None for a valid class code, else the Vietnamese reason (no trailing period)."""
    if len(code) > CLASS_CODE_MAX:
        return f"mã lớp dài quá {CLASS_CODE_MAX} ký tự"
    if not _CLASS_CODE.match(code):
        return (f"mã lớp “{code}” không hợp lệ: {_ALLOWED}, có thể chia phần bằng dấu “/” "
                "(ví dụ LLCT/2025/01), mỗi phần bắt đầu bằng chữ hoặc số")
    if any(part.lower() in CLASS_ROUTE_WORDS for part in code.split("/")):
        return f"mã lớp “{code}” chứa phần trùng với tên một trang ({', '.join(sorted(CLASS_ROUTE_WORDS))})"
    return None


def form_validator(problem):
    """A Django form-field validator raising ``problem(value)`` as a sentence."""

    def validate(value: str) -> None:
        from django.core.exceptions import ValidationError

        reason = problem(value)
        if reason:
            raise ValidationError(reason[0].upper() + reason[1:] + ".")

    return validate
