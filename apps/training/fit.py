"""Does a class's programme fit the people enrolled? (asked before enrolling, marked on the roster)

* a rank-standard course (``ngach_chuc_danh``) is meant for the ranks whose standard in force on
  the class's start asks for exactly the level the course grants (Bồi dưỡng ngạch chuyên viên chính →
  the standard of chuyên viên chính asks "quản lý nhà nước: chuyên viên chính"), and for the people
  one tier below in the same category (eligible to prepare for that rank); anyone else does not fit;
  a course whose target ranks cannot be told (no level granted, no standard asking for it) fits all;
* a leadership course (``chuc_vu``) is for people holding a leadership position on the start date or
  in the succession pool.

Set-based: three queries whatever the number of people (their periods on the date, the standards
asking for the level, the ranks).
"""

from __future__ import annotations

from collections.abc import Iterable

from apps.people.models import Position, Rank, ServicePeriod
from apps.training.models import FosteringFamily, TrainingClass


def _target_ranks(training_class: TrainingClass) -> list[Rank]:
    from apps.standards.models import Standard

    level = training_class.programme.grants_level
    if level is None:
        return []
    standards = (Standard.objects.in_force(training_class.start_date)
                 .filter(rank__isnull=False, requirements__dimension=level.dimension,
                         requirements__min_level=level))
    return list(Rank.objects.filter(pk__in=standards.values("rank_id")))


def misfits(training_class: TrainingClass, person_ids: Iterable[int]) -> dict[int, str]:
    """{person id: the Vietnamese reason} for the people the class's programme does not fit."""
    ids = list(person_ids)
    family = training_class.programme.fostering_family
    if not ids or family not in (FosteringFamily.RANK_STANDARD, FosteringFamily.LEADERSHIP):
        return {}
    day = training_class.start_date
    held = {pk: (rank, position, pool) for pk, rank, position, pool in
            ServicePeriod.objects.on(day).filter(person_id__in=ids)
            .values_list("person_id", "rank_id", "position_id", "in_succession_plan")}
    result: dict[int, str] = {}
    if family == FosteringFamily.LEADERSHIP:
        leaders = set(Position.objects.filter(is_leadership=True).values_list("pk", flat=True))
        for pk in ids:
            _rank, position, pool = held.get(pk, (None, None, False))
            if position not in leaders and not pool:
                result[pk] = "không giữ chức vụ lãnh đạo, quản lý và không trong quy hoạch"
        return result
    targets = _target_ranks(training_class)
    if not targets:
        return {}
    target_ids = {r.pk for r in targets}
    eligible = {(r.category, r.tier + 1) for r in targets}
    ranks = {r.pk: r for r in Rank.objects.filter(pk__in={h[0] for h in held.values() if h[0]})}
    names = ", ".join(sorted(r.name for r in targets))
    for pk in ids:
        rank_id = held.get(pk, (None, None, False))[0]
        rank = ranks.get(rank_id) if rank_id else None
        if rank is None:
            result[pk] = f"chưa có ngạch, chức danh; khóa dành cho {names}"
        elif rank.pk not in target_ids and (rank.category, rank.tier) not in eligible:
            result[pk] = f"đang ở {rank.name}, không thuộc và chưa đủ điều kiện dự thi, xét lên {names}"
    return result
