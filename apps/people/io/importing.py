"""All-or-nothing, idempotent import of people from a spreadsheet.

Contract of :func:`people_import`:

- every row is checked; any problem rejects the whole file with ``ImportFailed`` listing every
  message as "Dòng N, cột X: lý do", and the database is left untouched;
- a valid file is written in one transaction: new codes create a person, their first service
  period and qualifications; known codes are compared field by field and only real differences
  are written (service changes roll the dated history exactly like ``person_update``);
- importing the same file twice writes nothing the second time (no rows, no audit entries).

Cost: reading the file, then a fixed handful of queries (catalogues, the people named in the file
and their open periods and qualifications, in chunks of 5,000 codes), then batched bulk writes.
There is no query per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_entry, audit_write_many, diff
from apps.core.bulk import insert_objects, insert_rows
from apps.core.models import AuditEntry
from apps.core.tabular import (
    FileRejected,
    ImportFailed,
    ImportResult,
    Problems,
    Source,
    cell_text,
    column_index,
    open_table,
    write_retrying,
)
from apps.people.council import CouncilIndex
from apps.people.io import columns as C
from apps.people.io import seats as S
from apps.people.io.catalogues import load_catalogues
from apps.people.io.parsing import _parse_rows, _RowParser
from apps.people.io.resolving import _chunks, _open_periods, _Plan, _Resolver
from apps.people.io.rows import BATCH, COMPARED, NEW_PERIOD_REASON, UPDATE_PERIOD_REASON
from apps.people.models import Person, Qualification, ServicePeriod, Status
from apps.people.services import SERVICE_FIELDS, period_roll_plan
from apps.results.versions import data_changed

# -------------------------------------------------------------------------------------- writing


def _release_swapped_cccds(plan: _Plan) -> None:
    """Numbers moving between people in the same file would trip the unique index mid-update:
    clear the old numbers first (one UPDATE), then write the new ones."""
    moving = [p for p, _, changes, _ in plan.changed if "national_id" in changes]
    if not moving:
        return
    released = {changes["national_id"][0] for _, _, changes, _ in plan.changed if "national_id" in changes}
    wanted = {p.national_id for p in moving} | {p.national_id for p in plan.new_people}
    if released & wanted:
        Person.objects.filter(pk__in=[p.pk for p in moving]).update(national_id=None)


def _write(plan: _Plan, actor, filename: str) -> None:
    """Write the plan: a few statements per 5,000 rows (see ``bulk`` for why not bulk_create)."""
    now = timezone.now()
    note = f"Nhập từ tệp {filename}".strip()
    _release_swapped_cccds(plan)
    _insert_people(plan.new_people, now)
    period_fields = ["person_id", "valid_from", "valid_to", "reason", *SERVICE_FIELDS]
    insert_rows(ServicePeriod, period_fields, (
        (p.pk, p.joined_on, p.status_on - dt.timedelta(days=1) if p.status != Status.WORKING else None,
         NEW_PERIOD_REASON, *(getattr(p, n) for n in SERVICE_FIELDS))
        for p in plan.new_people))
    audit = [(p, AuditEntry.Action.CREATE, diff({}, {n: getattr(p, n) for n in COMPARED}), note)
             for p in plan.new_people]
    changed_people = [p for p, _, _, _ in plan.changed]
    for person in changed_people:
        person.refresh_derived()
        person.updated_at = now
    Person.objects.bulk_update(changed_people, ["updated_at", "given_name", "name_sort_key", "search_text",
                                                "status", "status_on", *COMPARED], batch_size=BATCH)
    insert_objects(_roll_periods(plan))
    _end_periods(plan)
    S.write_seats([(p.pk, ops) for p, ops in plan.seats])
    insert_rows(Qualification, ["person_id", "dimension", "level_id", "major", "language", "obtained_on",
                                "certificate_date", "certificate_number", "issuer", "source"], (
        (p.pk, q.level.dimension, q.level.id, q.major, q.language, on, on, "", "", Qualification.Source.IMPORT)
        for p, q, on in plan.quals))
    for person, row, changes, _ in plan.changed:
        effective = row.effective_on or timezone.localdate()
        audit.append((person, AuditEntry.Action.UPDATE, changes, f"{note}; hiệu lực từ {effective:%d/%m/%Y}"))
    _insert_audit(audit, plan, actor, now)


def _insert_people(people: list[Person], now: dt.datetime) -> None:
    """INSERT the new people, then read their ids back by code (one query per 5,000)."""
    if not people:
        return
    for person in people:
        person.created_at = person.updated_at = now
    insert_objects(people)
    by_code = {p.code: p for p in people}
    for chunk in _chunks(list(by_code)):
        for code, pk in Person.objects.filter(code__in=chunk).values_list("code", "pk"):
            by_code[code].pk = pk
            by_code[code]._state.adding = False


def _insert_audit(audit: Sequence[tuple[Person, str, dict, str]], plan: _Plan, actor, now: dt.datetime) -> None:
    """One entry per created or changed person, as ``apps.core.audit.audit_entry`` builds them."""
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    insert_rows(AuditEntry, ["at", "actor_id", "action", "target_type", "target_id", "target_label",
                             "changes", "note"], (
        (now, actor_id, action, "person", p.pk, str(p)[:255], changes | plan.qual_changes.get(id(p), {}),
         note[:500]) for p, action, changes, note in audit))


def _end_periods(plan: _Plan) -> None:
    """Close the open period of everyone who retired, left or moved out (the day before)."""
    current = _open_periods([p.pk for p, _ in plan.ended])
    closing = []
    for person, on in plan.ended:
        if (period := current.get(person.pk)) is not None:
            period.valid_to = on - dt.timedelta(days=1)
            closing.append(period)
    ServicePeriod.objects.bulk_update(closing, ["valid_to"], batch_size=BATCH)


def _roll_periods(plan: _Plan) -> list[ServicePeriod]:
    """Close or rewrite the open periods of people whose service changed (bulk), return new ones."""
    rolling = [(p, row) for p, row, _, service in plan.changed if service]
    current = _open_periods([p.pk for p, _ in rolling])
    closed: list[ServicePeriod] = []
    rewritten: list[ServicePeriod] = []
    new: list[ServicePeriod] = []
    for person, row in rolling:
        period = current.get(person.pk)
        updates, fresh = period_roll_plan(period, person, row.effective_on or timezone.localdate(),
                                          UPDATE_PERIOD_REASON)
        if period is not None and updates:
            for name, value in updates.items():
                setattr(period, name, value)
            (closed if "valid_to" in updates else rewritten).append(period)
        if fresh is not None:
            new.append(fresh)
    ServicePeriod.objects.bulk_update(closed, ["valid_to"], batch_size=BATCH)
    ServicePeriod.objects.bulk_update(rewritten, ["reason", *SERVICE_FIELDS], batch_size=BATCH)
    return new


# ----------------------------------------------------------------------------------- entry point


def people_import(*, actor, source: Source, filename: str = "", dry_run: bool = False) -> ImportResult:
    """Import ``source`` (xlsx or csv) as ``actor``; see the module docstring for the contract.

    Raises PermissionDenied if the actor may not edit people, ImportFailed with every problem."""
    scope_of(actor).require(Perm.EDIT_PEOPLE, "Bạn không có quyền nhập hồ sơ nhân sự.")
    cat = load_catalogues(actor)
    problems = Problems()
    try:
        with open_table(source, filename) as table:
            if not any(cell_text(h) for h in table.headers):
                raise FileRejected("Tệp trống: không có dòng tiêu đề và dữ liệu (hãy dùng tệp mẫu).")
            index, ignored = column_index(table.headers, C.BY_HEADER_KEY, C.REQUIRED, problems)
            problems.raise_if_any()
            parser = _RowParser(cat, index, problems, CouncilIndex() if S.has_seat_columns(index) else None)
            rows, seen = _parse_rows(table.rows, parser, problems)
    except FileRejected as exc:
        raise ImportFailed([str(exc)]) from None
    if not seen:
        raise ImportFailed(["Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề hoặc để trống)."])

    def check_and_write(problems: Problems) -> ImportResult:
        with transaction.atomic():  # rows that parsed are still checked against the registry
            plan = _Resolver(cat, problems).run(rows)
            problems.raise_if_any()
            result = ImportResult(created=len(plan.new_people), updated=len(plan.changed),
                                  unchanged=plan.unchanged, ignored_columns=ignored, dry_run=dry_run)
            if not dry_run and (plan.new_people or plan.changed):
                _write(plan, actor, filename)
                data_changed()  # stored plan results are stale (apps/results)
                audit_write_many([audit_entry(actor=actor, action=AuditEntry.Action.IMPORT, target_type="person",
                                              note=f"{filename}: {result.summary}")])
        return result

    return write_retrying(check_and_write, problems)

