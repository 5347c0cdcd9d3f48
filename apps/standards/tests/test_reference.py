"""The seeded defaults (migration 0002): present, marked to be checked, replaced on the right day."""

from __future__ import annotations

import datetime as dt

from apps.people.models import Position, Rank
from apps.standards import selectors
from apps.standards.models import Standard


def test_every_seeded_standard_names_its_basis_and_is_marked_as_a_default(db):
    seeded = Standard.objects.all()
    assert seeded.count() >= 20
    assert all(s.is_configurable_default and s.legal_basis for s in seeded)


def test_chuyen_vien_chinh_before_and_after_circular_2_2021(db):
    cvc = Rank.objects.get(code="01.002")
    before = selectors.standard_in_force(at=dt.date(2021, 7, 31), rank=cvc)
    after = selectors.standard_in_force(at=dt.date(2021, 8, 1), rank=cvc)
    assert {(r.dimension, r.min_level.code) for r in before.requirements.all()} == {
        ("chuyen_mon", "dai_hoc"), ("quan_ly_nha_nuoc", "chuyen_vien_chinh"), ("ly_luan_chinh_tri", "trung_cap"),
        ("tin_hoc", "co_ban"), ("ngoai_ngu", "bac_3")}
    assert "11/2014/TT-BNV" in before.legal_basis and "2/2021/TT-BNV" in after.legal_basis
    assert {r.dimension for r in after.requirements.all()} == {"chuyen_mon", "quan_ly_nha_nuoc", "ly_luan_chinh_tri"}


def test_leadership_positions_require_the_leadership_fostering(db):
    tp = selectors.standard_in_force(at=dt.date(2024, 1, 1), position=Position.objects.get(code="TRUONG_PHONG"))
    assert tp.required_fostering == "chuc_vu"
    commune = Position.objects.get(code="CT_UBND_XA")
    assert selectors.standard_in_force(at=dt.date(2023, 7, 31), position=commune).code.endswith("QD04-2004")
    assert selectors.standard_in_force(at=dt.date(2023, 8, 1), position=commune).code.endswith("ND33-2023")
