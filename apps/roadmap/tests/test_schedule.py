"""Occurrences of every deadline shape over a 2026–2028 period, stated by hand."""

from __future__ import annotations

import datetime as dt

from apps.plans.deadlines import parse
from apps.roadmap.schedule import occurrences

D = dt.date
START, END = D(2026, 1, 1), D(2028, 12, 31)


def dues(text: str, start=START, end=END, **kw) -> list[tuple[str, dt.date, str]]:
    return [(o.key, o.due, o.label) for o in occurrences(parse(text), start, end, **kw)]


def test_twice_a_year_is_due_on_30_june_and_31_december_of_each_year():
    assert dues("02 lần/năm") == [
        ("2026-1", D(2026, 6, 30), "Lần 1/2"), ("2026-2", D(2026, 12, 31), "Lần 2/2"),
        ("2027-1", D(2027, 6, 30), "Lần 1/2"), ("2027-2", D(2027, 12, 31), "Lần 2/2"),
        ("2028-1", D(2028, 6, 30), "Lần 1/2"), ("2028-2", D(2028, 12, 31), "Lần 2/2")]


def test_twice_a_year_dates_are_configurable():
    assert [d for _, d, _ in dues("02 lần/năm", end=D(2026, 12, 31), times_per_year={2: ((5, 31), (11, 30))})] == [
        D(2026, 5, 31), D(2026, 11, 30)]


def test_four_times_a_year_without_a_configured_table_falls_on_quarter_ends():
    assert [d for _, d, _ in dues("04 lần/năm", end=D(2026, 12, 31))] == [
        D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)]


def test_before_31_august_every_year_is_one_per_year():
    assert dues("Trước 31/8 hàng năm") == [("2026-1", D(2026, 8, 31), ""), ("2027-1", D(2027, 8, 31), ""),
                                           ("2028-1", D(2028, 8, 31), "")]


def test_fourth_quarter_every_year_is_due_31_december():
    assert dues("Trong quý IV hàng năm") == [("2026-1", D(2026, 12, 31), ""), ("2027-1", D(2027, 12, 31), ""),
                                             ("2028-1", D(2028, 12, 31), "")]


def test_a_named_year_is_one_task_due_31_december_of_it():
    assert dues("Năm 2027") == [("2027-1", D(2027, 12, 31), "")]


def test_a_dated_deadline_is_one_task_even_before_the_period():
    assert dues("Trước 31/3/2025") == [("2025-1", D(2025, 3, 31), "")]


def test_continuous_work_is_accounted_for_once_a_year_on_31_december():
    assert dues("Thường xuyên") == [("2026-1", D(2026, 12, 31), ""), ("2027-1", D(2027, 12, 31), ""),
                                    ("2028-1", D(2028, 12, 31), "")]
    assert dues("Thường xuyên trong năm") == dues("Thường xuyên")


def test_period_long_and_unreadable_wording_is_one_task_at_the_end_of_the_period():
    assert dues("Trong giai đoạn thực hiện kế hoạch") == [("period", D(2028, 12, 31), "")]
    assert dues("Theo quy định, hướng dẫn của Bộ ngành có liên quan") == [("period", D(2028, 12, 31), "")]


def test_a_period_starting_mid_year_leaves_out_the_earlier_due_dates():
    assert [d for _, d, _ in dues("02 lần/năm", start=D(2026, 7, 1), end=D(2027, 6, 30))] == [
        D(2026, 12, 31), D(2027, 6, 30)]


def test_lettered_items_each_have_their_occurrences_labelled():
    assert dues("a) Trước 31/3/2026 b) Trước 31/8 hàng năm cho kế hoạch năm sau liền kề") == [
        ("a/2026-1", D(2026, 3, 31), "a)"), ("b/2026-1", D(2026, 8, 31), "b)"),
        ("b/2027-1", D(2027, 8, 31), "b)"), ("b/2028-1", D(2028, 8, 31), "b)")]


def test_two_labelled_parts_are_two_tasks():
    assert dues("Sơ kết trong năm 2027 và tổng kết trong quý IV/2028") == [
        ("p1/2027-1", D(2027, 12, 31), "Sơ kết"), ("p2/2028-1", D(2028, 12, 31), "Tổng kết")]
