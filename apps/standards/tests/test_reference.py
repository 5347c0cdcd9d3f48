"""The seeded defaults (migration 0002), read from the database after migrations: present, marked to
be checked, replaced on the right day, each one accounted for in docs/standards-sources.md, and
reloaded without touching what Sở Nội vụ has confirmed.

What these tests pin is what we seed. Only the chuyên viên figures of Thông tư 11/2014 (as amended
by Thông tư 05/2017) were read in a text; the rest is our unverified reading (see the doc)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from apps.people.models import Position, QualificationLevel, Rank
from apps.standards import reference, selectors
from apps.standards.models import Standard, StandardRequirement

SOURCES = Path(__file__).resolve().parents[3] / "docs" / "standards-sources.md"


def requirements(standard: Standard) -> set[tuple[str, str]]:
    return {(r.dimension, r.min_level.code) for r in standard.requirements.all()}


def load_defaults() -> None:
    reference.load(Standard, StandardRequirement, Rank, Position, QualificationLevel)


def test_every_seeded_standard_names_its_basis_and_is_marked_as_a_default(db):
    seeded = Standard.objects.all()
    assert seeded.count() >= 20
    assert all(s.is_configurable_default and s.legal_basis and "cần đối chiếu" in s.note for s in seeded)


def test_chuyen_vien_chinh_before_and_after_circular_2_2021(db):
    cvc = Rank.objects.get(code="01.002")
    before = selectors.standard_in_force(at=dt.date(2021, 7, 31), rank=cvc)
    after = selectors.standard_in_force(at=dt.date(2021, 8, 1), rank=cvc)
    assert requirements(before) == {
        ("chuyen_mon", "dai_hoc"), ("quan_ly_nha_nuoc", "chuyen_vien_chinh"), ("ly_luan_chinh_tri", "trung_cap"),
        ("tin_hoc", "co_ban"), ("ngoai_ngu", "bac_3")}
    assert "11/2014/TT-BNV" in before.legal_basis and "2/2021/TT-BNV" in after.legal_basis
    assert {r.dimension for r in after.requirements.all()} == {"chuyen_mon", "quan_ly_nha_nuoc", "ly_luan_chinh_tri"}


def test_chuyen_vien_under_circular_11_2014_matches_the_amended_clause(db):
    """Thông tư 05/2017/TT-BNV, khoản 3 Điều 1 (the one clause read): QLNN certificate of the rank,
    foreign language bậc 2, IT skills chuẩn cơ bản."""
    cv = selectors.standard_in_force(at=dt.date(2018, 1, 1), rank=Rank.objects.get(code="01.003"))
    assert cv.code == "NGACH-01.003-TT11-2014"
    assert {("quan_ly_nha_nuoc", "chuyen_vien"), ("ngoai_ngu", "bac_2"), ("tin_hoc", "co_ban")} <= requirements(cv)


def test_chuyen_vien_from_2021_08_01_requires_a_degree_and_no_language_or_it_certificate(db):
    cv = Rank.objects.get(code="01.003")
    last_day = selectors.standard_in_force(at=dt.date(2021, 7, 31), rank=cv)
    first_day = selectors.standard_in_force(at=dt.date(2021, 8, 1), rank=cv)
    assert last_day.code == "NGACH-01.003-TT11-2014" and last_day.effective_to == dt.date(2021, 7, 31)
    assert first_day.code == "NGACH-01.003-TT2-2021" and first_day.effective_to is None
    assert requirements(first_day) == {("chuyen_mon", "dai_hoc"), ("quan_ly_nha_nuoc", "chuyen_vien")}


def test_leadership_positions_require_the_leadership_fostering(db):
    tp = selectors.standard_in_force(at=dt.date(2024, 1, 1), position=Position.objects.get(code="TRUONG_PHONG"))
    assert tp.required_fostering == "chuc_vu"
    commune = Position.objects.get(code="CT_UBND_XA")
    assert selectors.standard_in_force(at=dt.date(2023, 7, 31), position=commune).code.endswith("QD04-2004")
    assert selectors.standard_in_force(at=dt.date(2023, 8, 1), position=commune).code.endswith("ND33-2023")


def test_docs_account_for_every_seeded_standard(db):
    """docs/standards-sources.md lists every subject and every basis we seed, so a new default
    cannot be added without saying what it rests on."""
    text = SOURCES.read_text(encoding="utf-8")
    for code in Standard.objects.values_list("code", flat=True):
        _, subject, basis = code.split("-", 2)
        assert f"`{code}`" in text or (f"`{subject}`" in text and basis in text), code


def test_load_again_changes_nothing(db):
    before = sorted(Standard.objects.values_list("code", "effective_from", "effective_to", "legal_basis"))
    reqs = StandardRequirement.objects.count()
    load_defaults()
    assert sorted(Standard.objects.values_list("code", "effective_from", "effective_to", "legal_basis")) == before
    assert StandardRequirement.objects.count() == reqs


def test_load_restores_a_default_but_leaves_a_confirmed_standard_alone(db):
    """A correcting migration calls load() again: it may reset a figure still marked as a default,
    never one Sở Nội vụ has confirmed (is_configurable_default cleared)."""
    default = Standard.objects.get(code="NGACH-01.002-TT2-2021")
    confirmed = Standard.objects.get(code="NGACH-01.003-TT2-2021")
    for standard in (default, confirmed):
        standard.requirements.filter(dimension="quan_ly_nha_nuoc").delete()
        standard.effective_from = dt.date(2021, 9, 1)
    default.save()
    confirmed.is_configurable_default = False
    confirmed.note = "Đã đối chiếu theo quyết định của UBND tỉnh."
    confirmed.save()

    load_defaults()

    default.refresh_from_db()
    confirmed.refresh_from_db()
    assert default.effective_from == dt.date(2021, 8, 1)
    assert ("quan_ly_nha_nuoc", "chuyen_vien_chinh") in requirements(default)
    assert not confirmed.is_configurable_default and confirmed.effective_from == dt.date(2021, 9, 1)
    assert confirmed.note.startswith("Đã đối chiếu")
    assert {r.dimension for r in confirmed.requirements.all()} == {"chuyen_mon"}
