"""When a roadmap row is due: its parsed deadline (``apps.plans.deadlines``) turned into the
occurrences a plan period holds. Pure functions, no database.

| deadline | occurrences over the period |
|---|---|
| "02 lần/năm" (``times_per_year``) | n per year, on the dates of ``settings.ROADMAP_TIMES_PER_YEAR[n]`` (2: 30/6 and 31/12), else the ends of equal parts of the year |
| "Trước 31/8 hàng năm" (``yearly_by``) | one per year on that day |
| "Trong quý IV hàng năm" (``yearly_quarter``) | one per year, the quarter's last day |
| "Hàng năm", "Theo kế hoạch hàng năm…" (``yearly``) | one per year, 31/12 |
| "Thường xuyên" (``continuous``) | one per year, 31/12: a standing duty is accounted for yearly |
| "Trước 31/3/2021", "Năm 2023", "quý IV/2025" | one, on that date (31/12 for a year, the quarter's end) |
| "Trong giai đoạn thực hiện kế hoạch" (``period``) and wording not understood (``other``, none) | one, at the end of the period |
| "a) … b) …", "Sơ kết … và tổng kết …" | the occurrences of each item or part, labelled |

Recurring occurrences fall inside the period; one-off dates are kept even outside it (the plan
says so). Each occurrence has a ``key`` stable across reloads of the plan: ``[prefix]YEAR-N`` (the
N-th due date of that year) or ``[prefix]period``, so moving a date keeps the task.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from apps.plans import deadlines

DEFAULT_TIMES_PER_YEAR: dict[int, tuple[tuple[int, int], ...]] = {2: ((6, 30), (12, 31))}
YEARLY = ("yearly_by", "yearly_quarter", "yearly")
ONE_OFF = ("by_date", "year", "quarter")


@dataclass(frozen=True)
class Occurrence:
    key: str
    year: int
    due: dt.date
    label: str = ""


def _times_dates(year: int, times: int, table: dict[int, tuple[tuple[int, int], ...]]) -> list[dt.date]:
    if times in table:
        return [dt.date(year, m, min(d, calendar.monthrange(year, m)[1])) for m, d in table[times]]
    return deadlines.occurrences({"kind": "times_per_year", "times": times}, year)


def _one_off(deadline: dict[str, Any]) -> dt.date:
    kind = deadline["kind"]
    if kind == "by_date":
        return dt.date.fromisoformat(deadline["date"])
    year = int(deadline["year"])
    month = 12 if kind == "year" else int(deadline["quarter"]) * 3
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _simple(deadline: dict[str, Any], start: dt.date, end: dt.date, table) -> list[tuple[int, dt.date, str]]:
    """(year, due, label) of one non-compound deadline; year 0 marks the period-long one."""
    kind = deadline.get("kind")
    years = range(start.year, end.year + 1)
    if kind == "times_per_year":
        times = max(1, min(12, int(deadline["times"])))
        return [(y, d, f"Lần {i}/{times}") for y in years
                for i, d in enumerate(_times_dates(y, times, table), 1) if start <= d <= end]
    if kind in YEARLY:
        return [(y, d, "") for y in years for d in deadlines.occurrences(deadline, y) if start <= d <= end]
    if kind == "continuous":
        return [(y, dt.date(y, 12, 31), "") for y in years if start <= dt.date(y, 12, 31) <= end]
    if kind in ONE_OFF:
        due = _one_off(deadline)
        return [(due.year, due, "")]
    return [(0, end, "")]


def _keyed(prefix: str, label_prefix: str, found: list[tuple[int, dt.date, str]]) -> list[Occurrence]:
    out, per_year = [], {}
    for year, due, label in sorted(found, key=lambda f: f[1]):
        if year == 0:
            key = f"{prefix}period"
            year = due.year
        else:
            per_year[year] = per_year.get(year, 0) + 1
            key = f"{prefix}{year}-{per_year[year]}"
        out.append(Occurrence(key, year, due, " · ".join(p for p in (label_prefix, label) if p)))
    return out


def occurrences(deadline: dict[str, Any], start: dt.date, end: dt.date,
                times_per_year: dict[int, tuple[tuple[int, int], ...]] | None = None) -> list[Occurrence]:
    """Every occurrence of ``deadline`` for the period ``start``–``end``, by due date."""
    table = DEFAULT_TIMES_PER_YEAR if times_per_year is None else times_per_year
    kind = deadline.get("kind")
    if kind == "per_item":
        out = []
        for item in deadline["items"]:
            out += _keyed(f"{item['item']}/", f"{item['item']})", _simple(item, start, end, table))
        return sorted(out, key=lambda o: (o.due, o.key))
    if kind == "multiple":
        out = []
        for n, part in enumerate(deadline["parts"], 1):
            out += _keyed(f"p{n}/", part.get("label", "").strip().capitalize(), _simple(part, start, end, table))
        return sorted(out, key=lambda o: (o.due, o.key))
    return _keyed("", "", _simple(deadline, start, end, table))


def configured_times_per_year() -> dict[int, tuple[tuple[int, int], ...]]:
    """``settings.ROADMAP_TIMES_PER_YEAR`` ({times: ((month, day), …)}), default 2 → 30/6, 31/12."""
    from django.conf import settings

    return getattr(settings, "ROADMAP_TIMES_PER_YEAR", DEFAULT_TIMES_PER_YEAR)
