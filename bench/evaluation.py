"""Benchmark: results of 10,000 evaluation forms for one provider-year, and the learner's page at
the size of the demo province.

    DATABASE_URL=sqlite:///var/bench-eval.sqlite3 .venv/bin/python bench/evaluation.py [--forms 10000] [--repeat 5] [--append]

The database should hold the demo province (``dtbd demo``, 60,000 people). The script adds
provider BENCH-DG with ``--forms`` / 50 classes in year 2031 (50 learners each, campaigns on the
course and programme objects, every form answered, 1 in 20 invalid), written in bulk once and
reused afterwards. Measured: ``evaluation_summary`` of that provider-year (wall, CPU, queries),
then the median ``Server-Timing`` of the provider-year page and of /cua-toi/ for a demo person
with a learner account, beside the people list (reference) in the same run. The learner page's
cold request is measured twice: with the per-person needs (``for_one_person``, the page as it is)
and, as the reference, with the subqueries over everyone (the page before); and for ``--check``
people (default 40, spread over the registry) both forms of the needs are computed and must be
equal (the bench stops otherwise).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
sys.path.insert(0, str(ROOT))
YEAR = 2031


def _setup() -> None:
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()


def _timed(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        result = fn()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return result, seconds, cpu, len(queries)


def _page(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the first request with an empty cache (the learner's needs are cached per data version)
    times, count = [], 0
    for _ in range(repeat + 1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times.append(float(response["Server-Timing"].split("dur=")[1]))
        count = len(queries)
    return times[0], statistics.median(times[1:]), count


def _cold_cpu(client, url: str) -> tuple[float, float]:
    """(wall ms from Server-Timing, CPU ms of this process) of one request with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    cpu = time.process_time()
    response = client.get(url)
    assert response.status_code == 200
    return float(response["Server-Timing"].split("dur=")[1]), (time.process_time() - cpu) * 1000


def _check_needs(n: int) -> tuple[int, int, float, float]:
    """For ``n`` people spread over the registry: the per-person hits and the hits over everyone,
    which must be equal. Returns (people, branches hit in all, seconds per-person, seconds over everyone)."""
    from unittest import mock

    from django.core.cache import cache
    from django.utils import timezone

    from apps.people.models import Person
    from apps.portal import selectors

    today = timezone.localdate()
    cycle = selectors._cycle(today.year)
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    people = list(Person.objects.filter(pk__in=ids[:: max(1, len(ids) // n)][:n]))
    hits, times = {}, {}
    for label, patch in (("per_person", None), ("everyone", lambda q, pid: q)):
        cache.clear()
        selectors._BRANCHES.clear()
        started = time.perf_counter()
        with mock.patch.object(selectors, "for_one_person", patch) if patch else _nothing():
            hits[label] = [selectors._hits(p, cycle, today) for p in people]
        times[label] = time.perf_counter() - started
    if hits["per_person"] != hits["everyone"]:
        bad = [p.code for p, a, b in zip(people, hits["per_person"], hits["everyone"], strict=True) if a != b]
        raise SystemExit(f"per-person needs differ from the needs over everyone for {bad}")
    return len(people), sum(len(h) for h in hits["per_person"]), times["per_person"], times["everyone"]


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _build(forms: int) -> None:
    """BENCH-DG's classes, enrollments, campaigns, forms and answers, in bulk (once)."""
    import random

    from apps.accounts.access import SYSTEM
    from apps.evaluation import services
    from apps.evaluation.definitions import is_valid
    from apps.evaluation.models import Answer, Campaign, CampaignPart, Form
    from apps.organization.models import Unit
    from apps.people.models import Person
    from apps.training.models import DeliveryForm, Enrollment, Programme, Provider, TrainingClass

    if Provider.objects.filter(code="BENCH-DG").exists():
        return
    services.ensure_defaults()
    rng = random.Random(7)
    provider = Provider.objects.create(code="BENCH-DG", name="Trường bồi dưỡng (bench)")
    programme = Programme.objects.filter(kind="boi_duong").order_by("code").first()
    organiser = Unit.objects.order_by("pk").first()
    form = DeliveryForm.objects.order_by("pk").first()
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:50 * (forms // 100)])
    templates = [services.current_template("tt10_2017", o) for o in ("course", "programme")]
    indicators = {t.pk: list(t.indicators.values_list("pk", flat=True)) for t in templates}
    n_classes = forms // 100  # 50 learners × 2 objects per class
    for c in range(n_classes):
        start = dt.date(YEAR, 1 + c % 12, 1 + c % 20)
        klass = TrainingClass.objects.create(code=f"BENCH-DG-{c:04d}", programme=programme, provider=provider,
                                             organiser=organiser, form=form, start_date=start,
                                             end_date=start + dt.timedelta(days=5), status="finished")
        learners = people[(c * 50) % len(people):][:50]
        Enrollment.objects.bulk_create([Enrollment(person_id=p, training_class=klass, programme=programme,
                                                   start_date=klass.start_date, end_date=klass.end_date)
                                        for p in learners])
        campaign = Campaign.objects.create(training_class=klass, number=1, opens_on=klass.end_date,
                                           closes_on=klass.end_date + dt.timedelta(days=20))
        for t in templates:
            part = CampaignPart.objects.create(campaign=campaign, template=t, groups=["learner"],
                                               opens_on=campaign.opens_on, closes_on=campaign.closes_on)
            ids = indicators[t.pk]
            rows = []
            for n, p in enumerate(learners, start=1):
                answered = len(ids) - (2 if n % 20 == 0 else 0)
                rows.append(Form(part=part, number=n, group="learner", person_id=p, total=len(ids), answered=answered,
                                 valid=is_valid(answered, len(ids)), submitted_at=dt.datetime(YEAR, 12, 1, tzinfo=dt.UTC),
                                 comment="Tốt" if n % 10 == 0 else ""))
            made = Form.objects.bulk_create(rows)
            Answer.objects.bulk_create([Answer(form=f, indicator_id=i, score=rng.randint(5, 10))
                                        for f in made for i in ids[:f.answered]], batch_size=5000)
    assert SYSTEM


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--append", action="store_true")
    parser.add_argument("--check", type=int, default=40, help="people whose per-person needs are checked")
    args = parser.parse_args()
    _setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from apps.accounts.access import SYSTEM
    from apps.accounts.services import user_create
    from apps.evaluation.models import Form
    from apps.evaluation.selectors import evaluation_summary
    from apps.people.models import Person
    from apps.training.models import Provider

    settings.ALLOWED_HOSTS = ["*"]
    _, build_s, _, _ = _timed(lambda: _build(args.forms))
    provider = Provider.objects.get(code="BENCH-DG")
    n_forms = Form.objects.filter(part__campaign__training_class__provider=provider).count()
    summary, s_wall, s_cpu, s_q = _timed(lambda: evaluation_summary(SYSTEM, YEAR, provider))
    py = summary.providers[0]
    users = get_user_model().objects
    snv = Client()
    snv.force_login(users.get(username="so_noi_vu"))
    person = Person.objects.filter(category="cong_chuc").order_by("pk").first()
    learner = users.filter(profile__person=person, profile__role="learner").first() or user_create(
        actor=SYSTEM, username="bench_hoc_vien", password="x-bench-x", role="learner", person=person,
        full_name=person.full_name)
    lc = Client()
    lc.force_login(learner)
    pages = [("people list (reference)", snv, "/nhan-su/"),
             ("provider-year results page", snv, f"/danh-gia/co-so/BENCH-DG/{YEAR}/"),
             ("class results page", snv, f"/danh-gia/lop/{py.classes[0].key}/"),
             ("learner page /cua-toi/", lc, "/cua-toi/")]
    figures = [(name, *_page(client, url, args.repeat)) for name, client, url in pages]
    from unittest import mock

    from apps.portal import selectors as portal

    cold = [_cold_cpu(lc, "/cua-toi/") for _ in range(3)]
    first_after_change = []
    for _ in range(2):
        portal._BRANCHES.clear()  # as after a write: the branches are built again too
        first_after_change.append(_cold_cpu(lc, "/cua-toi/"))
    with mock.patch.object(portal, "for_one_person", lambda q, pid: q):
        before = []
        for _ in range(2):
            portal._BRANCHES.clear()
            before.append(_cold_cpu(lc, "/cua-toi/"))
    checked, hit, per_s, all_s = _check_needs(args.check)
    out = [f"## Evaluation: a provider-year of {n_forms:,} forms, and the learner's page, {connection.vendor} "
           f"({dt.date.today():%d/%m/%Y})", "",
           f"- command: `DATABASE_URL=… .venv/bin/python bench/evaluation.py --forms {args.forms} --repeat {args.repeat}`",
           f"- data: the demo province, {Person.objects.count():,} people; provider BENCH-DG, {len(py.classes)} classes "
           f"in {YEAR}, {n_forms:,} forms ({py.results.valid:,} valid), built in {build_s:.1f} s (once)",
           f"- machine: {os.cpu_count()} CPU, Python {platform.python_version()}, shared with other work; "
           f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}", "",
           "| step | wall ms | CPU ms | SQL queries |", "|---|---:|---:|---:|",
           f"| `evaluation_summary(SYSTEM, {YEAR}, BENCH-DG)` | {s_wall * 1000:.0f} | {s_cpu * 1000:.0f} | {s_q} |", "",
           "| page | first ms | then, median ms | SQL queries |", "|---|---:|---:|---:|"]
    out += [f"| {name} | {first:.0f} | {median:.0f} | {q} |" for name, first, median, q in figures]
    out += ["", "| learner page /cua-toi/, empty cache each time | wall ms (each run) | CPU ms (each run) |",
            "|---|---:|---:|",
            f"| per-person needs (as served: branches already built in this process) | "
            f"{' / '.join(f'{w:.0f}' for w, _c in cold)} | {' / '.join(f'{c:.0f}' for _w, c in cold)} |",
            f"| per-person needs, first learner after a write (branches built again) | "
            f"{' / '.join(f'{w:.0f}' for w, _c in first_after_change)} | "
            f"{' / '.join(f'{c:.0f}' for _w, c in first_after_change)} |",
            f"| reference: the needs over everyone, branches built each time (before) | {' / '.join(f'{w:.0f}' for w, _c in before)} | "
            f"{' / '.join(f'{c:.0f}' for _w, c in before)} |", "",
            f"- needs checked: {checked} people spread over the registry, {hit} needs in all, per-person equal to "
            f"over-everyone for each; computing them took {per_s:.2f} s per-person, {all_s:.2f} s over everyone",
            f"- load average (1 min) at the end: {os.getloadavg()[0]:.1f}", "",
            "Goal: under 300 ms for the provider-year results and the learner's page. \"first\" is with an empty "
            "cache: the learner's plan-target and standard needs are one query over their service period, each "
            "`person_id IN (subquery)` restricted to the person (`apps.portal.selectors.for_one_person`); they are "
            "then cached per person, day and data version (10 minutes).", ""]
    text = "\n".join(out)
    print(text)
    if args.append:
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
