"""Percent shares with one decimal that add up to exactly 100.0 (largest-remainder rounding)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def shares(amounts: Sequence[int | Decimal], decimals: int = 1) -> list[Decimal]:
    """Each amount's share of the total in percent, rounded to ``decimals`` so that they add up to
    exactly 100 (Hamilton's method: floor every share in tenths, then give the tenths still missing
    to the largest remainders, ties to the earlier item). A zero total gives zeros."""
    total = sum(Decimal(a) for a in amounts)
    if total <= 0:
        return [Decimal(0) for _ in amounts]
    unit = 10 ** decimals
    exact = [Decimal(a) * 100 * unit / total for a in amounts]
    floors = [int(x) for x in exact]
    missing = 100 * unit - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return [Decimal(f) / unit for f in floors]
