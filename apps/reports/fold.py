"""The annual statistics' people and lượt figures from ONE grouped read, folded in Python.

The period's lượt (``luot.luot_of``) are read once, grouped by the person and every attribute a
slice looks at (service period's category, level and position; programme; delivery form; the
lượt's and its class's country; gender; ethnicity; the year when asked): about one row per lượt
(64,000 for a province year), no join to the programme. Each distinct attribute tuple is mapped
once to the slice keys it belongs to (the same definitions as ``luot.slices``' Q objects, which the
names pages filter by; ``tests/test_fold.py`` checks both give the same figures), then the
(lượt, set of people) of every tuple is added into each of its keys with C-level set unions.

Cost: one grouped query over the period's lượt plus a few small reads of the reference tables
(programmes, their content areas, leadership positions, the Kinh ethnicity, delivery forms).
Replaces an aggregate with a ``COUNT(DISTINCT …) FILTER`` pair per slice, which made the database
keep one distinctness tree per slice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Value, When

from apps.people.models import Ethnicity, Gender, Position
from apps.reports.luot import KINH, luot_of
from apps.reports.selection import Selection
from apps.training.models import IN_COUNTRY, DeliveryForm, ProgrammeKind

Key = tuple[str, str]

FIELDS = ("sp__category", "sp__level", "sp__position_id", "programme_id", "form_id", "country",
          "training_class__country", "person__gender", "person__ethnicity_id")
HOME = ("", IN_COUNTRY)


@dataclass(frozen=True)
class Folded:
    """(lượt, distinct people) per slice key, the content areas' and the countries' included."""

    luot: dict[Key, int]
    people: dict[Key, int]

    def get(self, key: Key) -> tuple[int, int]:
        return self.luot.get(key, 0), self.people.get(key, 0)


class _Lookups:
    """The small reference tables a slice key is derived from (read once per fold)."""

    def __init__(self) -> None:
        from apps.training.models import Programme

        self.programmes = {pk: (kind, degree, family) for pk, kind, degree, family in
                           Programme.objects.values_list("id", "kind", "degree_level", "fostering_family")}
        self.areas: dict[int, list[str]] = defaultdict(list)
        for pk, code in Programme.content_areas.through.objects.values_list("programme_id", "contentarea__code"):
            self.areas[pk].append(code)
        self.leaders = set(Position.objects.filter(is_leadership=True).values_list("id", flat=True))
        self.kinh = set(Ethnicity.objects.filter(name__iexact=KINH).values_list("id", flat=True))
        self.forms = dict(DeliveryForm.objects.values_list("id", "code"))

    def keys(self, attrs: tuple, dims: frozenset[str] | None) -> tuple[Key, ...]:
        category, level, position, programme, form, country, class_country, gender, ethnicity, *year = attrs
        kind, degree, family = self.programmes.get(programme, ("", "", ""))
        abroad = country not in HOME or (class_country is not None and class_country not in HOME)
        out: list[Key] = [("all", ""), ("category", category), ("level", level), ("kind", kind),
                          ("form", self.forms.get(form, "") if form is not None else ""),
                          ("place", "nuoc_ngoai" if abroad else "trong_nuoc"),
                          ("leader", "co" if position is not None and position in self.leaders else "khong")]
        if kind == ProgrammeKind.DEGREE:
            out.append(("degree", degree))
        elif kind == ProgrammeKind.FOSTERING:
            out.append(("family", family))
        if gender == Gender.FEMALE:
            out.append(("women", "nu"))
        if ethnicity not in self.kinh:
            out.append(("minority", "dtts"))
        out += [("area", code) for code in self.areas.get(programme, ())]
        if abroad:
            out.append(("country", country if country not in HOME else class_country))
        if year:
            out.append(("year", str(year[0])))
        return tuple(k for k in out if dims is None or k[0] in dims)


def year_case(sel: Selection) -> Case:
    """The completion year as an integer, from date comparisons (no date function per row)."""
    whens = [When(completed_on__lt=dt.date(y + 1, 1, 1), then=Value(y)) for y in range(sel.start.year, sel.end.year)]
    return Case(*whens, default=Value(sel.end.year), output_field=IntegerField())


def fold(sel: Selection, *, by_year: bool = False, dims: frozenset[str] | None = None,
         where: Q | None = None) -> Folded:
    """Every slice's (lượt, distinct people) of ``sel``'s lượt (``dims``: only those dimensions).
    ONE grouped query; ``where`` narrows the lượt further."""
    qs = luot_of(sel).order_by()
    if where is not None:
        qs = qs.filter(where)
    fields: tuple[str, ...] = FIELDS
    if by_year:
        qs = qs.annotate(y=year_case(sel))
        fields += ("y",)
    rows = qs.values(*fields, "person_id").annotate(n=Count("id")).values_list(*fields, "person_id", "n")
    combos: dict[tuple, list] = {}
    for row in rows.iterator(chunk_size=10_000):
        entry = combos.get(row[:-2])
        if entry is None:
            entry = combos[row[:-2]] = [0, set()]
        entry[0] += row[-1]
        entry[1].add(row[-2])
    lookups = _Lookups()
    luot: dict[Key, int] = defaultdict(int)
    people: dict[Key, set[int]] = defaultdict(set)
    for attrs, (n, persons) in combos.items():
        for key in lookups.keys(attrs, dims):
            luot[key] += n
            people[key] |= persons
    return Folded(dict(luot), {k: len(v) for k, v in people.items()})
