"""The people import's council seats and status changes (see ``importing`` for the contract).

Council seats ("HĐND 1: nhiệm kỳ / cấp / từ ngày / đến ngày", then "HĐND 2: …"): when the file
has these columns, the groups on a row are *all* of that person's seats — a seat the row lists is
added or has its dates corrected, a seat the person holds that the row does not list is deleted.
A seat is known by its council and term. A file without the columns leaves seats alone.

Status ("Trạng thái", "Ngày trạng thái"): a blank cell keeps the status; "Nghỉ hưu", "Thôi việc",
"Chuyển công tác" with a date ends the open service period the day before (as the person page
does). The same status and date as recorded is no change. Returning to work, or changing a
status that is not "Đang công tác", is done on the person page, where the unit is chosen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from apps.core.tabular import cell_text
from apps.core.tabular import lookup_key as norm
from apps.people.council import (
    CouncilIndex,
    normal_term,
    seat_dates_problem,
    seat_text,
    term_problem,
)
from apps.people.io import columns as C
from apps.people.models import CouncilMembership, Status

STATUS_KEYS = {norm(k): v for v, label in Status.choices for k in (v, label)} | {
    norm("Chuyển công tác"): Status.TRANSFERRED.value, norm("Chuyển đi"): Status.TRANSFERRED.value,
    norm("Đang làm việc"): Status.WORKING.value, norm("Nghỉ việc"): Status.LEFT.value,
}
STATUS_ALLOWED = "Đang công tác, Nghỉ hưu, Thôi việc, Chuyển công tác"
SEATS_LABEL = "Đại biểu HĐND"


@dataclass(frozen=True)
class SeatIn:
    council_id: int
    council_name: str
    term: str
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass
class SeatOps:
    """What one person's seats need: new seats, (seat id, from, to) corrections, ids to delete."""

    create: list[SeatIn] = field(default_factory=list)
    update: list[tuple[int, dt.date, dt.date | None]] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)
    audit: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.create or self.update or self.delete)


def has_seat_columns(index: dict[str, int]) -> bool:
    return any(key.startswith("seat") for key in index)


def parse_status(parser) -> tuple[str | None, dt.date | None]:
    """(status value or None to keep, date) of the row being parsed by ``parser``."""
    status = None
    if "status" in parser.index:
        status = parser._choice(C.STATUS, STATUS_KEYS, "trạng thái", STATUS_ALLOWED)
    status_on = parser._date(C.STATUS_ON) if "status_on" in parser.index else None
    return status, status_on


def parse_seats(parser, councils: CouncilIndex, unit_id: int | None) -> list[SeatIn] | None:
    """The row's seats (None when the file has no seat columns); each bad cell reported once."""
    if not has_seat_columns(parser.index):
        return None
    seats: list[SeatIn] = []
    seen: dict[tuple[int, str], int] = {}
    for n in range(1, C.MAX_SEAT_GROUPS + 1):
        cols = {part: C.BY_KEY[f"seat{n}:{part}"] for part in C.SEAT_PARTS}
        if not any(c.key in parser.index for c in cols.values()):
            continue
        texts = {part: cell_text(parser.raw(c)) for part, c in cols.items()}
        if not any(texts.values()):
            continue
        term = texts["term"]
        if reason := (term_problem(term) if term else "chưa ghi nhiệm kỳ (ví dụ 2021-2026)"):
            parser._error(cols["term"], reason)
            continue
        term = normal_term(term)
        council, reason = councils.resolve(texts["level"], unit_id)
        valid_from, valid_to = parser._date(cols["from"]), parser._date(cols["to"])
        if council is None:
            parser._error(cols["level"], reason)
            continue
        if (problem := seat_dates_problem(term, valid_from, valid_to)) is not None:
            parser._error(cols[problem[0]], problem[1])
            continue
        if (council.id, term) in seen:
            parser._error(cols["term"], f"ghế {council.name} nhiệm kỳ {term} trùng với nhóm HĐND {seen[council.id, term]}")
            continue
        seen[council.id, term] = n
        assert valid_from is not None
        seats.append(SeatIn(council.id, council.name, term, valid_from, valid_to))
    return seats


def existing_seats(person_ids: Sequence[int]) -> dict[int, list[tuple[int, int, str, str, dt.date, dt.date | None]]]:
    """{person id: [(seat id, council id, council name, term, from, to)]} in chunks of 5,000."""
    found: dict[int, list] = {}
    for start in range(0, len(person_ids), 5000):
        rows = CouncilMembership.objects.filter(person_id__in=person_ids[start:start + 5000]).values_list(
            "person_id", "id", "council_id", "council__name", "term", "valid_from", "valid_to")
        for person_id, *rest in rows:
            found.setdefault(person_id, []).append(tuple(rest))
    return found


def _texts(seats) -> str | None:
    parts = sorted(seat_text(name, term, start, end) for name, term, start, end in seats)
    return "; ".join(parts) or None


def plan_seats(held: list[tuple], wanted: list[SeatIn]) -> SeatOps:
    """The writes turning ``held`` (rows of :func:`existing_seats`) into ``wanted``."""
    ops = SeatOps()
    by_key = {(council_id, term): (seat_id, start, end) for seat_id, council_id, _, term, start, end in held}
    wanted_keys = set()
    for seat in wanted:
        key = (seat.council_id, seat.term)
        wanted_keys.add(key)
        if key not in by_key:
            ops.create.append(seat)
        elif by_key[key][1:] != (seat.valid_from, seat.valid_to):
            ops.update.append((by_key[key][0], seat.valid_from, seat.valid_to))
    ops.delete = [seat_id for (council_id, term), (seat_id, _, _) in by_key.items()
                  if (council_id, term) not in wanted_keys]
    if ops:
        ops.audit = {SEATS_LABEL: [_texts((name, term, s, e) for _, _, name, term, s, e in held),
                                   _texts((w.council_name, w.term, w.valid_from, w.valid_to) for w in wanted)]}
    return ops


def write_seats(plans: list[tuple[int, SeatOps]]) -> None:
    """Apply every person's seat writes: one DELETE, one bulk UPDATE, one bulk INSERT."""
    deletes = [seat_id for _, ops in plans for seat_id in ops.delete]
    if deletes:
        for start in range(0, len(deletes), 5000):
            CouncilMembership.objects.filter(pk__in=deletes[start:start + 5000]).delete()
    updates = [CouncilMembership(pk=seat_id, valid_from=start, valid_to=end)
               for _, ops in plans for seat_id, start, end in ops.update]
    CouncilMembership.objects.bulk_update(updates, ["valid_from", "valid_to"], batch_size=2000)
    CouncilMembership.objects.bulk_create(
        [CouncilMembership(person_id=person_id, council_id=s.council_id, term=s.term, valid_from=s.valid_from,
                           valid_to=s.valid_to) for person_id, ops in plans for s in ops.create],
        batch_size=2000)
