"""Shared fixtures: a small province and a fixed cast of named users (personas).

Tree (valid from 2020-01-01):
  TINH  UBND tỉnh (province root)
  ├─ SYT  Sở Y tế ── BVDK Bệnh viện Đa khoa tỉnh (public service unit)
  ├─ SGD  Sở Giáo dục và Đào tạo ── THPT1 Trường THPT Lê Lợi
  └─ H01  UBND huyện Mỹ Tú (district) ── X01 UBND xã Mỹ Hương, X02 UBND xã Long Hưng (Khmer area)
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from apps.accounts.access import SYSTEM

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2 costs about a second per persona; no test here measures password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_shared_cache(settings):
    """With REDIS_URL set the cache is a Redis db that outlives each test: start every test with it
    empty so no test sees another's values (the database cache is rolled back with the test)."""
    if "RedisCache" in settings.CACHES["default"]["BACKEND"]:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_portal_branches():
    """The learner page keeps its needs' branches per process and data version; a rolled-back test
    can leave the same version numbers with other data, so every test starts without them."""
    from apps.portal.selectors import _BRANCHES

    _BRANCHES.clear()


@pytest.fixture
def province(db):
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create

    start = dt.date(2020, 1, 1)

    def make(code, name, level, kind, parent=None, **flags):
        return unit_create(actor=SYSTEM, code=code, name=name, level=level, kind=kind, parent=parent,
                           valid_from=start, audit=False, **flags)

    tinh = make("TINH", "UBND tỉnh Sóc Trăng", Level.PROVINCE, UnitKind.STATE)
    syt = make("SYT", "Sở Y tế", Level.PROVINCE, UnitKind.STATE, tinh)
    bv = make("BVDK", "Bệnh viện Đa khoa tỉnh", Level.PROVINCE, UnitKind.PUBLIC_SERVICE, syt)
    sgd = make("SGD", "Sở Giáo dục và Đào tạo", Level.PROVINCE, UnitKind.STATE, tinh)
    thpt = make("THPT1", "Trường THPT Lê Lợi", Level.PROVINCE, UnitKind.PUBLIC_SERVICE, sgd)
    h01 = make("H01", "UBND huyện Mỹ Tú", Level.DISTRICT, UnitKind.STATE, tinh)
    x01 = make("X01", "UBND xã Mỹ Hương", Level.COMMUNE, UnitKind.STATE, h01)
    x02 = make("X02", "UBND xã Long Hưng", Level.COMMUNE, UnitKind.STATE, h01,
               is_ethnic_minority_area=True, ethnic_languages="Khmer")
    return {u.code: u for u in (tinh, syt, bv, sgd, thpt, h01, x01, x02)}


@pytest.fixture
def make_person(db):
    """make_person(unit, full_name=…, **overrides) -> Person, through the real service."""
    from apps.people.models import Category, Ethnicity
    from apps.people.services import PersonData, person_create

    counter = {"n": 0}

    def make(unit, full_name="Nguyễn Văn An", **overrides):
        counter["n"] += 1
        n = counter["n"]
        values = dict(
            code=f"CB{n:05d}", full_name=full_name, gender="nam", birth_date=dt.date(1985, 5, 17),
            ethnicity_id=Ethnicity.objects.get(name="Kinh").pk, unit_id=unit.pk,
            category=Category.CIVIL_SERVANT, joined_on=dt.date(2020, 1, 1),
            national_id=f"0940{n:08d}",
        )
        values.update(overrides)
        return person_create(actor=SYSTEM, data=PersonData(**values))

    return make


PASSWORD = "matkhau-thu-nghiem"


@pytest.fixture
def personas(province, make_person):
    """The fixed cast: so_noi_vu, can_bo_so_y_te, can_bo_so_giao_duc, lanh_dao, hoc_vien."""
    from apps.accounts.services import user_create

    learner_person = make_person(province["BVDK"], "Trần Thị Bích", category="vien_chuc", gender="nu")
    cast = {
        "so_noi_vu": user_create(actor=SYSTEM, username="so_noi_vu", password=PASSWORD, role="home_affairs",
                                 full_name="Chuyên viên Sở Nội vụ"),
        "can_bo_so_y_te": user_create(actor=SYSTEM, username="can_bo_so_y_te", password=PASSWORD,
                                      role="agency_officer", unit=province["SYT"], full_name="Cán bộ TCCB Sở Y tế"),
        "can_bo_so_giao_duc": user_create(actor=SYSTEM, username="can_bo_so_giao_duc", password=PASSWORD,
                                          role="agency_officer", unit=province["SGD"], full_name="Cán bộ TCCB Sở GD&ĐT"),
        "lanh_dao": user_create(actor=SYSTEM, username="lanh_dao", password=PASSWORD, role="leader",
                                full_name="Lãnh đạo UBND tỉnh"),
        "hoc_vien": user_create(actor=SYSTEM, username="hoc_vien", password=PASSWORD, role="learner",
                                person=learner_person, full_name="Trần Thị Bích"),
    }
    from django.contrib.auth import get_user_model

    return {k: get_user_model().objects.select_related("profile").get(pk=u.pk) for k, u in cast.items()}


@pytest.fixture
def client_as(client, personas):
    """client_as('can_bo_so_y_te') -> a Django test client logged in as that persona."""

    def login(name):
        client.force_login(personas[name])
        return client

    return login
