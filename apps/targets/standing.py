"""The standards in force on a date, read once (two small queries), to judge in Python whether a
person meets the standard of their rank or position from their best level per dimension and the
fostering families they completed: the same rule as apps.standards.selectors.failing_standard (a
requirement is met by a level of that dimension ranked at least the minimum, obtained by the date;
a required fostering family by a completed lượt of it by the date; of overlapping standards in
force, those that took effect last; no standard, nothing required)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Rule:
    """One standard: its requirements (dimension, least level rank) and required fostering family."""

    requirements: tuple[tuple[str, int], ...]
    family: str

    def met_by(self, best: dict[str, int], fostered: set[str]) -> bool:
        if self.family and self.family not in fostered:
            return False
        return all(best.get(dimension, -1) >= rank for dimension, rank in self.requirements)


@dataclass
class Standing:
    """{(subject, rank or position id): the rules in force on ``at``}."""

    at: dt.date
    rules: dict[tuple[str, int], list[Rule]]

    @classmethod
    def read(cls, at: dt.date) -> Standing:
        from apps.standards.models import Standard, StandardRequirement

        in_force = Standard.objects.filter(effective_from__lte=at).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=at))
        wanted: dict[int, tuple[str, int, dt.date, str]] = {}
        for pk, rank_id, position_id, since, family in in_force.values_list(
                "id", "rank_id", "position_id", "effective_from", "required_fostering"):
            subject = ("rank", rank_id) if rank_id is not None else ("position", position_id)
            wanted[pk] = (*subject, since, family or "")
        latest: dict[tuple[str, int], dt.date] = {}
        for kind, sid, since, _ in wanted.values():
            latest[(kind, sid)] = max(since, latest.get((kind, sid), since))
        requirements: dict[int, list[tuple[str, int]]] = {}
        rows = StandardRequirement.objects.filter(standard_id__in=wanted)
        for standard_id, dimension, least in rows.values_list("standard_id", "dimension", "min_level__rank"):
            requirements.setdefault(standard_id, []).append((dimension, least))
        rules: dict[tuple[str, int], list[Rule]] = {}
        for pk, (kind, sid, since, family) in wanted.items():
            if since == latest[(kind, sid)]:  # a newer one in force supersedes it
                rules.setdefault((kind, sid), []).append(Rule(tuple(requirements.get(pk, ())), family))
        return cls(at, rules)

    def families(self) -> set[str]:
        return {rule.family for rules in self.rules.values() for rule in rules if rule.family}

    def dimensions(self) -> set[str]:
        return {d for rules in self.rules.values() for rule in rules for d, _ in rule.requirements}

    def fails(self, subject: str, subject_id: int | None, best: dict[str, int], fostered: set[str]) -> bool:
        """Whether a person holding ``subject_id`` (None: none) fails one of its rules in force."""
        if subject_id is None:
            return False
        return any(not rule.met_by(best, fostered) for rule in self.rules.get((subject, subject_id), ()))
