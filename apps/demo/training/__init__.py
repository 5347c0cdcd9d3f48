"""Ten years of training records (2016–2026) for the demo province.

Built after the registry (people, dated service history, qualification profiles, council seats):
a catalogue (apps.demo.catalogue), then classes organised by the agencies and by Sở Nội vụ with
their instructors, budget and enrollments, costs by funding source, certificates and service
commitments. The shape follows the Sóc Trăng plan so that its targets come out partly met:

* every agency has its own diligence (Sở Y tế about 85–90% of its civil servants updated on law
  each year, some districts and the new communes 50–60%), nudged per year (2020 lower);
* each yearly course family has its own rate per group (provincial and district civil servants,
  commune officials, part-time commune workers, public employees), about 0.7 lượt per person-year;
* the political theory, state management, defence, Khmer, IT and language certificates that the
  profiles (apps.demo.qualifications) date inside 2016–2025 become the completions of classes that
  granted them: the row is kept (level unchanged, never lowered), dated at the class's end and
  linked one-to-one from its enrollment (source ``training``); completions after 30/06/2025 add
  new rows, only when the level is above what the person holds;
* a few hundred people in degree and postgraduate training, some abroad, with service commitments;
* the demo's "today" is fixed (:data:`TODAY`), so 2026 classes are partly still running.

People train only while working (joined on or before the class, not gone by its end) and in the
agency their service period places them in at the class's start; no one is in a class twice nor
in two overlapping full-time (tập trung) trainings. One ``random.Random`` seeded from the demo
seed drives every draw and rows are written in a fixed order: the same seed gives the same data.
Rows go in with explicit ids through ``executemany`` (no per-row services, no audit entries: the
demo load has one audit entry).
"""

from __future__ import annotations

import random
import time

from django.core.exceptions import ValidationError
from django.db import connection

from apps.core.vn import format_number
from apps.demo.catalogue import FOSTERING, create_catalogue
from apps.demo.training.planning import (
    Planner,
    council_delegates,
    later_certificates,
    leadership,
    link_certificates,
    link_degrees,
    new_degrees,
    study_tours,
    titles,
    upcoming_shared_classes,
    yearly_updates,
)
from apps.demo.training.rows import Writer
from apps.demo.training.world import TODAY, load_world
from apps.organization.models import Unit
from apps.training.models import (
    ClassBudget,
    ClassInstructor,
    Enrollment,
    EnrollmentCost,
    Instructor,
    Programme,
    ProviderAccount,
    ServiceCommitment,
    TrainingClass,
)

__all__ = ["TODAY", "build_training", "training_reset"]


# --- entry points ------------------------------------------------------------------------------------


def build_training(*, seed: int, progress=None) -> dict:
    """Create the catalogue and 2016–2026 training records over the registry already built by
    apps.demo.province; returns a summary (counts)."""
    say = progress or (lambda message: None)
    rng = random.Random(f"dtbd-demo-training-{seed}")
    taken = sorted(Programme.objects.filter(code__in=[p.code for p in FOSTERING]).values_list("code", flat=True))
    if taken:
        raise ValidationError(f"Đã có chương trình đào tạo, bồi dưỡng mã {', '.join(taken)}: dữ liệu mẫu chỉ tạo trên "
                              f"danh mục chương trình trống (dùng --reset ở chế độ demo).")
    world = load_world(rng)
    cat = create_catalogue(rng)
    plan = Planner(rng, world, cat)
    people = world.by_id
    steps = [("văn bằng, chứng chỉ đã có", lambda: link_certificates(plan, people)),
             ("đào tạo đại học, sau đại học đã có", lambda: link_degrees(plan, people)),
             ("đào tạo trung cấp, sau đại học mới", lambda: new_degrees(plan)),
             ("bồi dưỡng lãnh đạo, quản lý", lambda: leadership(plan)),
             ("bồi dưỡng chức danh nghề nghiệp", lambda: titles(plan)),
             ("chứng chỉ mới sau 30/06/2025", lambda: later_certificates(plan)),
             ("khảo sát, bồi dưỡng ở nước ngoài", lambda: study_tours(plan)),
             ("bồi dưỡng đại biểu HĐND", lambda: council_delegates(plan)),
             ("cập nhật kiến thức hằng năm", lambda: yearly_updates(plan)),
             ("lớp chung sắp khai giảng, đang nhận đăng ký", lambda: upcoming_shared_classes(plan))]
    made = {}
    started = time.perf_counter()
    for label, step in steps:
        made[label] = step()
        say(f"  {label}: {format_number(made[label])} lượt ghi danh ({time.perf_counter() - started:.0f} giây)")
    unit_names = dict(Unit.objects.values_list("id", "name"))
    writer = Writer(rng, world, cat, unit_names)
    for klass in plan.classes:
        if klass.members:
            writer.add(klass)
    say(f"  ghi {format_number(len(writer.rows.enrollments))} lượt học… ({time.perf_counter() - started:.0f} giây)")
    writer.flush()
    rows = writer.rows
    say(f"  đã ghi lớp, lượt học, kinh phí, cam kết ({time.perf_counter() - started:.0f} giây)")
    return {"training_classes": len(rows.classes), "enrollments": len(rows.enrollments),
            "enrollment_costs": len(rows.costs), "commitments": len(rows.commitments),
            "qualifications_linked": len(rows.linked_quals), "qualifications_from_training": len(rows.new_quals)}


def training_reset() -> None:
    """Delete every class, enrollment, cost, commitment, programme, provider and instructor (the
    reference content areas, forms and reimbursement rules stay). Demo mode only: the CLI checks."""
    Through = Programme.content_areas.through
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (ServiceCommitment, EnrollmentCost, Enrollment, ClassInstructor, ClassBudget, TrainingClass,
                      Instructor, ProviderAccount, Through, Programme):
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")
        from apps.training.models import Provider

        cursor.execute(f"DELETE FROM {qn(Provider._meta.db_table)}")

