"""Checks of one person's values shared by the web form and the import, so both refuse the same
things with the same words. Pure functions: no database access; each returns Vietnamese reasons
without a trailing period (the import prefixes "Dòng N, cột X: ", the form capitalises them)."""

from __future__ import annotations

import datetime as dt

from apps.core.vn import split_name

MIN_AGE, MAX_AGE = 15, 80
FULL_NAME_MAX = 120
GIVEN_NAME_MAX = 40  # Person.given_name, the last word of the full name


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def full_name_problem(full_name: str) -> str | None:
    if len(full_name) > FULL_NAME_MAX:
        return f"dài quá {FULL_NAME_MAX} ký tự"
    given, _ = split_name(full_name)
    if len(given) > GIVEN_NAME_MAX:
        return f"tên (từ cuối “{given[:20]}…”) dài quá {GIVEN_NAME_MAX} ký tự"
    return None


def birth_date_problem(born: dt.date, *, today: dt.date) -> str | None:
    """A birth date in the future or giving an age under MIN_AGE."""
    if born > today:
        return f"ngày sinh {born:%d/%m/%Y} ở tương lai"
    if age_on(born, today) < MIN_AGE:
        return f"ngày sinh {born:%d/%m/%Y}: chưa đủ {MIN_AGE} tuổi"
    return None


def too_old_problem(born: dt.date, *, today: dt.date) -> str | None:
    """An age over MAX_AGE, checked for people still working (a retiree's record may be older)."""
    if age_on(born, today) > MAX_AGE:
        return f"ngày sinh {born:%d/%m/%Y}: trên {MAX_AGE} tuổi, hãy kiểm tra lại"
    return None


def joined_on_problem(joined: dt.date, *, born: dt.date | None) -> str | None:
    if born is not None and joined < born:
        return "ngày vào cơ quan trước ngày sinh"
    return None
