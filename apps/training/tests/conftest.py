"""Training fixtures on top of the project's province and personas.

catalogue: two providers (the provincial political school and a university), each with a login of
role PROVIDER; programmes: Trung cấp LLCT (grants ly_luan_chinh_tri/trung_cap, full-time), a
rank-standard course for chuyên viên chính, a master's degree, a short IT update course.
make_class(code, programme, provider, organiser, start, end, form="tap_trung", **extra) builds a
class through the service, as Sở Nội vụ unless ``actor`` is given.
"""

from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.access import SYSTEM
from apps.people.models import QualificationLevel
from apps.training import services
from apps.training.models import ContentArea, DeliveryForm


def _areas(*codes):
    return list(ContentArea.objects.filter(code__in=codes))


def _level(dimension, code):
    return QualificationLevel.objects.get(dimension=dimension, code=code)


@pytest.fixture
def catalogue(personas):
    from apps.accounts.services import user_create

    admin = personas["so_noi_vu"]
    school = services.provider_create(actor=admin, code="TCT", name="Trường Chính trị tỉnh Sóc Trăng")
    university = services.provider_create(actor=admin, code="DHCT", name="Trường Đại học Cần Thơ")
    accounts = {}
    for username, provider in (("truong_chinh_tri", school), ("dai_hoc_can_tho", university)):
        user = user_create(actor=SYSTEM, username=username, password="x", role="provider", full_name=provider.name)
        services.provider_account_link(actor=admin, user=user, provider=provider)
        accounts[username] = user
    programmes = {
        "tcllct": services.programme_create(
            actor=admin, code="TCLLCT", name="Trung cấp lý luận chính trị - hành chính", kind="boi_duong",
            fostering_family="chuc_vu", content_areas=_areas("ly_luan_chinh_tri", "quan_ly_nha_nuoc"),
            grants_level=_level("ly_luan_chinh_tri", "trung_cap"), standard_hours=1200),
        "cvc": services.programme_create(
            actor=admin, code="CVC", name="Bồi dưỡng ngạch chuyên viên chính", kind="boi_duong",
            fostering_family="ngach_chuc_danh", content_areas=_areas("quan_ly_nha_nuoc"),
            grants_level=_level("quan_ly_nha_nuoc", "chuyen_vien_chinh"), standard_hours=320),
        "ths": services.programme_create(
            actor=admin, code="THS-QLC", name="Thạc sĩ Quản lý công", kind="dao_tao", degree_level="thac_si",
            content_areas=_areas("chuyen_mon_nghiep_vu"), grants_level=_level("chuyen_mon", "thac_si"),
            major="Quản lý công", is_long_term=True),
        "tin_hoc": services.programme_create(
            actor=admin, code="CDS", name="Cập nhật kỹ năng số", kind="boi_duong", fostering_family="cap_nhat",
            content_areas=_areas("tin_hoc", "chuyen_doi_so"), standard_hours=40),
    }
    return {"school": school, "university": university, "programmes": programmes, **accounts}


@pytest.fixture
def make_class(catalogue, province, personas):
    counter = {"n": 0}

    def make(programme="tcllct", provider="school", organiser="TINH", start=dt.date(2024, 3, 4),
             end=dt.date(2024, 3, 29), form="tap_trung", actor=SYSTEM, code=None, **extra):
        counter["n"] += 1
        data = services.ClassData(
            code=code or f"LOP{counter['n']:03d}", programme=catalogue["programmes"][programme],
            provider=catalogue[provider], organiser_id=province[organiser].pk,
            form=DeliveryForm.objects.get(code=form), start_date=start, end_date=end, **extra)
        return services.class_create(actor=actor or personas["so_noi_vu"], data=data)

    return make
