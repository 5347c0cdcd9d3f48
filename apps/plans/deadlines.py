"""Roadmap deadlines: the plan's Vietnamese wording ("02 lần/năm", "Trước 31/8 hàng năm", "quý
IV/2025", "Thường xuyên"…) turned into plain data, and the due dates it implies in a year.

``parse(text)`` returns a dict with ``kind`` and ``text`` (the wording it was read from):

| kind | keys | example |
|---|---|---|
| ``times_per_year`` | ``times`` | "02 lần/năm" |
| ``yearly_by`` | ``month``, ``day`` | "Trước 31/8 hàng năm" |
| ``yearly_quarter`` | ``quarter`` | "Trong quý IV hàng năm" |
| ``yearly`` | – | "Hàng năm", "Theo kế hoạch hàng năm của cơ quan, đơn vị" |
| ``by_date`` | ``date`` (ISO) | "Trước 31/3/2021" |
| ``year`` | ``year`` | "Năm 2021", "trong năm 2023" |
| ``quarter`` | ``quarter``, ``year`` | "quý IV/2025" |
| ``half_year`` | ``half`` (1 or 2) | "6 tháng đầu năm" (due 30/06 every year), "6 tháng cuối năm" (31/12) |
| ``after_years`` | ``years`` | "sau 3 năm" (thực hiện kế hoạch): due the day before the plan's start plus that many years |
| ``continuous`` | – | "Thường xuyên", "Thường xuyên trong năm" |
| ``period`` | – | "Trong giai đoạn thực hiện kế hoạch" |
| ``multiple`` | ``parts`` (each a parsed deadline with a ``label``) | "Sơ kết trong năm 2023 và tổng kết trong quý IV/2025", "sơ kết sau 3 năm, tổng kết sau 5 năm" |
| ``per_item`` | ``items`` (each a parsed deadline with an ``item`` letter) | "a) Trước 31/3/2021 b) Trước 31/8 hàng năm" |
| ``other`` | – | anything else, kept as text |

Pure functions, no database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

Deadline = dict[str, Any]

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_QUARTER = r"qu[ýy]\s+(iv|iii|ii|i|[1-4])"
_ITEM = re.compile(r"(?:^|\s)([a-zđ])\)\s+", re.IGNORECASE)
_PART_LABEL = re.compile(r"^(.*?)\s+(?=(?:trong|trước|vào|năm|quý|sau|6 tháng)\b)", re.IGNORECASE)
_PART_SPLIT = re.compile(r"\s*[,;]\s*|\s+và\s+")


def _quarter(token: str) -> int:
    return ROMAN.get(token.upper()) or int(token)


def _quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _valid_day(day: int, month: int, year: int = 2000) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _simple(text: str) -> Deadline | None:
    """One deadline phrase, or None when the wording is not one this parser knows."""
    t = " ".join(text.split()).strip().rstrip(".;,").lower()
    if m := re.fullmatch(r"0*(\d+)\s*lần\s*/\s*năm", t):
        return {"kind": "times_per_year", "times": int(m[1])}
    if m := re.search(r"(?:trước|đến|chậm nhất)\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", t):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if _valid_day(day, month, year):
            return {"kind": "by_date", "date": dt.date(year, month, day).isoformat()}
    m = re.search(r"(?:trước|đến|chậm nhất)\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})\s+hàng\s+năm", t)
    if m and _valid_day(int(m[1]), int(m[2])):
        return {"kind": "yearly_by", "month": int(m[2]), "day": int(m[1])}
    if m := re.search(_QUARTER + r"\s*/\s*(\d{4})", t):
        return {"kind": "quarter", "quarter": _quarter(m[1]), "year": int(m[2])}
    if m := re.search(_QUARTER + r"\s+hàng\s+năm", t):
        return {"kind": "yearly_quarter", "quarter": _quarter(m[1])}
    if m := re.fullmatch(r"(?:trong\s+)?năm\s+(\d{4})", t):
        return {"kind": "year", "year": int(m[1])}
    if m := re.fullmatch(r"(?:trong\s+)?(?:0?6|sáu)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+hàng\s+năm)?", t):
        return {"kind": "half_year", "half": 1 if m[1] == "đầu" else 2}
    if m := re.fullmatch(r"sau\s+0*(\d+)\s+năm(?:\s+thực\s+hiện(?:\s+kế\s+hoạch)?)?", t):
        return {"kind": "after_years", "years": int(m[1])}
    if t.startswith("thường xuyên"):
        return {"kind": "continuous"}
    if re.fullmatch(r"trong (?:suốt )?giai đoạn(?: thực hiện kế hoạch)?", t):
        return {"kind": "period"}
    if t.startswith("hàng năm") or re.match(r"theo .*hàng năm", t):
        return {"kind": "yearly"}
    return None


def _with_text(parsed: Deadline | None, text: str) -> Deadline:
    result = dict(parsed) if parsed else {"kind": "other"}
    result["text"] = " ".join(text.split())
    return result


def _per_item(text: str) -> Deadline | None:
    """"a) … b) …": one deadline per lettered sub-item, or None without two such items."""
    marks = list(_ITEM.finditer(text))
    if len(marks) < 2 or marks[0].start() > 1:
        return None
    items = []
    for mark, following in zip(marks, marks[1:] + [None], strict=True):
        chunk = text[mark.end(): following.start() if following else len(text)]
        item = _with_text(parse(chunk), chunk)
        items.append({"item": mark[1].lower(), **item})
    return {"kind": "per_item", "items": items}


def _multiple(text: str) -> Deadline | None:
    """"Sơ kết trong năm 2023 và tổng kết trong quý IV/2025", "sơ kết sau 3 năm, tổng kết sau 5
    năm": labelled deadlines (parts joined by "và", a comma or a semicolon)."""
    pieces = [p for p in _PART_SPLIT.split(text.strip().rstrip(".;,")) if p]
    if len(pieces) < 2:
        return None
    parts = []
    for piece in pieces:
        label_match = _PART_LABEL.match(piece)
        label = label_match[1] if label_match else ""
        rest = piece[label_match.end():] if label_match else piece
        parsed = _simple(rest)
        if parsed is None or parsed["kind"] in ("continuous", "yearly"):
            return None
        parts.append({"label": label, **_with_text(parsed, piece)})
    return {"kind": "multiple", "parts": parts}


def parse(text: str) -> Deadline:
    """The structured form of a roadmap deadline; unknown wording comes back as ``other``."""
    text = text or ""
    if not text.strip():
        return {"kind": "none", "text": ""}
    found = _per_item(text) or _multiple(text) or _simple(text)
    return _with_text(found, text)


def after_years_due(years: int, start: dt.date) -> dt.date:
    """"sau 3 năm" of a plan starting 01/01/2021: 31/12/2023 (three whole years of the plan)."""
    try:
        return start.replace(year=start.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def occurrences(deadline: Deadline, year: int, *, start: dt.date | None = None) -> list[dt.date]:
    """Due dates that ``deadline`` sets inside ``year``, sorted. Continuous, period-long and
    unparsed deadlines set none; "02 lần/năm" is due at the end of each half year. ``start`` (the
    plan's first day) dates "sau N năm"; without it such a deadline sets none."""
    kind = deadline.get("kind")
    dates: list[dt.date] = []
    if kind == "times_per_year":
        times = max(1, min(12, int(deadline["times"])))
        dates = [_month_end(year, round(12 * (i + 1) / times)) for i in range(times)]
    elif kind == "yearly_by":
        day = min(deadline["day"], calendar.monthrange(year, deadline["month"])[1])
        dates = [dt.date(year, deadline["month"], day)]
    elif kind == "yearly_quarter":
        dates = [_quarter_end(year, deadline["quarter"])]
    elif kind == "yearly":
        dates = [dt.date(year, 12, 31)]
    elif kind == "half_year":
        dates = [dt.date(year, 6, 30) if deadline["half"] == 1 else dt.date(year, 12, 31)]
    elif kind == "after_years":
        due = after_years_due(int(deadline["years"]), start) if start else None
        dates = [due] if due and due.year == year else []
    elif kind == "by_date":
        due = dt.date.fromisoformat(deadline["date"])
        dates = [due] if due.year == year else []
    elif kind == "year":
        dates = [dt.date(year, 12, 31)] if deadline["year"] == year else []
    elif kind == "quarter":
        dates = [_quarter_end(year, deadline["quarter"])] if deadline["year"] == year else []
    elif kind in ("multiple", "per_item"):
        for part in deadline.get("parts") or deadline.get("items") or []:
            dates += occurrences(part, year, start=start)
    return sorted(set(dates))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def next_due(deadline: Deadline, on: dt.date, *, until: dt.date | None = None,
             start: dt.date | None = None) -> dt.date | None:
    """The first due date on or after ``on`` (looking two years ahead, never past ``until``);
    ``start`` is the plan's first day (for "sau N năm")."""
    for year in (on.year, on.year + 1, on.year + 2):
        for due in occurrences(deadline, year, start=start):
            if due >= on and (until is None or due <= until):
                return due
    return None


def describe(deadline: Deadline) -> str:
    """A short Vietnamese reading of the parsed form, for the roadmap table."""
    kind = deadline.get("kind")
    if kind == "times_per_year":
        return f"{deadline['times']} lần mỗi năm"
    if kind == "yearly_by":
        return f"hằng năm, trước {deadline['day']:02d}/{deadline['month']:02d}"
    if kind == "yearly_quarter":
        return f"hằng năm, trong quý {deadline['quarter']}"
    if kind == "yearly":
        return "hằng năm"
    if kind == "half_year":
        return "hằng năm, trước 30/06 (6 tháng đầu năm)" if deadline["half"] == 1 else "hằng năm, 6 tháng cuối năm"
    if kind == "after_years":
        return f"sau {deadline['years']} năm thực hiện kế hoạch"
    if kind == "by_date":
        return "trước " + dt.date.fromisoformat(deadline["date"]).strftime("%d/%m/%Y")
    if kind == "year":
        return f"trong năm {deadline['year']}"
    if kind == "quarter":
        return f"quý {deadline['quarter']}/{deadline['year']}"
    if kind == "continuous":
        return "thường xuyên"
    if kind == "period":
        return "trong giai đoạn kế hoạch"
    if kind == "multiple":
        return "; ".join(f"{p['label']}: {describe(p)}".strip(": ") for p in deadline["parts"])
    if kind == "per_item":
        return "; ".join(f"{i['item']}) {describe(i)}" for i in deadline["items"])
    if kind == "none":
        return ""
    return "không xác định được (giữ nguyên văn)"
