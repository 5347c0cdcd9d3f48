from decimal import Decimal

from apps.reports.shares import shares


def test_the_seed_plans_shares_add_up_to_exactly_100():
    # 37,1 / 58,2 / 4,7 of 63.900.219.000 đồng
    assert shares([23_707_000_000, 37_190_000_000, 3_003_219_000]) == [Decimal("37.1"), Decimal("58.2"), Decimal("4.7")]


def test_three_equal_parts_give_the_spare_tenth_to_the_first():
    assert shares([1, 1, 1]) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert sum(shares([1, 1, 1])) == Decimal(100)


def test_rounding_each_share_alone_would_make_99_9_but_largest_remainder_makes_100():
    parts = shares([25, 48, 100])  # 14.45.. 27.74.. 57.80..: rounded alone 14.5 + 27.7 + 57.8 = 100.0
    assert parts == [Decimal("14.5"), Decimal("27.7"), Decimal("57.8")]
    parts = shares([1, 1, 1, 1, 1, 1, 1])  # 14.2857… each: alone 7 × 14.3 = 100.1
    assert sum(parts) == Decimal(100) and parts[0] == Decimal("14.3") and parts[-1] == Decimal("14.2")


def test_a_zero_total_gives_zero_shares():
    assert shares([0, 0]) == [Decimal(0), Decimal(0)]
