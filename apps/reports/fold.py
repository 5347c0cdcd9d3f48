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
from typing import Any

from django.db.models import Case, IntegerField, Value, When

from apps.people.models import Ethnicity, Gender, Position
from apps.reports.luot import KINH, luot_of
from apps.reports.selection import Selection
from apps.training.models import IN_COUNTRY, DeliveryForm, ProgrammeKind

Key = tuple[str, str]

FIELDS = ("sp__category", "sp__level", "sp__position_id", "programme_id", "form_id", "country",
          "training_class__country")
PERSON_FIELDS = ("person__gender", "person__ethnicity_id")
HOME = ("", IN_COUNTRY)
PERSON_DIMS = frozenset({"women", "minority"})  # the slices that need the person's row


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

    def keys(self, attrs: tuple, dims: frozenset[str] | None, by_year: bool) -> tuple[Key, ...]:
        """``attrs``: the FIELDS, then the year when ``by_year``, then the PERSON_FIELDS if read."""
        category, level, position, programme, form, country, class_country = attrs[:7]
        year = attrs[7:8] if by_year else ()
        gender, ethnicity = attrs[7 + by_year:] or ("", None)
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
        if ethnicity is not None and ethnicity not in self.kinh:
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


def _rows(sel: Selection, by_year: bool, person: bool, flat: bool):
    """The rows to fold: FIELDS, the year when asked, PERSON_FIELDS when ``person``, then the
    person's id; from the flat copy (``flat``) or from the lượt joined as ``luot_of`` does."""
    fields: tuple[str, ...] = FIELDS + (PERSON_FIELDS if person else ())
    if flat:
        from apps.reports.flat import SOURCE_TO_COLUMN
        from apps.reports.models import FlatLuot

        qs: Any = FlatLuot.objects.filter(completed_on__gte=sel.start, completed_on__lte=sel.end)
        if sel.unit_ids is not None:
            qs = qs.filter(unit_id__in=sorted(sel.unit_ids))
        fields = tuple(SOURCE_TO_COLUMN[f] for f in fields)
    else:
        qs = luot_of(sel).order_by()
    if by_year:
        qs = qs.annotate(y=year_case(sel))
        fields = fields[:7] + ("y",) + fields[7:]
    # a plain fetch, not .iterator(): PostgreSQL plans a server-side cursor for its first rows (no
    # parallel hash joins), 5× slower here; the rows are small tuples (≈ 50 MB for five years)
    return qs.values_list(*fields, "person_id")


def fold(sel: Selection, *, by_year: bool = False, dims: frozenset[str] | None = None,
         flat: bool | None = None) -> Folded:
    """Every slice's (lượt, distinct people) of ``sel``'s lượt (``dims``: only those dimensions).
    ONE query reading a row per lượt (grouping them in the database costs a sort of as many rows
    as it returns: the lượt of a person rarely share every attribute): from the flat copy when it
    is fresh (``flat=None``; True/False force it), else the lượt joined directly."""
    if flat is None:
        from apps.reports.flat import flat_fresh

        flat = flat_fresh()
    rows = _rows(sel, by_year, dims is None or bool(dims & PERSON_DIMS), flat)
    combos: dict[tuple, list] = {}
    for row in rows:
        attrs = row[:-1]
        entry = combos.get(attrs)
        if entry is None:
            entry = combos[attrs] = [0, set()]
        entry[0] += 1
        entry[1].add(row[-1])
    lookups = _Lookups()
    luot: dict[Key, int] = defaultdict(int)
    people: dict[Key, set[int]] = defaultdict(set)
    for attrs, (n, persons) in combos.items():
        for key in lookups.keys(attrs, dims, by_year):
            luot[key] += n
            people[key] |= persons
    return Folded(dict(luot), {k: len(v) for k, v in people.items()})
