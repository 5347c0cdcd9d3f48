"""Every deadline wording of the seed plan's roadmap, read into data and into due dates."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.plans.deadlines import describe, next_due, occurrences, parse

D = dt.date


def test_times_per_year_is_due_at_the_end_of_each_half_year():
    deadline = parse("02 lần/năm")
    assert deadline == {"kind": "times_per_year", "times": 2, "text": "02 lần/năm"}
    assert occurrences(deadline, 2024) == [D(2024, 6, 30), D(2024, 12, 31)]


def test_before_a_day_every_year():
    deadline = parse("Trước 31/8 hàng năm")
    assert deadline["kind"] == "yearly_by" and (deadline["day"], deadline["month"]) == (31, 8)
    assert occurrences(deadline, 2023) == [D(2023, 8, 31)]


def test_a_quarter_every_year():
    deadline = parse("Trong quý IV hàng năm")
    assert (deadline["kind"], deadline["quarter"]) == ("yearly_quarter", 4)
    assert occurrences(deadline, 2022) == [D(2022, 12, 31)]


def test_one_year():
    deadline = parse("Năm 2021")
    assert (deadline["kind"], deadline["year"]) == ("year", 2021)
    assert occurrences(deadline, 2021) == [D(2021, 12, 31)]
    assert occurrences(deadline, 2022) == []


def test_a_quarter_of_one_year():
    deadline = parse("quý IV/2025")
    assert (deadline["kind"], deadline["quarter"], deadline["year"]) == ("quarter", 4, 2025)
    assert occurrences(deadline, 2025) == [D(2025, 12, 31)]
    assert occurrences(deadline, 2024) == []


@pytest.mark.parametrize("text", ["Thường xuyên", "Thường xuyên trong năm",
                                  "Thường xuyên trong năm và định kỳ theo quy định"])
def test_continuous_work_has_no_due_date(text):
    deadline = parse(text)
    assert deadline["kind"] == "continuous" and deadline["text"] == text
    assert occurrences(deadline, 2023) == []


@pytest.mark.parametrize("text", ["Hàng năm", "Hàng năm, sau khi có kết luận của Ban Chỉ đạo công tác đào tạo, bồi dưỡng của tỉnh",
                                  "Theo kế hoạch hàng năm", "Theo kế hoạch chi ngân sách hàng năm",
                                  "Theo định kỳ đánh giá CB, CC, VC hàng năm"])
def test_yearly_is_due_at_the_end_of_the_year(text):
    deadline = parse(text)
    assert deadline["kind"] == "yearly"
    assert occurrences(deadline, 2024) == [D(2024, 12, 31)]


def test_two_labelled_deadlines():
    deadline = parse("Sơ kết trong năm 2023 và tổng kết trong quý IV/2025")
    assert deadline["kind"] == "multiple"
    first, second = deadline["parts"]
    assert (first["label"], first["kind"], first["year"]) == ("Sơ kết", "year", 2023)
    assert (second["label"], second["kind"], second["quarter"], second["year"]) == ("tổng kết", "quarter", 4, 2025)
    assert occurrences(deadline, 2023) == [D(2023, 12, 31)]
    assert occurrences(deadline, 2025) == [D(2025, 12, 31)]
    assert occurrences(deadline, 2024) == []


def test_one_deadline_per_sub_item():
    deadline = parse("a) Trước 31/3/2021 b) Trước 31/8 hàng năm cho kế hoạch năm sau liền kề")
    assert deadline["kind"] == "per_item"
    a, b = deadline["items"]
    assert (a["item"], a["kind"], a["date"]) == ("a", "by_date", "2021-03-31")
    assert (b["item"], b["kind"], b["month"], b["day"]) == ("b", "yearly_by", 8, 31)
    assert b["text"] == "Trước 31/8 hàng năm cho kế hoạch năm sau liền kề"
    assert occurrences(deadline, 2021) == [D(2021, 3, 31), D(2021, 8, 31)]
    assert occurrences(deadline, 2022) == [D(2022, 8, 31)]


def test_sub_items_keep_unknown_wording_as_other():
    deadline = parse("a) Năm 2021 b) Theo Kế hoạch của HV hành chính QG, HV chính trị QG và Kế hoạch "
                     "của cơ sở đào tạo, bồi dưỡng c) Năm 2021 d) Thường xuyên")
    kinds = [(i["item"], i["kind"]) for i in deadline["items"]]
    assert kinds == [("a", "year"), ("b", "other"), ("c", "year"), ("d", "continuous")]
    assert deadline["items"][1]["text"].startswith("Theo Kế hoạch của HV hành chính QG")


@pytest.mark.parametrize("text", ["Theo quy định, hướng dẫn của Bộ ngành có liên quan", "Khi có yêu cầu",
                                  "Trước 31/2 hàng năm"])
def test_anything_else_is_kept_as_text(text):
    assert parse(text) == {"kind": "other", "text": text}
    assert occurrences(parse(text), 2024) == []


def test_period_long_work():
    assert parse("Trong giai đoạn thực hiện kế hoạch")["kind"] == "period"


def test_next_due_date_rolls_into_the_next_year():
    deadline = parse("Trước 31/8 hàng năm")
    assert next_due(deadline, D(2024, 9, 1)) == D(2025, 8, 31)
    assert next_due(deadline, D(2024, 9, 1), until=D(2024, 12, 31)) is None
    assert next_due(parse("02 lần/năm"), D(2024, 7, 1)) == D(2024, 12, 31)


def test_readable_description():
    assert describe(parse("Trước 31/8 hàng năm")) == "hằng năm, trước 31/08"
    assert describe(parse("Sơ kết trong năm 2023 và tổng kết trong quý IV/2025")) == \
        "Sơ kết: trong năm 2023; tổng kết: quý 4/2025"


def test_review_after_three_years_and_final_after_five_are_dated_from_the_plan_start():
    """"sơ kết sau 3 năm, tổng kết sau 5 năm" of a 2021–2025 plan: 31/12/2023 and 31/12/2025."""
    deadline = parse("Sơ kết sau 3 năm, tổng kết sau 5 năm")
    assert deadline["kind"] == "multiple"
    assert [(p["label"], p["kind"], p["years"]) for p in deadline["parts"]] == [
        ("Sơ kết", "after_years", 3), ("tổng kết", "after_years", 5)]
    start = D(2021, 1, 1)
    assert occurrences(deadline, 2023, start=start) == [D(2023, 12, 31)]
    assert occurrences(deadline, 2025, start=start) == [D(2025, 12, 31)]
    assert occurrences(deadline, 2024, start=start) == []
    assert occurrences(deadline, 2023) == []  # without the plan's start, no date
    assert next_due(deadline, D(2024, 1, 1), start=start) == D(2025, 12, 31)
    assert describe(deadline) == "Sơ kết: sau 3 năm thực hiện kế hoạch; tổng kết: sau 5 năm thực hiện kế hoạch"
    same = parse("sơ kết sau 03 năm thực hiện và tổng kết sau 05 năm thực hiện kế hoạch")
    assert [p["years"] for p in same["parts"]] == [3, 5]


@pytest.mark.parametrize(("text", "half", "due"), [("6 tháng đầu năm", 1, D(2024, 6, 30)),
                                                   ("Trong 6 tháng đầu năm", 1, D(2024, 6, 30)),
                                                   ("06 tháng cuối năm", 2, D(2024, 12, 31))])
def test_half_of_the_year(text, half, due):
    deadline = parse(text)
    assert (deadline["kind"], deadline["half"]) == ("half_year", half)
    assert occurrences(deadline, 2024) == [due]


def test_the_roadmap_page_dates_after_years_from_its_plan(db):
    from apps.plans.models import Plan, PlanTask
    from apps.plans.selectors import roadmap

    plan = Plan.objects.create(code="p", title="P", issuing_body="UBND", period_start=D(2021, 1, 1),
                               period_end=D(2025, 12, 31))
    text = "Sơ kết sau 3 năm, tổng kết sau 5 năm"
    PlanTask.objects.create(plan=plan, order=1, text="Sơ kết, tổng kết", deadline_text=text, deadline=parse(text))
    assert [row.next_due for row in roadmap(plan, on=D(2022, 5, 1))] == [D(2023, 12, 31)]
    assert [row.next_due for row in roadmap(plan, on=D(2024, 1, 1))] == [D(2025, 12, 31)]
