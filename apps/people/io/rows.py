"""The people import's parsed rows and constants, shared by its parser, resolver and writer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from apps.people.io import seats as S
from apps.people.io.catalogues import LevelInfo, UnitInfo
from apps.people.services import IDENTITY_FIELDS, SERVICE_FIELDS

BATCH = 2000
CHUNK = 5000
NEW_PERIOD_REASON = "Tiếp nhận"
UPDATE_PERIOD_REASON = "Cập nhật từ tệp nhập"

# Column key -> Person attribute.
FIELD_OF = {
    "full_name": "full_name", "gender": "gender", "birth_date": "birth_date",
    "ethnicity": "ethnicity_id", "national_id": "national_id", "joined_on": "joined_on",
    "unit": "unit_id", "category": "category", "rank": "rank_id", "position": "position_id",
    "position_appointed_on": "position_appointed_on", "job_position": "job_position",
    "in_succession_plan": "in_succession_plan",
}
COMPARED = IDENTITY_FIELDS + SERVICE_FIELDS


@dataclass
class QualIn:
    level: LevelInfo
    major: str = ""
    language: str = ""


@dataclass
class RowIn:
    """One parsed row: Person attribute values for the columns the file has."""

    number: int
    code: str
    values: dict[str, Any]
    effective_on: dt.date | None = None
    quals: list[QualIn] = field(default_factory=list)
    stale_unit: UnitInfo | None = None  # the row's unit no longer exists today
    status: str | None = None  # None: keep the recorded status
    status_on: dt.date | None = None
    seats: list[S.SeatIn] | None = None  # None: the file has no council seat columns


def unit_gone(unit: UnitInfo) -> str:
    later = f" (đã sáp nhập vào {unit.successor_code})" if unit.successor_code else ""
    return f"đơn vị {unit.code} không còn hoạt động{later}"


