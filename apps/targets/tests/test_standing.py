"""The standards in force judged in Python (apps/targets/standing.py), stated by hand."""

from __future__ import annotations

import datetime as dt

from apps.targets.standing import Rule, Standing

DEGREE = Rule((("chuyen_mon", 4), ("ly_luan_chinh_tri", 2)), "")
FOSTERED = Rule((("chuyen_mon", 3),), "chuc_vu")
STANDING = Standing(dt.date(2024, 12, 31), {("rank", 7): [DEGREE], ("position", 3): [FOSTERED]})


def test_a_rule_is_met_at_or_above_each_least_level():
    assert DEGREE.met_by({"chuyen_mon": 4, "ly_luan_chinh_tri": 2}, set())
    assert DEGREE.met_by({"chuyen_mon": 5, "ly_luan_chinh_tri": 3}, set())
    assert not DEGREE.met_by({"chuyen_mon": 3, "ly_luan_chinh_tri": 3}, set())
    assert not DEGREE.met_by({"chuyen_mon": 4}, set())  # nothing held in a dimension: not met


def test_a_required_fostering_family_must_be_completed():
    assert FOSTERED.met_by({"chuyen_mon": 3}, {"chuc_vu"})
    assert not FOSTERED.met_by({"chuyen_mon": 3}, {"ngach_chuc_danh"})


def test_no_rank_or_no_standard_in_force_requires_nothing():
    assert not STANDING.fails("rank", None, {}, set())
    assert not STANDING.fails("rank", 8, {}, set())
    assert STANDING.fails("rank", 7, {"chuyen_mon": 4}, set())
    assert not STANDING.fails("position", 3, {"chuyen_mon": 3}, {"chuc_vu"})
    assert STANDING.families() == {"chuc_vu"}
    assert STANDING.dimensions() == {"chuyen_mon", "ly_luan_chinh_tri"}


def test_of_two_standards_in_force_the_one_that_took_effect_last_rules(db):
    from apps.standards.models import Standard

    old = Standard.objects.filter(rank__isnull=False, effective_to__isnull=True, requirements__isnull=False).first()
    assert old is not None
    day = max(old.effective_from, dt.date(2024, 1, 1)) + dt.timedelta(days=1)
    assert Standing.read(day).rules[("rank", old.rank_id)] != [Rule((), "")]
    Standard.objects.create(code="NEWER", name="Newer", rank=old.rank, effective_from=day, legal_basis="test")
    assert Standing.read(day).rules[("rank", old.rank_id)] == [Rule((), "")]
    assert Standing.read(day - dt.timedelta(days=1)).rules[("rank", old.rank_id)] != [Rule((), "")]
