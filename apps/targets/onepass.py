"""A plan in one pass: every percent target of a plan on one date from a handful of statements,
each reading the records once for the whole plan, folded in Python.

``OnePass(ctx)`` collects targets (``add(spec)``, the spec expanded), then ``run()`` executes:

1. the service periods on the date (id, person, unit, rank, position) with one 0/1 column per
   distinct population — one scan;
2. the per-person training facts: ONE ``GROUP BY person`` over the completed lượt up to the date
   with a count (and a sum of hours when needed) per distinct (training filter, window) —
   PostgreSQL one statement; SQLite one per window start, each through an index range;
3. when a ``qualification`` or ``standard`` measure is there, the best level per (person,
   dimension) held by the date of the people of those targets (probed by person), judged in
   Python against the standards in force read once (:mod:`apps.targets.standing`) — no
   correlated NOT EXISTS inside a large statement, which PostgreSQL planned as anti-joins over
   everyone (bench/RESULTS.md, "a plan in one pass");
4. the "before appointment" lượt per person, one statement per training filter;
5. the ids of the population's periods meeting each other row-level measure (ethnic language,
   raised, standards at appointment, hours before appointment): the engine's own expressions as
   the WHERE of its population, so they are evaluated on that population only.

Then, per target, the population's (unit, person) pairs are kept by set look-ups and counted per
unit: what the engine's ``COUNT(DISTINCT person_id)`` per unit counts, whatever number of
periods a person has on the date, without sorting every period by (unit, person) in SQL. No
``IN (SELECT …)`` inside an aggregate's FILTER (whose plan on PostgreSQL turns from a hashed to a
rescanned subplan when the set outgrows ``work_mem``). A unit appears in a target's rows only
when its population there is not empty, as in the engine. Count goals are not here (one query
each, apps/targets/counts.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When

from apps.people.models import Qualification, QualificationLevel, ServicePeriod
from apps.targets.context import Context, TargetError
from apps.targets.measures import (
    _CONDITIONS,
    ALL_OF_PARTS,
    MEASURE_KINDS,
    Window,
    _before_appointment,
    _hours,
    _standards,
    matching_programmes,
    required_level,
    window_of,
)
from apps.targets.population import Scanned, in_force_on, population_q
from apps.targets.standing import Standing
from apps.training.models import (
    IN_COUNTRY,
    DeliveryForm,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)

ONE = Value(1, output_field=IntegerField())
ZERO = Value(0, output_field=IntegerField())


def _key(value) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


@dataclass(frozen=True)
class _Target:
    pop: str  # alias of its population's 0/1 column
    row: str | None  # alias of its row-level measure's 0/1 column (None: none)
    facts: tuple[_Fact, ...]  # conditions on the per-person training facts


@dataclass(eq=False)  # one object per distinct column: hashed by identity
class _Column:
    """One count (and sum of hours) column of the per-person training facts."""

    index: int
    condition: str
    params: list
    start: dt.date | None  # the window's first day (None: none)
    programmes: tuple[int, ...] | None  # the programmes it reads (None: any)
    hours: bool = False


@dataclass(frozen=True)
class _Fact:
    """A person has at least ``times`` lượt of ``column`` (and ``min_hours`` hours of them), or, for
    a lượt before the appointment, at least ``times`` rows in the joined ``table``."""

    column: _Column | None
    times: int
    min_hours: int | None = None
    table: str | None = None
    derived: tuple = ()  # ("qualification", dimension, rank) or ("standard", of): judged in Python


class OnePass:
    """The percent targets of one date, evaluated together by :meth:`run` (one statement)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.pops: dict[str, tuple[str, Q]] = {}
        self.rows: dict[str, tuple[str, str, Q]] = {}
        self.columns: dict[str, _Column] = {}
        self.tables: dict[str, tuple[str, str, tuple]] = {}
        self.targets: list[_Target] = []
        self.as_column: set[str] = set()
        self.standing: Standing | None = None
        self.fostered: dict[str, _Column] = {}

    # --- collecting ---------------------------------------------------------------------------

    def add(self, spec: dict) -> int:
        """Register an (expanded) percent target; its index in :meth:`run`'s list. Raises
        TargetError as the engine would (the measure checked before the population)."""
        pop = spec.get("population") or {}
        measure = spec.get("measure") or {}
        kind = measure.get("kind")
        if kind not in MEASURE_KINDS:
            raise TargetError(f"measure.kind: “{kind}” không hợp lệ.")
        if kind == "count":
            raise TargetError("measure.kind: count là chỉ tiêu đếm, không có mẫu số.")
        row_qs, facts = self._part(kind, measure, pop)
        pop_alias = self._population(pop)
        row_alias = None
        if row_qs:
            key = _key([pop, measure])
            if key not in self.rows:
                condition = Q()
                for q in row_qs:
                    condition &= q
                self.rows[key] = (f"m{len(self.rows)}", pop_alias, condition)
                if _at_appointment_of_position(measure):
                    self.as_column.add(self.rows[key][0])
            row_alias = self.rows[key][0]
        self.targets.append(_Target(pop_alias, row_alias, tuple(facts)))
        return len(self.targets) - 1

    def _population(self, pop: dict) -> str:
        key = _key(pop)
        if key not in self.pops:
            self.pops[key] = (f"p{len(self.pops)}", population_q(pop, self.ctx, self.ctx.at))
        return self.pops[key][0]

    def _part(self, kind: str, measure: dict, pop: dict) -> tuple[list[Q], list[_Fact]]:
        """(row-level conditions, conditions on the facts) of one measure (or part of all_of)."""
        if kind == "trained":
            return [], [self._trained(measure, pop)]
        if kind == "hours":
            if measure.get("min_hours") is None:
                raise TargetError("measure.min_hours: bắt buộc với kind: hours.")
            window = window_of(measure, self.ctx, pop)
            if window.kind == "before_appointment":  # correlated on the row's appointment date
                return [Q(_hours(measure, self.ctx, pop))], []
            column = self._column(measure.get("training"), window, hours=True)
            return [], [_Fact(column, 1, int(measure["min_hours"]))]
        if kind == "all_of":
            return self._all_of(measure, pop)
        if kind == "qualification":
            level = required_level(measure)
            return [], [_Fact(None, 1, derived=("qualification", level.dimension, level.rank))]
        if kind == "standard":
            return [], [self._standard(measure.get("of", "both"))]
        condition = _CONDITIONS[kind](measure, self.ctx, pop)
        return [condition if isinstance(condition, Q) else Q(condition)], []

    def _all_of(self, measure: dict, pop: dict) -> tuple[list[Q], list[_Fact]]:
        parts = measure.get("measures")
        if not isinstance(parts, list) or len(parts) < 2:
            raise TargetError("measure.measures: kind all_of cần một danh sách ít nhất 2 điều kiện.")
        rows: list[Q] = []
        facts: list[_Fact] = []
        for i, part in enumerate(parts):
            kind = (part or {}).get("kind") if isinstance(part, dict) else None
            if kind not in ALL_OF_PARTS:
                raise TargetError(f"measure.measures[{i}].kind: “{kind}” không dùng được trong all_of.")
            part_rows, part_facts = self._part(kind, part, pop)
            rows += part_rows
            facts += part_facts
        return rows, facts

    def _standard(self, of: str) -> _Fact:
        """The standard of the rank and/or position held on the date, judged in Python from the
        per-person best levels (:mod:`apps.targets.standing`); its fostering families are columns
        of the training facts (completed by the date)."""
        _standards()  # the engine's message when apps.standards is not installed
        if self.standing is None:
            self.standing = Standing.read(self.ctx.at)
            for family in self.standing.families():
                self.fostered[family] = self._column({"fostering_families": [family]},
                                                     Window("any", None, self.ctx.at, None, ""))
        return _Fact(None, 1, derived=("standard", of))

    def _trained(self, measure: dict, pop: dict) -> _Fact:
        window = window_of(measure, self.ctx, pop)
        times = max(int(measure.get("min_times", 1)), 1)
        if window.kind == "before_appointment":
            key = _key(measure.get("training"))
            if key not in self.tables:
                done = _before_appointment(measure, self.ctx).order_by().values("person_id").annotate(n=Count("id"))
                sql, params = done.query.sql_with_params()
                self.tables[key] = (f"b{len(self.tables)}", sql, params)
            return _Fact(None, times, table=self.tables[key][0])
        return _Fact(self._column(measure.get("training"), window), times)

    def _column(self, training: dict | None, window: Window, hours: bool = False) -> _Column:
        """The facts column of completed lượt matching ``training`` that ended inside ``window``
        (the condition of the engine's ``people_with``, written on the enrollment row ``e``)."""
        training = training or {}
        programmes = matching_programmes(training)
        key = _key([training, window.start, window.end])
        if key not in self.columns:
            conditions: list[str] = ["e.completed_on <= %s"]
            params: list = [window.end]
            if window.start is not None:
                conditions.append("e.completed_on >= %s")
                params.append(window.start)
            ids = None
            if programmes is not None:
                ids = tuple(sorted(set(programmes.values_list("id", flat=True))))
                conditions.append(_in("e.programme_id", ids))
            if training.get("forms"):
                forms = DeliveryForm.objects.filter(code__in=training["forms"]).values_list("id", flat=True)
                conditions.append(_in("e.form_id", forms))
            if "abroad" in training:
                abroad = ("(e.country NOT IN ('', %s) OR (e.training_class_id IS NOT NULL "
                          "AND tc.country NOT IN ('', %s)))")
                conditions.append(abroad if training["abroad"] else f"NOT {abroad}")
                params += [IN_COUNTRY, IN_COUNTRY]
            self.columns[key] = _Column(len(self.columns), " AND ".join(conditions), params, window.start, ids)
        column = self.columns[key]
        column.hours = column.hours or hours
        return column

    # --- the statement ------------------------------------------------------------------------

    def run(self) -> list[dict[int | None, tuple[int, int]]]:
        """For each added target, {unit id: (denominator, numerator)} over the units where its
        population is not empty (:func:`run_passes` of this pass alone)."""
        return run_passes([self])[0]

    def _finish(self, rows: list[tuple], on: int, facts: dict[_Column, tuple[list[tuple], int, int | None]]
                ) -> list[dict[int | None, tuple[int, int]]]:
        """This pass's results from the shared periods statement (``rows[on]``: on its date, its
        population flags just after) and the shared training facts; runs its own few statements
        (best levels, "before appointment" lượt, row-level measures)."""
        periods = [row for row in rows if row[on]]
        scope = self.ctx.scope_ids()
        if scope is not None:
            rows = [row for row in periods if row[2] in scope]
        members = {alias: [(row[2], row[1], row[0]) for row in (periods if scope is None else rows) if row[on + 1 + i]]
                   for i, alias in enumerate(self._pop_order())}
        dens = {alias: _per_unit(found) for alias, found in members.items()}
        people = self._people_with(facts)
        self._derive(people, periods, members)
        ids = {alias: {row[0] for row in _fetch(sql, params)} for alias, sql, params in self._row_measures()}
        return [self._fold(members[t.pop], dens[t.pop], t, people, ids) for t in self.targets]

    def _derive(self, people: dict[_Fact, set[int]], periods: list[tuple], members) -> None:
        """The people meeting each qualification measure, and those FAILING each standard measure
        (of the people of the targets that read it), from the best levels (one query)."""
        derived = {f for t in self.targets for f in t.facts if f.derived}
        if not derived:
            return
        readers = {t.pop for t in self.targets if any(f.derived for f in t.facts)}
        best = self._best_levels({f.derived[1] for f in derived if f.derived[0] == "qualification"}, readers)
        for fact in derived:
            if fact.derived[0] == "qualification":
                _, dimension, rank = fact.derived
                people[fact] = {person for (person, dim), (_, own) in best.items()
                                if dim == dimension and own is not None and own >= rank}
        standards = [f for f in derived if f.derived[0] == "standard"]
        if not standards:
            return
        assert self.standing is not None
        judged = {fact: {person for t in self.targets if fact in t.facts for _, person, _ in members[t.pop]}
                  for fact in standards}
        everyone = set().union(*judged.values())
        held: dict[int, list[tuple[int | None, int | None]]] = {}
        for row in periods:
            if row[1] in everyone:
                held.setdefault(row[1], []).append((row[3], row[4]))
        fostered = {family: people[_Fact(column, 1)] for family, column in self.fostered.items()}
        levels: dict[int, dict[str, int]] = {}
        for (person, dimension), (any_rank, _) in best.items():
            levels.setdefault(person, {})[dimension] = any_rank
        fails = self.standing.fails
        for fact in standards:
            subjects = ("rank", "position") if fact.derived[1] == "both" else (fact.derived[1],)
            failing = set()
            for person in judged[fact]:
                mine = {family for family, done in fostered.items() if person in done}
                best_of = levels.get(person, {})
                if any(fails(s, rank_id if s == "rank" else position_id, best_of, mine)
                       for rank_id, position_id in held[person] for s in subjects):
                    failing.add(person)
            people[fact] = failing

    def _best_levels(self, own_dimensions: set[str], pops: set[str]) -> dict[tuple[int, str], tuple[int, int | None]]:
        """{(person, dimension): (best level rank held by the date, best among levels of that same
        dimension)} over the dimensions the standards in force and the qualification measures read,
        for the people of the populations ``pops`` (their qualifications probed by person)."""
        dimensions = sorted(own_dimensions | (self.standing.dimensions() if self.standing else set()))
        if not dimensions:
            return {}
        anyone = Q()
        for alias, q in self.pops.values():
            if alias in pops:
                anyone |= q if q else Q(pk__isnull=False)
        who, who_params = self._on_date().filter(anyone).order_by().values("person_id").query.sql_with_params()
        table, lv = Qualification._meta.db_table, QualificationLevel._meta.db_table
        marks = ", ".join(["%s"] * len(dimensions))
        # from the people to their few qualifications (SQLite: CROSS JOIN keeps that order, so the
        # (person, …) index is probed instead of every holder of the dimensions being read)
        join = f"CROSS JOIN {table} q" if connection.vendor == "sqlite" else f"JOIN {table} q ON q.person_id = w.person_id"
        sql = (f"SELECT q.person_id, q.dimension, MAX(l.rank), MAX(CASE WHEN l.dimension = q.dimension "
               f"THEN l.rank END) FROM (SELECT DISTINCT w.person_id FROM ({who}) w) w {join} "
               f"JOIN {lv} l ON l.id = q.level_id WHERE q.person_id = w.person_id AND q.obtained_on <= %s "
               f"AND q.dimension IN ({marks}) GROUP BY q.person_id, q.dimension")
        found = _fetch(sql, [*who_params, self.ctx.at, *dimensions])
        return {(p, d): (r, own) for p, d, r, own in found}

    def _pop_order(self) -> list[str]:
        return [alias for alias, _ in self.pops.values()]

    def _people_with(self, facts_rows: dict[_Column, tuple[list[tuple], int, int | None]]) -> dict[_Fact, set[int]]:
        """{fact: the people who have it}, from the per-person facts and "before appointment" lượt."""
        facts = {fact for target in self.targets for fact in target.facts if not fact.derived}
        facts |= {_Fact(column, 1) for column in self.fostered.values()}
        people: dict[_Fact, set[int]] = {}
        for fact in facts:
            if fact.column is None:
                continue
            found, c, h = facts_rows[fact.column]
            times, least = fact.times, fact.min_hours
            if least is None:
                people[fact] = {row[0] for row in found if row[c] >= times}
            else:
                assert h is not None
                people[fact] = {row[0] for row in found if row[c] >= times and (row[h] or 0) >= least}
        for alias, sql, params in self.tables.values():
            counted = _fetch(sql, params)
            for fact in facts:
                if fact.table == alias:
                    people[fact] = {person for person, n in counted if n >= fact.times}
        return people

    @staticmethod
    def _fold(rows: list[tuple[int, int, int]], dens: Counter, target: _Target, people: dict[_Fact, set[int]],
              ids: dict[str, set[int]]) -> dict[int | None, tuple[int, int]]:
        """{unit: (distinct people of the population, distinct people meeting the measure)}:
        the population's (unit, person, period) rows kept by set look-ups, then counted."""
        meeting = sorted((people[fact] for fact in target.facts if not _failing(fact)), key=len)
        failing = [people[fact] for fact in target.facts if _failing(fact)]
        if target.row:
            kept = ids[target.row]
            rows = [row for row in rows if row[2] in kept]
        if meeting:
            ok = meeting[0].intersection(*meeting[1:]).difference(*failing)
            rows = [row for row in rows if row[1] in ok]
        elif failing:
            bad = set().union(*failing)
            rows = [row for row in rows if row[1] not in bad]
        nums = _per_unit(rows)
        return {unit: (n, nums.get(unit, 0)) for unit, n in dens.items()}

    def sql(self) -> tuple[str, list]:
        """The periods statement and its parameters (for EXPLAIN and the bench)."""
        sql, params, _ = _periods_sql([self])
        return sql, list(params)

    def _on_date(self):
        """Service periods on the date (the engine's ``population_periods`` without a population)."""
        periods = ServicePeriod.objects.filter(in_force_on(self.ctx.at), person__joined_on__lte=self.ctx.at)
        scope = self.ctx.scope_ids()
        return periods if scope is None else periods.filter(unit_id__in=scope)

    def on_date(self) -> Q:
        return in_force_on(self.ctx.at) & Q(person__joined_on__lte=self.ctx.at)

    def _row_measures(self) -> list[tuple[str, str, tuple]]:
        """Per row-level measure, the ids of the population's periods that meet it: the engine's
        query for that target with its measure as a WHERE (so the planner sizes its correlated
        subqueries by the population, not by everyone: PostgreSQL would otherwise hash them over
        every period), hash-joined on the period id."""
        by_alias = {alias: q for alias, q in self.pops.values()}
        found = []
        for alias, pop_alias, q in self.rows.values():
            # OFFSET 0 keeps the subquery from being pulled up into the join (PostgreSQL would then
            # test the measure on every period: minutes at 2,040,000 people). The measure is a
            # WHERE, except "position standard at appointment", tested as a 0/1 column as the
            # engine's FILTER does: as a WHERE PostgreSQL plans its NOT EXISTS as anti-joins over
            # everyone (measured over 40 s at 2,040,000 people, 15 s as a column; the rank one is
            # the other way round: 7.5 s as a WHERE, over 40 s as a column)
            fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
            population = self._on_date().filter(by_alias[pop_alias]).order_by()
            if alias in self.as_column:
                rows = population.annotate(ok=Case(When(q, then=ONE), default=ZERO)).values("id", "ok")
                sql, params = rows.query.sql_with_params()
                found.append((alias, f"SELECT x.id FROM ({sql}{fence}) x WHERE x.ok = 1", params))
            else:
                sql, params = population.filter(q).values("id").query.sql_with_params()
                found.append((alias, f"{sql}{fence}", params))
        return found


def run_passes(passes: list[OnePass]) -> list[list[dict[int | None, tuple[int, int]]]]:
    """The results of several passes (e.g. a date and one year earlier, for the forecasts) with
    the periods read in ONE statement (the periods on any of the dates, a 0/1 column per date and
    per population of each) and the training facts in ONE (PostgreSQL; SQLite: one per window
    start) for all of them; each pass then runs its own few small statements."""
    live = [p for p in passes if p.targets]
    if not live:
        return [[] for _ in passes]
    sql, params, slices = _periods_sql(live)
    rows = _fetch(sql, params)
    facts = _facts_rows(live)
    found = {}
    for one, (start, _) in zip(live, slices, strict=True):
        found[id(one)] = one._finish(rows, start, facts)
    return [found.get(id(p), []) for p in passes]


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _periods_sql(passes: list[OnePass]) -> tuple[str, tuple, list[tuple[int, int]]]:
    """Service periods on any pass's date: id, person, unit, rank, position, then per pass a 0/1
    "on its date" column and one per population of it. Not restricted to the scope (filtered in
    ``_finish``): a standard reads every period of the person. Also the column span of each pass."""
    flags: dict[str, Any] = {"u": Scanned("unit_id")}
    where = Q()
    slices = []
    for k, one in enumerate(passes):
        on = one.on_date()
        where |= on
        start = 5 + len(flags) - 1
        flags[f"on{k}"] = Case(When(on, then=ONE), default=ZERO)
        for alias, q in one.pops.values():
            # the date itself is tested once, by on{k}: a pass reads only its rows
            flags[f"k{k}{alias}"] = Case(When(q, then=ONE), default=ZERO) if q else ONE
        slices.append((start, 5 + len(flags) - 1))
    periods = ServicePeriod.objects.filter(where).order_by().annotate(**flags)
    periods = periods.values("id", "person_id", "u", "rank_id", "position_id", *list(flags)[1:])
    sql, params = periods.query.sql_with_params()
    return sql, params, slices


def _facts_rows(passes: list[OnePass]) -> dict[_Column, tuple[list[tuple], int, int | None]]:
    """{column: (rows of its statement, index of its count, of its hours)} for the columns of all
    the passes. PostgreSQL: one statement (one scan of the lượt, hashed by person). SQLite, which
    reads a table much slower than through an index range: one per window start, each reading
    only the lượt completed since that start (or, without a start, of its programmes). Measured:
    one statement per column, each through the programme index, is slower (the large windows
    read the same lượt several times)."""
    columns = [c for one in passes for c in one.columns.values()]
    if connection.vendor != "sqlite":
        tiers = [columns] if columns else []
    else:
        by_start: dict[dt.date | None, list[_Column]] = {}
        for column in columns:
            by_start.setdefault(column.start, []).append(column)
        tiers = list(by_start.values())
    until = max(one.ctx.at for one in passes)
    found: dict[_Column, tuple[list[tuple], int, int | None]] = {}
    for members in tiers:
        rows = _fetch(*_facts(members, until))
        position = 1
        for column in members:
            found[column] = (rows, position, position + 1 if column.hours else None)
            position += 2 if column.hours else 1
    return found


def _facts(columns: list[_Column], until: dt.date) -> tuple[str, list]:
    """ONE GROUP BY person over the completed lượt up to ``until`` (since the columns' common
    start, of their programmes when they all name some): per column the number of matching
    lượt, and the sum of their hours when an ``hours`` measure reads it."""
    selects, params = ["e.person_id AS person_id"], []
    for column in columns:
        selects.append(f"COUNT(CASE WHEN {column.condition} THEN 1 END)")
        params += column.params
        if column.hours:
            selects.append(f"SUM(CASE WHEN {column.condition} THEN COALESCE(e.hours, 0) ELSE 0 END)")
            params += column.params
    join = ""
    if any("tc." in column.condition for column in columns):
        join = f"LEFT JOIN {TrainingClass._meta.db_table} tc ON tc.id = e.training_class_id"
    where = ["e.status = %s", "e.completed_on <= %s"]
    where_params: list = [EnrollmentStatus.COMPLETED.value, until]
    starts = [column.start for column in columns]
    if all(start is not None for start in starts):
        where.append("e.completed_on >= %s")
        where_params.append(min(start for start in starts if start is not None))
    if all(column.programmes is not None for column in columns):
        where.append(_in("e.programme_id", [p for column in columns for p in column.programmes or ()]))
    sql = (f"SELECT {', '.join(selects)} FROM {Enrollment._meta.db_table} e {join} "
           f"WHERE {' AND '.join(where)} GROUP BY e.person_id")
    return sql, params + where_params


def _per_unit(rows: list[tuple[int, int, int]]) -> Counter:
    """{unit: distinct people} of (unit, person, period) rows (C-level iteration: 60,000 rows)."""
    return Counter(map(itemgetter(0), set(map(itemgetter(0, 1), rows))))


def _failing(fact: _Fact) -> bool:
    """Whether the people of ``fact`` are those who fail it (a standard) rather than meet it."""
    return bool(fact.derived) and fact.derived[0] == "standard"


def _at_appointment_of_position(measure: dict) -> bool:
    if measure.get("kind") == "all_of":
        return any(_at_appointment_of_position(p) for p in measure.get("measures") or [] if isinstance(p, dict))
    return measure.get("kind") == "standard_before_appointment" and measure.get("of", "position") == "position"


def _in(column: str, ids) -> str:
    """``column IN (…)`` with the ids written out (integers from the database), or false."""
    values = sorted(set(ids))
    return f"{column} IN ({', '.join(str(int(v)) for v in values)})" if values else "1 = 0"
