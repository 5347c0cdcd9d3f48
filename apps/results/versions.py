"""Cheap version counters that say when stored plan results are out of date.

Two kinds: ``data`` — anything the target engine reads about people, training, the unit tree and
the catalogues its measures name — and ``plan:<pk>`` — the plan's own rows (a plan reload).
Bumped in the same transaction as the write (a rolled back write leaves the counter as it was):

* per row, by ``post_save``/``m2m_changed`` signals on the engine's input models
  (``INPUT_MODELS``): every service that saves a row (a person edit, a class result, a unit
  created or restructured, a plan target saved);
* once per call, by ``data_changed()``/``plan_changed()`` in the services that write in bulk
  behind the ORM's back (``bulk_create``/``bulk_update``/``QuerySet.update``/``delete``): the
  people, class and enrollment imports, a unit merge or move, a plan reload, the demo build.
  (No ``post_delete`` receiver: one would turn every bulk delete into a row-by-row one.)

Nothing else bumps them: a user account, an annual-plan line, a notification, an audit entry
change no result and leave stored results fresh. A per-process cache is never consulted.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.db.models.signals import m2m_changed, post_save

DATA = "data"

# (app label, model name) of the rows the engine reads; cost, budget, instructor and commitment rows
# of training are left out on purpose (no target counts them).
INPUT_MODELS = [
    ("people", "Ethnicity"), ("people", "Rank"), ("people", "Position"), ("people", "QualificationLevel"),
    ("people", "Person"), ("people", "ServicePeriod"), ("people", "CouncilMembership"),
    ("people", "Qualification"),
    ("training", "ContentArea"), ("training", "DeliveryForm"), ("training", "Programme"),
    ("training", "Provider"), ("training", "TrainingClass"), ("training", "Enrollment"),
    ("organization", "Unit"), ("organization", "UnitLink"), ("organization", "UnitEvent"),
    ("standards", "Standard"), ("standards", "StandardRequirement"),
]
PLAN_MODELS = [("plans", "Plan"), ("plans", "PlanTarget")]


def plan_key(plan_id: int) -> str:
    return f"plan:{plan_id}"


def bump(name: str) -> None:
    """Add one to counter ``name`` (created at 1). One UPDATE (an INSERT the first time)."""
    from apps.results.models import Counter

    if not Counter.objects.filter(name=name).update(value=F("value") + 1):
        _, created = Counter.objects.get_or_create(name=name, defaults={"value": 1})
        if not created:
            Counter.objects.filter(name=name).update(value=F("value") + 1)


def data_changed() -> None:
    """Say that people, training or the unit tree changed (for writes that bypass model signals)."""
    bump(DATA)


def plan_changed(plan_id: int) -> None:
    bump(plan_key(plan_id))


def fingerprint(plan_id: int) -> str:
    """The data version a plan's results depend on: "<data>-<plan>", one indexed query."""
    from apps.results.models import Counter

    values = dict(Counter.objects.filter(name__in=[DATA, plan_key(plan_id)]).values_list("name", "value"))
    return f"{values.get(DATA, 0)}-{values.get(plan_key(plan_id), 0)}"


def _on_input(sender, raw: bool = False, **kwargs) -> None:
    if raw:  # fixtures and restores load rows as they are; the restore path bumps on its own
        return
    data_changed()


def _on_plan(sender, instance=None, raw: bool = False, **kwargs) -> None:
    if raw or instance is None:
        return
    plan_id = instance.pk if sender._meta.model_name == "plan" else getattr(instance, "plan_id", None)
    if plan_id is not None:
        plan_changed(plan_id)


def connect_signals() -> None:
    from django.apps import apps

    for label, name in INPUT_MODELS:
        model: type[models.Model] = apps.get_model(label, name)
        post_save.connect(_on_input, sender=model, dispatch_uid=f"results-save-{label}.{name}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(_on_input, sender=field.remote_field.through,
                                dispatch_uid=f"results-m2m-{label}.{name}.{field.name}")
    for label, name in PLAN_MODELS:
        model = apps.get_model(label, name)
        post_save.connect(_on_plan, sender=model, dispatch_uid=f"results-save-{label}.{name}")


def write_stamp() -> str:
    """Changes after any recorded write, for caches of figures outside the plan results (the
    learner's needs, the annual statistics, which also count costs): the newest audit entry that is
    not a read (every service writes one), the data counter and the newest row of the tables bulk
    loads fill without an audit entry. ONE query of eight indexed scalar subqueries (it is read on
    every request of the pages it keys; eight round trips before)."""
    from django.db import connection

    from apps.core.models import AuditEntry
    from apps.organization.models import Unit
    from apps.people.models import Person, Qualification, ServicePeriod
    from apps.results.models import Counter
    from apps.training.models import Enrollment, EnrollmentCost

    parts = [AuditEntry.objects.exclude(action__in=[AuditEntry.Action.VIEW, AuditEntry.Action.EXPORT])
             .order_by("-id").values("id")[:1],
             Counter.objects.filter(name=DATA).order_by("id").values("value")[:1]]
    parts += [model.objects.order_by("-id").values("id")[:1]  # the largest id: MAX(id) by the primary key
              for model in (Person, ServicePeriod, Qualification, Enrollment, EnrollmentCost, Unit)]
    compiled = [part.query.sql_with_params() for part in parts]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"({sql})" for sql, _ in compiled),
                       [p for _, params in compiled for p in params])
        row = cursor.fetchone()
    return "-".join(str(v or 0) for v in row)
