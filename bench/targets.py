"""Benchmark: evaluate every target of the seed plan for one date over the demo province, side by
side with hand-written SQL for the same targets, in the same run.

    DATABASE_URL=sqlite:///var/bench_targets.sqlite3 .venv/bin/python bench/targets.py [--at 2024-12-31]
        [--repeat 5] [--append] [--only CODE,CODE] [--title TEXT]
        [--statement-timeout SECONDS] [--work-mem 64MB]   # these two: PostgreSQL only
        [--onepass]   # also the whole plan in one pass (evaluate_plan), checked against both

The database must already hold the demo province (``dtbd migrate`` then ``dtbd demo --persons 60000
--seed 1`` on the same DATABASE_URL); the seed plan (plans/soc-trang-2021-2025.yaml) is loaded when
missing. For each target: the engine's ``evaluate_target`` (median of ``--repeat`` runs after one
warm-up, SQL queries counted), and a hand-written SQL query giving the same per-unit figures
(folded into agencies by the same few lines; the standards targets by correlated NOT EXISTS over
the standard in force, and for "before appointment" a gaps-and-islands window over the person's
service periods to find the day their current rank/position began); the bench
checks that both give the same numerator and denominator. When the engine runs its forecast query (a state
measure not yet met, before its deadline: 2 queries), the hand-written side runs its query for one
year earlier too, so both produce the same outputs. The tree context (shared by a plan run) is
timed once. --append adds the table to bench/RESULTS.md.
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

from apps.accounts.system import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
PLAN_FILE = ROOT / "plans" / "soc-trang-2021-2025.yaml"
sys.path.insert(0, str(ROOT))

# --- hand-written SQL ---------------------------------------------------------------------------
# Every query returns (unit_id, denominator, numerator) rows for the population on :at. Parameters
# are named in the dict below each query; dates are passed as date objects.

# SQLite plans without statistics: a unary + keeps an index out of a term (SQLite's documented
# way). Marked by an inert comment, which run_hand_sql turns into "+" on SQLite only. Used where
# an index would mislead SQLite: the (status, completed_on) index for one person's lượt (it reads
# every completed lượt up to the day), the period validity and unit indexes for the population
# (a scan of the periods and a sort beats fetching every period through an index).
NO_INDEX = "/*+*/"
ON_DATE = f"WHERE {NO_INDEX}sp.valid_from <= %(at)s AND (sp.valid_to IS NULL OR {NO_INDEX}sp.valid_to >= %(at)s) AND p.joined_on <= %(at)s"
GROUP_BY_UNIT = f"GROUP BY {NO_INDEX}sp.unit_id"
POPULATION = f"""
FROM people_serviceperiod sp
JOIN people_person p ON p.id = sp.person_id
{ON_DATE}
"""
CBCC_TINH_HUYEN = " AND sp.category IN ('can_bo', 'cong_chuc') AND sp.level IN ('province', 'district')"
CBCC_XA = " AND sp.category IN ('can_bo', 'cong_chuc') AND sp.level = 'commune'"
VIEN_CHUC = " AND sp.category = 'vien_chuc'"
COUNCIL = """ AND EXISTS (SELECT 1 FROM people_councilmembership cm WHERE cm.person_id = sp.person_id
    AND cm.term = '2021-2026' AND cm.valid_from <= %(at)s AND (cm.valid_to IS NULL OR cm.valid_to >= %(at)s))"""


def by_areas(*codes: str) -> str:
    quoted = ", ".join(f"'{c}'" for c in codes)
    return f"""e.programme_id IN (SELECT pc.programme_id FROM training_programme_content_areas pc
        JOIN training_contentarea ca ON ca.id = pc.contentarea_id WHERE ca.code IN ({quoted}))"""


class People(str):
    """A query of the distinct ``person_id`` who meet a measure (computed once, then joined)."""


def trained(where_programme: str, window: str) -> People:
    """People with a completed lượt of the programmes inside the window."""
    return People(f"""SELECT DISTINCT e.person_id FROM training_enrollment e
        WHERE e.status = 'completed' AND e.completed_on <= %(at)s {window} AND {where_programme}""")


def trained_before_appointment(where_programme: str) -> People:
    """The window ends at the person's appointment date (of their period on the date)."""
    return People(f"""SELECT DISTINCT e.person_id FROM training_enrollment e
        JOIN people_serviceperiod ap ON ap.person_id = e.person_id
        WHERE ap.valid_from <= %(at)s AND (ap.valid_to IS NULL OR ap.valid_to >= %(at)s)
        AND e.status = 'completed' AND e.completed_on <= %(at)s AND e.completed_on <= ap.position_appointed_on
        AND {where_programme}""")


def share(population: str, meets: str) -> str | dict[str, str]:
    """Per unit: the population and those of it who meet ``meets``, a condition on ``sp`` or a
    ``People`` set. A set is LEFT JOINed rather than tested by ``IN (…)`` inside the count:
    PostgreSQL runs such a test as a hashed subplan only while the set's hash table fits in
    work_mem, and otherwise rescans the whole set for every row (at 2,000,000 people: hours).
    SQLite keeps ``IN (…)`` (no DISTINCT), which it computes once into an ephemeral index (the joined form
    was 10–500× slower there: measured 80 s instead of 0.2 s for VC-CHUC-DANH)."""
    if isinstance(meets, People):
        return {"postgresql": f"""SELECT sp.unit_id, COUNT(DISTINCT sp.person_id), COUNT(DISTINCT m.person_id)
        FROM people_serviceperiod sp JOIN people_person p ON p.id = sp.person_id
        LEFT JOIN ({meets}) m ON m.person_id = sp.person_id
        {ON_DATE} {population}
        GROUP BY sp.unit_id""", "sqlite": share(population, f"sp.person_id IN ({meets.replace('SELECT DISTINCT', 'SELECT', 1)})")}
    return f"""SELECT sp.unit_id, COUNT(DISTINCT sp.person_id),
        COUNT(DISTINCT CASE WHEN {meets} THEN sp.person_id END) {POPULATION} {population} {GROUP_BY_UNIT}"""


YEAR = "AND e.completed_on >= %(year_start)s"
TERM = "AND e.completed_on >= (SELECT MIN(valid_from) FROM people_councilmembership WHERE term = '2021-2026')"
BOI_DUONG = "e.programme_id IN (SELECT id FROM training_programme WHERE kind = 'boi_duong')"

HAND_SQL = {
    "CBCC-PHAP-LUAT": share(CBCC_TINH_HUYEN, trained(by_areas("phap_luat"), YEAR)),
    "CBCC-DAO-DUC": share(CBCC_TINH_HUYEN, trained(by_areas("dao_duc"), YEAR)),
    "CBCC-KY-NANG": share(CBCC_TINH_HUYEN, trained(f"{BOI_DUONG} AND {by_areas('ky_nang_thuc_thi')}", YEAR)),
    "XA-CHUYEN-MON": share(CBCC_XA, """EXISTS (SELECT 1 FROM people_qualification q
        WHERE q.person_id = sp.person_id AND q.dimension = 'chuyen_mon' AND q.obtained_on <= %(at)s AND q.level_id IN (
            SELECT id FROM people_qualificationlevel WHERE dimension = 'chuyen_mon' AND rank >= (
                SELECT rank FROM people_qualificationlevel WHERE dimension = 'chuyen_mon' AND code = 'trung_cap')))"""),
    "XA-CAP-NHAT": share(CBCC_XA, trained(
        f"{BOI_DUONG} AND {by_areas('phap_luat', 'ky_nang_thuc_thi', 'chuyen_mon_nghiep_vu', 'dao_duc')}", YEAR)),
    "XA-TIENG-DAN-TOC": """SELECT sp.unit_id, COUNT(DISTINCT sp.person_id), COUNT(DISTINCT CASE WHEN EXISTS (
        SELECT 1 FROM people_qualification q JOIN people_qualificationlevel l ON l.id = q.level_id
        WHERE q.person_id = sp.person_id AND q.dimension = 'tieng_dan_toc' AND q.obtained_on <= %(at)s
        AND l.rank >= (SELECT rank FROM people_qualificationlevel WHERE dimension = 'tieng_dan_toc'
                       AND code = 'su_dung')
        AND (u.ethnic_languages = '' OR (q.language <> ''
             AND UPPER(u.ethnic_languages) LIKE '%%' || UPPER(q.language) || '%%'))) THEN sp.person_id END)
        """ + POPULATION + CBCC_XA + """ AND u.is_ethnic_minority_area
        AND p.ethnicity_id = (SELECT id FROM people_ethnicity WHERE code = '01')
        """ + GROUP_BY_UNIT,
    "XA-KHONG-CHUYEN-TRACH": share(" AND sp.category = 'khong_chuyen_trach'",
                                   trained(BOI_DUONG, "AND e.completed_on >= %(two_years)s")),
    "VC-CHUC-DANH": share(VIEN_CHUC, trained(
        "e.programme_id IN (SELECT id FROM training_programme WHERE fostering_family = 'ngach_chuc_danh')", "")),
    "VC-QUAN-LY-TRUOC-BN": share(
        VIEN_CHUC + " AND sp.position_id IN (SELECT id FROM people_position WHERE is_leadership)",
        trained_before_appointment(
            "e.programme_id IN (SELECT id FROM training_programme WHERE fostering_family = 'chuc_vu')")),
    "VC-DAO-DUC": share(VIEN_CHUC, trained(by_areas("dao_duc"), YEAR)),
    "VC-CHUYEN-NGANH": share(VIEN_CHUC, trained(f"{BOI_DUONG} AND {by_areas('chuyen_mon_nghiep_vu')}", YEAR)),
    "HDND-PHAP-LUAT": share(COUNCIL, trained(by_areas("phap_luat"), TERM)),
    "HDND-KY-NANG": share(COUNCIL, trained(by_areas("dai_bieu_hdnd"), TERM)),
    "HDND-CAP-NHAT": share(COUNCIL, trained(
        "e.programme_id IN (SELECT id FROM training_programme WHERE fostering_family IN ('dai_bieu_hdnd', "
        "'cap_nhat'))", TERM)),
}


# --- standards (apps/standards/selectors.py's definitions) ----------------------------------------
# A person meets the standard of their rank (position) on a day when the standard of that rank
# (position) in force that day (the latest to take effect) has no requirement they lack by then
# (a qualification of the dimension at the minimum's level rank or above, obtained by the day) and,
# when it asks for one, a completed fostering of its family by then. No rank (position), or no
# standard in force: nothing required.


def fails_standard(subject: str, subj: str, day: str, person: str) -> str:
    """EXISTS the standard of ``subj`` in force on ``day`` with something ``person`` lacked then."""
    return f"""EXISTS (SELECT 1 FROM standards_standard st
        WHERE st.{subject}_id = {subj} AND st.effective_from <= {day}
          AND (st.effective_to IS NULL OR st.effective_to >= {day})
          AND NOT EXISTS (SELECT 1 FROM standards_standard nw WHERE nw.{subject}_id = st.{subject}_id
              AND nw.effective_from > st.effective_from AND nw.effective_from <= {day}
              AND (nw.effective_to IS NULL OR nw.effective_to >= {day}))
          AND (EXISTS (SELECT 1 FROM standards_standardrequirement r
                  JOIN people_qualificationlevel ml ON ml.id = r.min_level_id
                  WHERE r.standard_id = st.id AND NOT EXISTS (
                      SELECT 1 FROM people_qualification q JOIN people_qualificationlevel l ON l.id = q.level_id
                      WHERE q.person_id = {person} AND q.dimension = r.dimension AND l.rank >= ml.rank
                        AND q.obtained_on <= {day}))
               OR (st.required_fostering <> '' AND NOT EXISTS (
                  SELECT 1 FROM training_enrollment e JOIN training_programme pg ON pg.id = e.programme_id
                  WHERE e.person_id = {person} AND {NO_INDEX}e.status = 'completed' AND e.completed_on <= {day}
                    AND pg.fostering_family = st.required_fostering))))"""


def meets_standard(population: str, subjects: tuple[str, ...]) -> str:
    """The standards of the rank and/or position of the period on the date, judged on the date."""
    fails = " OR ".join(fails_standard(s, f"sp.{s}_id", "%(at)s", "sp.person_id") for s in subjects)
    return share(population, f"NOT ({fails})")


def meets_standard_at_appointment(population: str, subject: str) -> str:
    """Gaps and islands over the person's periods up to the date: LAG marks where a run of the same
    rank (position) begins, a running SUM numbers the runs, FIRST_VALUE gives each period the day
    its run began (for a position, the recorded appointment date of that first period); the period
    on the date is judged against the standard in force on that day."""
    day = "COALESCE(h.position_appointed_on, h.valid_from)" if subject == "position" else "h.valid_from"
    return f"""WITH pop AS (SELECT sp.id, sp.person_id, sp.unit_id {POPULATION} {population}),
    hist AS (
        SELECT h.id, h.person_id, h.unit_id, h.valid_from, h.{subject}_id AS subj, {day} AS day,
               CASE WHEN h.{subject}_id = LAG(h.{subject}_id) OVER (PARTITION BY h.person_id ORDER BY h.valid_from)
                    THEN 0 ELSE 1 END AS new_run
        FROM people_serviceperiod h
        WHERE h.valid_from <= %(at)s AND h.person_id IN (SELECT person_id FROM pop)),
    runs AS (
        SELECT id, person_id, unit_id, valid_from, subj, day,
               SUM(new_run) OVER (PARTITION BY person_id ORDER BY valid_from ROWS UNBOUNDED PRECEDING) AS run
        FROM hist),
    appointed AS (
        SELECT id, person_id, unit_id, subj,
               FIRST_VALUE(day) OVER (PARTITION BY person_id, run ORDER BY valid_from) AS day
        FROM runs)
    SELECT a.unit_id, COUNT(DISTINCT a.person_id),
           COUNT(DISTINCT CASE WHEN a.subj IS NULL OR NOT {fails_standard(subject, "a.subj", "a.day", "a.person_id")}
                          THEN a.person_id END)
    FROM appointed a WHERE a.id IN (SELECT id FROM pop)
    GROUP BY a.unit_id"""


LEADERSHIP = " AND sp.position_id IN (SELECT id FROM people_position WHERE is_leadership)"
HAND_SQL |= {
    "CBCC-TIEU-CHUAN": meets_standard(CBCC_TINH_HUYEN, ("rank", "position")),
    "CBCC-BN-NGACH": meets_standard_at_appointment(CBCC_TINH_HUYEN, "rank"),
    "CBCC-BN-CHUC-VU": meets_standard_at_appointment(CBCC_TINH_HUYEN + LEADERSHIP, "position"),
    "XA-PHU-HOP-VTVL": meets_standard(" AND sp.category = 'cong_chuc' AND sp.level = 'commune'", ("rank",)),
}

# The ethnic-language query joins the unit; the others do not need it.
HAND_SQL["XA-TIENG-DAN-TOC"] = HAND_SQL["XA-TIENG-DAN-TOC"].replace(
    "JOIN people_person p ON p.id = sp.person_id",
    "JOIN people_person p ON p.id = sp.person_id JOIN organization_unit u ON u.id = sp.unit_id")


def run_hand_sql(code: str, at: dt.date, ctx) -> tuple[int, int]:
    """Run one hand-written query and fold its unit rows into (denominator, numerator)."""
    from django.db import connection

    from apps.targets.context import shift_years

    params = {"at": at, "year_start": dt.date(at.year, 1, 1),
              "two_years": shift_years(at, -2) + dt.timedelta(days=1)}
    sql = HAND_SQL[code]
    if isinstance(sql, dict):
        sql = sql[connection.vendor]
    if connection.vendor == "sqlite":
        sql = sql.replace(NO_INDEX, "+")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    tops: dict = {}
    for unit_id, den, num in rows:
        top = ctx.top_level(unit_id)
        d, n = tops.get(top, (0, 0))
        tops[top] = (d + den, n + num)
    return sum(d for d, _ in tops.values()), sum(n for _, n in tops.values())


# --- driver ---------------------------------------------------------------------------------------


def _setup() -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench_targets.sqlite3'}")
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()


def _plan():
    from apps.plans.models import Plan
    from apps.plans.services import plan_load

    plan = Plan.objects.filter(targets__isnull=False).distinct().first()
    if plan is None:
        plan_load(actor=SYSTEM, text=PLAN_FILE.read_text(encoding="utf-8"))
        plan = Plan.objects.filter(targets__isnull=False).distinct().first()
    return plan


def timed(fn, repeat: int) -> tuple[float, object, int]:
    """(median seconds, last result, SQL statements of the first timed run) after one warm-up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times, queries = [], 0
    for i in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
        if i == 0:
            queries = len(captured)
    return statistics.median(times), result, queries


def _timeout(exc: Exception) -> bool:
    return "statement timeout" in str(exc) or "canceling statement" in str(exc)


def measure(at: dt.date, repeat: int, only: set[str] | None = None) -> tuple[list[tuple], float]:
    """Rows (code, engine result or None, engine s or None, queries, hand s or None, hand figures,
    same figures or None). None times: the statement timeout was hit (PostgreSQL, --statement-timeout)."""
    from django.db import DatabaseError

    from apps.targets.context import Context, shift_years
    from apps.targets.engine import evaluate_target

    plan = _plan()
    period = (plan.period_start, plan.period_end)
    ctx_time, ctx, _ = timed(lambda: Context.build(at=at, period=period), repeat)
    rows = []
    for target in plan.targets.order_by("order"):
        if only and target.code not in only:
            continue
        try:
            engine_s, result, queries = timed(
                lambda t=target: evaluate_target(t.spec, at=at, period=period, code=t.code, ctx=ctx), repeat)
        except DatabaseError as exc:
            if not _timeout(exc):
                raise
            engine_s, result, queries = None, None, None
        hand_s, hand, ok = None, None, None
        if target.code in HAND_SQL:
            # the same outputs: a state measure's forecast needs the figures one year earlier too
            earlier = shift_years(at, -1) if queries and queries > 1 else None
            try:
                hand_s, hands, _ = timed(lambda t=target, e=earlier: (run_hand_sql(t.code, at, ctx),
                                                                     e and run_hand_sql(t.code, e, ctx)), repeat)
                hand = hands[0]
            except DatabaseError as exc:
                if not _timeout(exc):
                    raise
            if result is not None and hand is not None:
                ok = hand == (result["denominator"], result["numerator"])
        rows.append((target.code, result, engine_s, queries, hand_s, hand, ok))
        print(f"{target.code}: engine {'timeout' if engine_s is None else f'{engine_s:.3f} s'}, hand "
              f"{'–' if hand_s is None else f'{hand_s:.3f} s'}", file=sys.stderr, flush=True)
    return rows, ctx_time


def measure_one_pass(at: dt.date, repeat: int, rows: list[tuple]) -> dict:
    """The whole plan through ``evaluate_plan`` (one pass), timed like the rest, its results checked
    against the per-target engine's (every key of every target) and the hand SQL's figures."""
    from apps.targets.engine import evaluate_plan

    plan = _plan()
    seconds, found, queries = timed(lambda: evaluate_plan(plan, at=at, one_pass=True), repeat)
    by_code = {t["code"]: t for t in found["targets"]}
    differs = []
    for code, result, _, _, _, hand, _ in rows:
        mine = by_code.get(code)
        if mine is None or (result is not None and mine != result) or (
                hand is not None and hand != (mine["denominator"], mine["numerator"])):
            differs.append(code)
    print(f"one pass: {seconds:.3f} s, {queries} statements", file=sys.stderr, flush=True)
    return {"seconds": seconds, "queries": queries, "differs": differs, "targets": len(by_code),
            "compared_engine": sum(1 for r in rows if r[1] is not None),
            "compared_hand": sum(1 for r in rows if r[5] is not None)}


def one_pass_report(one: dict, rows: list[tuple], ctx_time: float) -> str:
    """The whole plan three ways, in the same run: the engine target by target, the one pass, and
    the hand-written SQL target by target."""
    engine = [r[2] for r in rows]
    hand = [r[4] for r in rows]
    engine_total = sum(e for e in engine if e is not None) + ctx_time
    hand_total = sum(h for h in hand if h is not None)
    engine_cut = sum(1 for e in engine if e is None)
    hand_cut = sum(1 for h in hand if h is None)

    def cell(total: float, cut: int) -> str:
        more = f"more than {total * 1000:.0f}" if cut else f"{total * 1000:.0f}"
        return more + (f" ({cut} cut by the timeout)" if cut else "")

    def ratio(total: float, cut: int) -> str:
        return ("< " if cut else "") + f"{one['seconds'] / total:.2f}×" if total else ""

    same = "yes" if not one["differs"] else "NO: " + ", ".join(one["differs"])
    return "\n".join([
        "| whole plan | ms | statements | one pass ÷ this |", "|---|---:|---:|---:|",
        f"| engine, target by target (`evaluate_target` each, shared tree) | {cell(engine_total, engine_cut)} | "
        f"{sum(r[3] or 0 for r in rows)} | {ratio(engine_total, engine_cut)} |",
        f"| hand-written SQL, target by target | {cell(hand_total, hand_cut)} | | {ratio(hand_total, hand_cut)} |",
        f"| **one pass** (`evaluate_plan(one_pass=True)`) | **{one['seconds'] * 1000:.0f}** | {one['queries']} | 1 |",
        "", f"One pass gives the same results: {same} ({one['targets']} targets; every key of the "
        f"{one['compared_engine']} the engine finished, numerator and denominator of the "
        f"{one['compared_hand']} the hand SQL finished).", ""])


def _settings() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        values = []
        for name in ("work_mem", "hash_mem_multiplier", "jit", "statement_timeout", "shared_buffers"):
            cursor.execute(f"SHOW {name}")
            values.append(f"{name} {cursor.fetchone()[0]}")
    return "; server settings: " + ", ".join(values)


def _pg_version(number: int) -> str:
    """150020 -> "15.20" (PostgreSQL's server_version_num from 10 on)."""
    return f"{number // 10000}.{number % 10000}"


def report(rows: list[tuple], ctx_time: float, at: dt.date, command: str = "", title: str = "",
           loads: tuple = ()) -> str:
    from django.db import connection

    vendor = connection.vendor
    version = connection.cursor().connection.execute("select sqlite_version()").fetchone()[0] \
        if vendor == "sqlite" else _pg_version(connection.cursor().connection.info.server_version)
    from apps.people.models import Person
    from apps.training.models import Enrollment

    load = f" Load average (1 min) {' → '.join(f'{x:.2f}' for x in loads)} (start → end)." if loads else ""
    lines = [f"## Targets of the seed plan{', ' + title if title else ''}, {vendor} {version} "
             f"({dt.date.today():%d/%m/%Y})", "",
             f"`{command or f'bench/targets.py --at {at}'}`: {Person.objects.count():,} people, "
             f"{Enrollment.objects.count():,} lượt; {platform.processor() or platform.machine()}, "
             f"{os.cpu_count()} cores{_settings()}. Median of the runs after a warm-up.{load}", "",
             "| target | den. | num. | status | engine ms | queries | hand SQL ms | ratio | same figures |",
             "|---|---:|---:|---|---:|---:|---:|---:|---|"]
    engine_total = hand_total = engine_on_hand = 0.0
    timeouts = 0
    for code, result, engine_s, queries, hand_s, hand, ok in rows:
        ratio = ""
        if engine_s is None:
            timeouts += 1
        else:
            engine_total += engine_s
        if hand_s is not None and engine_s is not None:
            hand_total += hand_s
            engine_on_hand += engine_s
            ratio = f"{engine_s / hand_s:.2f}×"
        if result is not None:
            figures = (f"{result['denominator'] if result['denominator'] is not None else '–'} | "
                       f"{result['numerator']} | {result['status']}")
        elif hand is not None:
            figures = f"{hand[0]} | {hand[1]} | (hand SQL)"
        else:
            figures = "| |"
        lines.append(f"| {code} | {figures} | {'timeout' if engine_s is None else f'{engine_s * 1000:.0f}'} | "
                     f"{queries if queries is not None else ''} | "
                     f"{'' if hand_s is None else f'{hand_s * 1000:.0f}'} | {ratio} | "
                     f"{'' if ok is None else ('yes' if ok else f'NO {hand}')} |")
    whole = f"{(engine_total + ctx_time) * 1000:.0f} ms"
    if timeouts:
        whole = f"more than {whole} ({timeouts} target{'s' if timeouts > 1 else ''} cut by the statement timeout)"
    lines += ["", f"Tree context (once per plan run): {ctx_time * 1000:.0f} ms. Whole plan through the engine: "
                  f"{whole}." + (f" Targets timed on both sides: engine {engine_on_hand * 1000:.0f} ms vs hand SQL "
                                 f"{hand_total * 1000:.0f} ms = {engine_on_hand / hand_total:.2f}×." if hand_total else ""),
              ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", default="2024-12-31")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--append", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated target codes (default: every target)")
    parser.add_argument("--title", default="", help="added to the section heading, e.g. '2,000,000 people'")
    parser.add_argument("--statement-timeout", type=int, default=0,
                        help="PostgreSQL: seconds after which a statement is cancelled (the target is reported as timeout)")
    parser.add_argument("--work-mem", default="", help="PostgreSQL: SET work_mem for the run (e.g. 64MB); default: the server's")
    parser.add_argument("--onepass", action="store_true",
                        help="also time the whole plan in one pass (evaluate_plan) and check its results")
    args = parser.parse_args()
    _setup()
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if args.statement_timeout:
                cursor.execute(f"SET statement_timeout = {int(args.statement_timeout) * 1000}")
            if args.work_mem:
                cursor.execute("SELECT set_config('work_mem', %s, false)", [args.work_mem])
    at = dt.date.fromisoformat(args.at)
    load_start = os.getloadavg()[0]
    rows, ctx_time = measure(at, args.repeat, {c.strip() for c in args.only.split(",") if c.strip()} or None)
    one = measure_one_pass(at, args.repeat, rows) if args.onepass else None
    command = "bench/targets.py " + " ".join(a for a in sys.argv[1:] if a != "--append")
    text = report(rows, ctx_time, at, command=command, title=args.title, loads=(load_start, os.getloadavg()[0]))
    if one is not None:
        text += "\n" + one_pass_report(one, rows, ctx_time)
    print(text)
    if args.append:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n" + text)
    return 0 if all(ok is not False for *_, ok in rows) and not (one and one["differs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
