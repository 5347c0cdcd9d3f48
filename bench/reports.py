"""Benchmark: the annual statistics (one year), the 5-year plan review and Biểu số 10-BTCTW (one
year) over the demo province, each beside hand-written SQL for the same figures in the same run.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/reports.py [--year 2025]
        [--plan soc-trang-2021-2025] [--at 2025-12-31] [--repeat 5] [--append]

The database must hold the demo province (``dtbd migrate`` then ``dtbd demo --persons 60000
--seed 1``; the demo loads the seed plan). Each side runs once to warm up, then ``--repeat`` times;
the median wall time and the process CPU time (SQLite's work included, PostgreSQL's not) are
reported. The bench checks that both sides give the same figures. The statistics are timed from
the flat copy of the lượt (apps/reports/flat.py, rebuilt first and timed) and read directly (the
copy stale, just after a change). The review's targets are the stored plan results (apps/results,
computed by the demo; bench/targets.py measures the engine against hand-written SQL).
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

VN = "'Việt Nam'"
BASE = """
FROM training_enrollment e
JOIN people_serviceperiod sp ON sp.person_id = e.person_id AND sp.valid_from <= e.start_date
     AND (sp.valid_to IS NULL OR sp.valid_to >= e.start_date)
JOIN people_person p ON p.id = e.person_id
JOIN training_programme pr ON pr.id = e.programme_id
LEFT JOIN training_trainingclass tc ON tc.id = e.training_class_id
LEFT JOIN training_provider pv ON pv.id = e.provider_id
WHERE e.status = 'completed' AND e.completed_on >= %(start)s AND e.completed_on <= %(end)s
"""
ABROAD = f"(e.country NOT IN ('', {VN}) OR (tc.id IS NOT NULL AND tc.country NOT IN ('', {VN})))"
LEADER = "sp.position_id IN (SELECT id FROM people_position WHERE is_leadership)"
KINH = "p.ethnicity_id IN (SELECT id FROM people_ethnicity WHERE lower(name) = 'kinh')"


def area(code: str, alias: str = "e") -> str:
    return (f"{alias}.programme_id IN (SELECT x.programme_id FROM training_programme_content_areas x "
            f"JOIN training_contentarea c ON c.id = x.contentarea_id WHERE c.code = '{code}')")


def annual_slices(forms: list[tuple[int, str]]) -> list[tuple[str, str, str]]:
    """(dim, value, SQL condition) written by hand for every slice of the annual statistics."""
    s = [("all", "", "1 = 1")]
    s += [("category", c, f"sp.category = '{c}'") for c in ("can_bo", "cong_chuc", "vien_chuc", "khong_chuyen_trach")]
    s += [("level", lv, f"sp.level = '{lv}'") for lv in ("province", "district", "commune")]
    s += [("kind", k, f"pr.kind = '{k}'") for k in ("dao_tao", "boi_duong")]
    s += [("degree", d, f"pr.kind = 'dao_tao' AND pr.degree_level = '{d}'")
          for d in ("trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si")]
    s += [("family", f, f"pr.kind = 'boi_duong' AND pr.fostering_family = '{f}'")
          for f in ("ngach_chuc_danh", "chuc_vu", "vi_tri_viec_lam", "cap_nhat", "dai_bieu_hdnd")]
    s += [("form", code, f"e.form_id = {pk}") for pk, code in forms] + [("form", "", "e.form_id IS NULL")]
    s += [("place", "trong_nuoc", f"NOT {ABROAD}"), ("place", "nuoc_ngoai", ABROAD)]
    s += [("leader", "co", LEADER), ("leader", "khong", f"(sp.position_id IS NULL OR NOT {LEADER})")]
    s += [("women", "nu", "p.gender = 'nu'"), ("minority", "dtts", f"NOT {KINH}")]
    return s


def hand_annual(cursor, start, end, forms, *, headline_only=False) -> dict:
    slices = annual_slices(forms)
    if headline_only:
        slices = [x for x in slices if x[0] in ("all", "category", "place", "kind")]
    cols = ", ".join(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END), COUNT(DISTINCT CASE WHEN {c} THEN e.person_id END)"
                     for _d, _v, c in slices)
    cursor.execute(f"SELECT {cols} {BASE}", {"start": start, "end": end})
    row = cursor.fetchone()
    out = {"cells": {(d, v): (int(row[2 * i] or 0), int(row[2 * i + 1] or 0)) for i, (d, v, _c) in enumerate(slices)}}
    if headline_only:
        return out
    cursor.execute(f"""SELECT c.code, COUNT(*), COUNT(DISTINCT e.person_id) {BASE.replace('WHERE', '''
        JOIN training_programme_content_areas x ON x.programme_id = e.programme_id
        JOIN training_contentarea c ON c.id = x.contentarea_id WHERE''')} GROUP BY c.code""", {"start": start, "end": end})
    out["areas"] = {code: (n, p) for code, n, p in cursor.fetchall()}
    place = f"CASE WHEN e.country NOT IN ('', {VN}) THEN e.country ELSE tc.country END"
    cursor.execute(f"SELECT {place}, COUNT(*), COUNT(DISTINCT e.person_id) {BASE} AND {ABROAD} GROUP BY {place}",
                   {"start": start, "end": end})
    out["countries"] = {c: (n, p) for c, n, p in cursor.fetchall()}
    classes = """FROM training_trainingclass tc LEFT JOIN training_enrollment e ON e.training_class_id = tc.id
                 AND e.status = 'completed' WHERE tc.status <> 'cancelled' AND tc.end_date >= %(start)s
                 AND tc.end_date <= %(end)s"""
    for key in ("organiser_id", "provider_id"):
        cursor.execute(f"SELECT tc.{key}, COUNT(DISTINCT tc.id), COUNT(e.id) {classes} GROUP BY tc.{key}",
                       {"start": start, "end": end})
        out[key] = {k: (n, c) for k, n, c in cursor.fetchall()}
    cursor.execute("""SELECT b.funding_source, SUM(b.planned_amount), SUM(b.actual_amount) FROM training_classbudget b
        JOIN training_trainingclass tc ON tc.id = b.training_class_id WHERE tc.status <> 'cancelled'
        AND tc.end_date >= %(start)s AND tc.end_date <= %(end)s GROUP BY b.funding_source""", {"start": start, "end": end})
    sources = {s: [int(p or 0), int(a or 0)] for s, p, a in cursor.fetchall()}
    cursor.execute(f"""SELECT ec.funding_source, SUM(ec.amount) FROM training_enrollmentcost ec WHERE ec.enrollment_id IN
        (SELECT e.id {BASE} AND e.training_class_id IS NULL) GROUP BY ec.funding_source""", {"start": start, "end": end})
    for s, amount in cursor.fetchall():
        sources.setdefault(s, [0, 0])[1] += int(amount or 0)
    out["sources"] = sources
    if end >= dt.date(2025, 7, 1):
        cursor.execute("""SELECT COUNT(DISTINCT sp.person_id), COUNT(DISTINCT CASE WHEN sp.person_id IN (
              SELECT e.person_id FROM training_enrollment e JOIN training_programme pr ON pr.id = e.programme_id
              WHERE e.status = 'completed' AND e.completed_on >= %(from)s AND e.completed_on <= %(end)s
              AND pr.kind = 'boi_duong' GROUP BY e.person_id HAVING SUM(COALESCE(e.hours, 0)) >= 40)
            THEN sp.person_id END)
            FROM people_serviceperiod sp WHERE sp.valid_from <= %(end)s AND (sp.valid_to IS NULL OR sp.valid_to >= %(end)s)
            AND sp.category = 'cong_chuc'""", {"from": max(start, dt.date(2025, 7, 1)), "end": end})
        out["minimum"] = cursor.fetchone()
    prev = (start.replace(year=start.year - 1), end.replace(year=end.year - 1))
    out["previous"] = hand_annual(cursor, *prev, forms, headline_only=True)["cells"]
    return out


def check_annual(stats, hand) -> None:
    for (d, v), (n, p) in hand["cells"].items():
        c = stats.cell(d, v)
        assert (c.luot, c.people) == (n, p), (d, v, (c.luot, c.people), (n, p))
    assert {c.value: (c.luot, c.people) for c in stats.areas} == hand["areas"]
    assert {c.value: (c.luot, c.people) for c in stats.countries} == hand["countries"]
    assert sum(r.classes for r in stats.by_organiser) == sum(n for n, _c in hand["organiser_id"].values())
    assert {r.key: (r.classes, r.luot) for r in stats.by_provider} == hand["provider_id"]
    assert {r.code: [r.planned, r.amount] for r in stats.sources} == {k: v for k, v in hand["sources"].items() if any(v)}
    if "minimum" in hand:
        assert (stats.minimum.civil_servants, stats.minimum.met) == tuple(hand["minimum"])
    for key, (n, p) in hand["previous"].items():
        c = stats.previous[key]
        assert (c.luot, c.people) == (n, p), key


# --- 10-BTCTW, written by hand: (label, SQL over the lượt, SQL over the class `tc`) -------------

def btctw_rows() -> list[tuple[str, str, str]]:
    def both(lượt: str, klass: str) -> tuple[str, str]:
        return lượt, klass

    abroad_c = f"tc.country NOT IN ('', {VN})"
    joint_l, joint_c = f"(COALESCE(pv.is_foreign, FALSE) AND NOT {ABROAD})", f"(pvc.is_foreign AND NOT {abroad_c})"
    full_l = "e.form_id IN (SELECT id FROM training_deliveryform WHERE is_full_time)"
    part_l = "e.form_id IN (SELECT id FROM training_deliveryform WHERE NOT is_full_time)"
    full_c, part_c = full_l.replace("e.form_id", "tc.form_id"), part_l.replace("e.form_id", "tc.form_id")
    rows: list[tuple[str, str, str]] = []
    cm = ("pr.kind = 'dao_tao' AND pr.degree_level IN ('dai_hoc', 'thac_si', 'tien_si')",
          "prc.kind = 'dao_tao' AND prc.degree_level IN ('dai_hoc', 'thac_si', 'tien_si')")
    degree_rows = []
    for level, label in (("dai_hoc", "Đại học"), ("thac_si", "Thạc sĩ"), ("tien_si", "Tiến sĩ")):
        d = (f"{cm[0]} AND pr.degree_level = '{level}'", f"{cm[1]} AND prc.degree_level = '{level}'")
        degree_rows += [(label, *d),
                        ("Trong nước", f"{d[0]} AND NOT {ABROAD} AND NOT {joint_l}", f"{d[1]} AND NOT {abroad_c} AND NOT {joint_c}"),
                        ("Ngoài nước", f"{d[0]} AND {ABROAD}", f"{d[1]} AND {abroad_c}"),
                        ("Liên kết", f"{d[0]} AND {joint_l}", f"{d[1]} AND {joint_c}")]
    llct = (area("ly_luan_chinh_tri"), area("ly_luan_chinh_tri", "tc"))
    politics = []
    for label, cond_l, cond_c in (
            ("Trung cấp", f"(({llct[0]} AND pr.degree_level = 'trung_cap') OR pr.code = 'LLTC')",
             f"(({llct[1]} AND prc.degree_level = 'trung_cap') OR prc.code = 'LLTC')"),
            ("Cao cấp", "pr.code = 'LLCC'", "prc.code = 'LLCC'"),
            ("Cử nhân lý luận chính trị", f"({llct[0]} AND pr.degree_level = 'dai_hoc')",
             f"({llct[1]} AND prc.degree_level = 'dai_hoc')")):
        politics += [(label, cond_l, cond_c), ("Tập trung", f"{cond_l} AND {full_l}", f"{cond_c} AND {full_c}"),
                     ("Không tập trung", f"{cond_l} AND {part_l}", f"{cond_c} AND {part_c}")]
    politics_any = (" OR ".join(f"({r[1]})" for r in politics[::3]), " OR ".join(f"({r[2]})" for r in politics[::3]))
    rows.append(("Đào tạo", f"(({cm[0]}) OR {politics_any[0]})", f"(({cm[1]}) OR {politics_any[1]})"))
    rows.append(("Chuyên môn", *cm))
    rows += degree_rows
    rows.append(("Lý luận chính trị", f"({politics_any[0]})", f"({politics_any[1]})"))
    rows += politics
    bd = ("pr.kind = 'boi_duong'", "prc.kind = 'boi_duong'")
    fostering = []
    for label, code, places in (("Nghiệp vụ công tác xây dựng Đảng", "xay_dung_dang", False),
                                ("Nghiệp vụ công tác đoàn thể", "cong_tac_doan_the", False),
                                ("Quản lý nhà nước", "quan_ly_nha_nuoc", True), ("Quản lý kinh tế", "quan_ly_kinh_te", True),
                                ("Ngoại ngữ", "ngoai_ngu", True), ("Tin học", "tin_hoc", False)):
        d = (f"{bd[0]} AND {area(code)}", f"{bd[1]} AND {area(code, 'tc')}")
        fostering.append((label, *d))
        if places:
            fostering += [("Trong nước", f"{d[0]} AND NOT {ABROAD}", f"{d[1]} AND NOT {abroad_c}"),
                          ("Ngoài nước", f"{d[0]} AND {ABROAD}", f"{d[1]} AND {abroad_c}")]
    fostering.append(("Cập nhật kiến thức mới", f"{bd[0]} AND pr.fostering_family = 'cap_nhat'",
                      f"{bd[1]} AND prc.fostering_family = 'cap_nhat'"))
    qp = (f"{bd[0]} AND {area('quoc_phong_an_ninh')}", f"{bd[1]} AND {area('quoc_phong_an_ninh', 'tc')}")
    fostering.append(("Quốc phòng – an ninh", *qp))
    fostering += [(f"Đối tượng {i}", f"{qp[0]} AND pr.code = 'QPAN{i}'", f"{qp[1]} AND prc.code = 'QPAN{i}'") for i in range(1, 5)]
    tops = [r for r in fostering if r[0] not in ("Trong nước", "Ngoài nước") and not r[0].startswith("Đối tượng")]
    rows.append(("Bồi dưỡng", " OR ".join(f"({r[1]})" for r in tops), " OR ".join(f"({r[2]})" for r in tops)))
    rows += fostering
    return rows


def hand_btctw(cursor, start, end) -> list[list[int]]:
    rows = btctw_rows()
    cols = ["sp.level = 'province'", f"sp.level = 'province' AND {LEADER}", "sp.level = 'district'",
            f"sp.level = 'district' AND {LEADER}", "sp.level = 'commune'"]
    people = ", ".join(f"COUNT(DISTINCT CASE WHEN ({r[1]}) AND {c} THEN e.person_id END)" for r in rows for c in cols)
    cursor.execute(f"SELECT {people} {BASE}", {"start": start, "end": end})
    counted = cursor.fetchone()
    organisers = ["tc.organiser_id IN (SELECT id FROM organization_unit WHERE kind = 'party' AND level = 'province')",
                  "tc.organiser_id IN (SELECT id FROM organization_unit WHERE kind = 'party' AND level = 'district')"]
    classes = ", ".join(f"SUM(CASE WHEN ({r[2]}) AND {o} THEN 1 ELSE 0 END)" for r in rows for o in organisers)
    cursor.execute(f"""SELECT {classes} FROM training_trainingclass tc JOIN training_programme prc ON prc.id = tc.programme_id
        JOIN training_provider pvc ON pvc.id = tc.provider_id WHERE tc.status <> 'cancelled'
        AND tc.end_date >= %(start)s AND tc.end_date <= %(end)s""", {"start": start, "end": end})
    klass = cursor.fetchone()
    out = []
    for i, _r in enumerate(rows):
        c = [int(x or 0) for x in counted[5 * i:5 * i + 5]]
        k = [int(x or 0) for x in klass[2 * i:2 * i + 2]]
        out.append([c[0] + c[2] + c[4], *c, k[0] + k[1], *k])
    return out


# --- running --------------------------------------------------------------------------------------

def _setup() -> None:
    os.environ["DTBD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()


def _sql(cursor, text: str) -> str:
    from django.db import connection

    return text if connection.vendor == "postgresql" else text


def measure(fn, repeat: int) -> tuple[object, float, float, int]:
    """(result, median wall s, median CPU s, queries of one run) after one warm-up run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    walls, cpus = [], []
    result, queries = None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started, cpu = time.perf_counter(), time.process_time()
            result = fn()
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        queries = len(captured)
    return result, statistics.median(walls), statistics.median(cpus), queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--plan", default="soc-trang-2021-2025")
    parser.add_argument("--at", default="2025-12-31")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    _setup()
    from django.core.cache import cache
    from django.db import connection

    from apps.accounts.access import SYSTEM
    from apps.people.models import Person
    from apps.reports.annual import annual_stats
    from apps.reports.forms_spec import fill, form_by_code
    from apps.reports.review import _targets, plan_review
    from apps.reports.selection import select
    from apps.training.models import DeliveryForm, Enrollment

    forms = list(DeliveryForm.objects.order_by("order", "code").values_list("id", "code"))
    start, end = dt.date(args.year, 1, 1), dt.date(args.year, 12, 31)
    sel = select(SYSTEM, year=args.year)
    rows = []

    def hand(fn):
        def run():
            with connection.cursor() as cursor:
                return fn(cursor)
        return run

    from apps.plans.models import Plan
    from apps.reports.flat import flat_fresh, flat_rebuild
    from apps.results.selectors import plan_result

    started, cpu0 = time.perf_counter(), time.process_time()
    flat_rows = flat_rebuild()
    rebuild = (time.perf_counter() - started, time.process_time() - cpu0)
    assert flat_fresh()

    handed, h_wall, h_cpu, h_q = measure(hand(lambda c: hand_annual(c, start, end, forms)), args.repeat)
    stats, o_wall, o_cpu, o_q = measure(lambda: annual_stats(sel, flat=True), args.repeat)
    check_annual(stats, handed)
    rows.append((f"annual statistics {args.year} (`annual_stats`, flat copy fresh)", o_wall, o_cpu, o_q, h_wall, h_cpu, h_q))
    direct, d_wall, d_cpu, d_q = measure(lambda: annual_stats(sel, flat=False), args.repeat)
    check_annual(direct, handed)
    rows.append((f"annual statistics {args.year} (`annual_stats`, lượt joined directly: the copy stale)",
                 d_wall, d_cpu, d_q, h_wall, h_cpu, h_q))

    plan_start = dt.date(2021, 1, 1)
    at = dt.date.fromisoformat(args.at)
    period_sel = select(SYSTEM, start=plan_start.isoformat(), end=at.isoformat())

    def hand_period(cursor):
        out = hand_annual(cursor, plan_start, at, forms)
        cursor.execute(f"SELECT {'CAST(EXTRACT(YEAR FROM e.completed_on) AS INTEGER)' if connection.vendor == 'postgresql' else 'CAST(strftime(%(y)s, e.completed_on) AS INTEGER)'}, "
                       f"COUNT(*), COUNT(DISTINCT e.person_id) {BASE} GROUP BY 1 ORDER BY 1",
                       {"start": plan_start, "end": at, "y": "%Y"})
        out["years"] = [tuple(r) for r in cursor.fetchall()]
        return out

    handed_period, hp_wall, hp_cpu, hp_q = measure(hand(hand_period), args.repeat)
    for flat in (True, False):
        period_stats, p_wall, p_cpu, p_q = measure(
            lambda flat=flat: annual_stats(period_sel, compare=False, by_year=True, flat=flat), args.repeat)
        check_annual(period_stats, {**handed_period, "previous": {}})
        assert [(int(c.value), c.luot, c.people) for c in period_stats.dim("year")] == handed_period["years"]
        how = "flat copy fresh" if flat else "lượt joined directly"
        rows.append((f"5-year review, the figures ({plan_start:%Y}–{at:%Y}: `annual_stats` + years, {how})",
                     p_wall, p_cpu, p_q, hp_wall, hp_cpu, hp_q))
    plan = Plan.objects.get(code=args.plan)
    stored = plan_result(plan, at=min(at, plan.period_end))
    cache.clear()
    review, r_wall, r_cpu, r_q = measure(lambda: plan_review(SYSTEM, plan_code=args.plan, at=args.at), args.repeat)
    assert [(y.year, y.luot, y.people) for y in review.years] == handed_period["years"]
    rows.append((f"5-year review, whole (`plan_review`: flat copy, targets read from the stored plan results, "
                 f"{'fresh' if stored.fresh else 'NOT fresh: computed'})", r_wall, r_cpu, r_q, None, None, None))
    cache.clear()
    started, cpu0 = time.perf_counter(), time.process_time()
    _targets(review.plan, at, period_sel)
    cold_wall, cold_cpu = time.perf_counter() - started, time.process_time() - cpu0
    rows.append(("… its 18 targets alone (stored plan results)", cold_wall, cold_cpu, None, None, None, None))
    rows.append((f"flat copy of the counted lượt rebuilt (`flat_rebuild`, {flat_rows:,} rows; the worker's job after a "
                 "change)", *rebuild, 3, None, None, None))

    spec = form_by_code("10-BTCTW")
    report, f_wall, f_cpu, f_q = measure(lambda: fill(spec, sel), args.repeat)
    table, hf_wall, hf_cpu, hf_q = measure(hand(lambda c: hand_btctw(c, start, end)), args.repeat)
    mine = [[int(c.value) for c in row.cells] for row in report.sections[0].rows]
    assert mine == table, [(r.label, a, b) for r, a, b in zip(report.sections[0].rows, mine, table, strict=True) if a != b]
    rows.append((f"Biểu số 10-BTCTW {args.year} (`fill`, {len(mine)} rows × 9 columns)", f_wall, f_cpu, f_q,
                 hf_wall, hf_cpu, hf_q))

    def cell(v, digits=3):
        return "" if v is None else f"{v:.{digits}f}"

    people = Person.objects.count()
    luot = Enrollment.objects.filter(status="completed").count()
    out = [f"## Reports: annual statistics, 5-year review, 10-BTCTW, {connection.vendor} ({dt.date.today():%d/%m/%Y})", "",
           f"- command: `DATABASE_URL=… .venv/bin/python bench/reports.py --year {args.year} --at {args.at} --repeat {args.repeat}`",
           f"- data: the demo province, {people:,} people, {luot:,} completed lượt (2016–2026); {args.year}: "
           f"{stats.luot:,} lượt, {stats.people:,} people; {plan_start:%Y}–{at:%Y}: {review.stats.luot:,} lượt",
           f"- machine: {os.cpu_count()} CPU, Python {platform.python_version()}, shared with other sessions; "
           f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}",
           "- every figure of each ORM run equals the hand-written SQL's (checked by the bench)", "",
           "| what | ORM wall s | ORM CPU s | queries | SQL wall s | SQL CPU s | queries | ORM / SQL (wall) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, ow, oc, oq, hw, hc, hq in rows:
        ratio = f"{ow / hw:.2f}" if hw else ""
        out.append(f"| {name} | {cell(ow)} | {cell(oc)} | {'' if oq is None else oq} | {cell(hw)} | {cell(hc)} | "
                   f"{'' if hq is None else hq} | {ratio} |")
    text = "\n".join(out) + "\n"
    print(text)
    if args.append:
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
