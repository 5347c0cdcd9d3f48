"""A plan in one pass: every percent target of a plan on one date in ONE aggregate statement.

``OnePass(ctx)`` collects targets (``add(spec)``, the spec expanded), then ``run()`` executes::

    SELECT unit, SUM(d_pop), SUM(n_target), …                   -- per unit, one pair per target
    FROM (SELECT unit, person, MAX(pop flag) AS d_…, MAX(CASE WHEN pop AND meets THEN 1 END) AS n_…
          FROM (service periods on the date, one 0/1 column per distinct population and per
                row-level measure: the engine's own Q expressions) r
          LEFT JOIN (ONE GROUP BY person over the completed lượt up to the date: a count and, when
                     needed, a sum of hours per distinct (training filter, window)) f
                 ON f.person_id = r.person_id
          LEFT JOIN (lượt before the appointment, per person; one per such measure) b0 …
          GROUP BY unit, person) g
    GROUP BY unit

What is read once for the whole plan: the service periods on the date (with the person, the
unit where a population or measure needs them), and the completed lượt (one scan, every
``trained``/``hours`` measure a column). The training facts are joined by hash (PostgreSQL) or
an automatic index (SQLite) — no ``IN (SELECT …)`` inside an aggregate's FILTER, whose plan on
PostgreSQL changes from a hashed to a rescanned subplan when the set outgrows ``work_mem``
(bench/RESULTS.md, "Targets of the seed plan at 60,000 and 2,040,000 people").

The other measures (qualification, ethnic language, standards, raised, hours before the
appointment) are the engine's own correlated expressions (apps/targets/measures.py), evaluated
only on the rows of their target's population (a nested CASE). Grouping by (unit, person) first
counts each person once per unit, as the engine's ``COUNT(DISTINCT person_id)`` does, whatever
number of periods they have on the date. A unit appears in a target's rows only when its
population there is not empty, as in the engine. Count goals are not here (one query each,
apps/targets/counts.py).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When

from apps.people.models import ServicePeriod
from apps.targets.context import Context, TargetError
from apps.targets.measures import (
    _CONDITIONS,
    ALL_OF_PARTS,
    MEASURE_KINDS,
    Window,
    _before_appointment,
    _hours,
    matching_programmes,
    window_of,
)
from apps.targets.population import Scanned, in_force_on, population_q
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


@dataclass
class _Column:
    """One count (and sum of hours) column of the per-person training facts."""

    index: int
    condition: str
    params: list
    start: dt.date | None  # the window's first day (None: none)
    programmes: tuple[int, ...] | None  # the programmes it reads (None: any)
    hours: bool = False
    tier: int = 0  # which facts subquery holds it (set by OnePass.sql)


@dataclass(frozen=True)
class _Fact:
    """A person has at least ``times`` lượt of ``column`` (and ``min_hours`` hours of them), or, for
    a lượt before the appointment, at least ``times`` rows in the joined ``table``."""

    column: _Column | None
    times: int
    min_hours: int | None = None
    table: str | None = None

    def joined(self) -> str:
        """The condition on the joined facts."""
        if self.table is not None:
            return f"{self.table}.n >= {self.times}"
        assert self.column is not None
        column = f"f{self.column.tier}.c{self.column.index}"
        text = f"{column} >= {self.times}"
        return text if self.min_hours is None else f"{text} AND f{self.column.tier}.h{self.column.index} >= {self.min_hours}"


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
        population is not empty. One statement (none when no target was added)."""
        if not self.targets:
            return []
        sql, params = self.sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        pops = sorted({t.pop for t in self.targets})
        results: list[dict[int | None, tuple[int, int]]] = [{} for _ in self.targets]
        for row in rows:
            unit, dens, nums = row[0], row[1:1 + len(pops)], row[1 + len(pops):]
            by_pop = dict(zip(pops, dens, strict=True))
            for i, target in enumerate(self.targets):
                if by_pop[target.pop]:
                    results[i][unit] = (int(by_pop[target.pop]), int(nums[i]))
        return results

    def sql(self) -> tuple[str, list]:
        """The statement and its parameters (for EXPLAIN and the bench)."""
        periods_sql, periods_params = self._periods()
        joins, join_params = [], []
        for tier, columns in enumerate(self._tiers()):
            facts_sql, facts_params = self._facts(columns, tier)
            joins.append(f"LEFT JOIN ({facts_sql}) f{tier} ON f{tier}.person_id = r.person_id")
            join_params += facts_params
        for alias, table_sql, table_params in self.tables.values():
            joins.append(f"LEFT JOIN ({table_sql}) {alias} ON {alias}.person_id = r.person_id")
            join_params += list(table_params)
        for alias, rows_sql, rows_params in self._row_measures():
            joins.append(f"LEFT JOIN ({rows_sql}) {alias} ON {alias}.id = r.id")
            join_params += list(rows_params)
        pops = sorted({t.pop for t in self.targets})
        dens = [f"MAX(r.{p}) AS d_{p}" for p in pops]
        nums = [f"MAX(CASE WHEN {' AND '.join(self._meets(t))} THEN 1 ELSE 0 END) AS n{i}"
                for i, t in enumerate(self.targets)]
        sums = [f"SUM(g.d_{p})" for p in pops] + [f"SUM(g.n{i})" for i in range(len(self.targets))]
        sql = (f"SELECT g.u, {', '.join(sums)} FROM (SELECT r.u AS u, r.person_id AS person_id, "
               f"{', '.join(dens + nums)} FROM ({periods_sql}) r {' '.join(joins)} "
               f"GROUP BY r.u, r.person_id) g GROUP BY g.u")
        return sql, list(periods_params) + join_params

    def _tiers(self) -> list[list[_Column]]:
        """The facts columns by subquery. PostgreSQL: all in one (one scan of the lượt). SQLite,
        which reads a table much slower than through an index range: one per window start, each
        reading only the lượt completed since that start (or, without a start, of its programmes)."""
        columns = list(self.columns.values())
        if connection.vendor != "sqlite":
            tiers = [columns] if columns else []
        else:
            by_start: dict[dt.date | None, list[_Column]] = {}
            for column in columns:
                by_start.setdefault(column.start, []).append(column)
            tiers = list(by_start.values())
        for tier, members in enumerate(tiers):
            for column in members:
                column.tier = tier
        return tiers

    @staticmethod
    def _meets(target: _Target) -> list[str]:
        terms = [f"r.{target.pop} = 1"]
        if target.row:
            terms.append(f"{target.row}.id IS NOT NULL")
        return terms + [f"({fact.joined()})" for fact in target.facts]

    def _on_date(self):
        """Service periods on the date (the engine's ``population_periods`` without a population)."""
        periods = ServicePeriod.objects.filter(in_force_on(self.ctx.at), person__joined_on__lte=self.ctx.at)
        scope = self.ctx.scope_ids()
        return periods if scope is None else periods.filter(unit_id__in=scope)

    def _periods(self) -> tuple[str, tuple]:
        """Service periods on the date with the unit, the person and one 0/1 column per population."""
        flags: dict[str, Any] = {"u": Scanned("unit_id")}
        for alias, q in self.pops.values():
            flags[alias] = Case(When(q, then=ONE), default=ZERO) if q else ONE
        periods = self._on_date().order_by().annotate(**flags).values("id", "person_id", *flags)
        return periods.query.sql_with_params()

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

    def _facts(self, columns: list[_Column], tier: int) -> tuple[str, list]:
        """ONE GROUP BY person over the completed lượt up to the date (since the columns' common
        start, of their programmes when they all name some): per column the number of matching
        lượt, and the sum of their hours when an ``hours`` measure reads it."""
        selects, params = ["e.person_id AS person_id"], []
        for column in columns:
            selects.append(f"COUNT(CASE WHEN {column.condition} THEN 1 END) AS c{column.index}")
            params += column.params
            if column.hours:
                selects.append(f"SUM(CASE WHEN {column.condition} THEN COALESCE(e.hours, 0) ELSE 0 END) "
                               f"AS h{column.index}")
                params += column.params
        join = ""
        if any("tc." in column.condition for column in columns):
            join = f"LEFT JOIN {TrainingClass._meta.db_table} tc ON tc.id = e.training_class_id"
        where = ["e.status = %s", "e.completed_on <= %s"]
        where_params: list = [EnrollmentStatus.COMPLETED.value, self.ctx.at]
        starts = [column.start for column in columns]
        if all(start is not None for start in starts):
            where.append("e.completed_on >= %s")
            where_params.append(min(start for start in starts if start is not None))
        if all(column.programmes is not None for column in columns):
            where.append(_in("e.programme_id", [p for column in columns for p in column.programmes or ()]))
        sql = (f"SELECT {', '.join(selects)} FROM {Enrollment._meta.db_table} e {join} "
               f"WHERE {' AND '.join(where)} GROUP BY e.person_id")
        return sql, params + where_params


def _at_appointment_of_position(measure: dict) -> bool:
    if measure.get("kind") == "all_of":
        return any(_at_appointment_of_position(p) for p in measure.get("measures") or [] if isinstance(p, dict))
    return measure.get("kind") == "standard_before_appointment" and measure.get("of", "position") == "position"


def _in(column: str, ids) -> str:
    """``column IN (…)`` with the ids written out (integers from the database), or false."""
    values = sorted(set(ids))
    return f"{column} IN ({', '.join(str(int(v)) for v in values)})" if values else "1 = 0"
