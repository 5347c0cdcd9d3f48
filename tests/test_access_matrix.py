"""Who may open what: one table for every URL pattern of the project and every persona.

``MATRIX`` maps each URL name to requests ("METHOD sample") and the status each role gets, in the
order of ``ROLES``. Samples fill in the URL arguments (``SAMPLES``). A status is an int, or
"302 /path" for a redirect whose Location starts with /path. An anonymous visitor is always sent to
/dang-nhap/ (except on the login page itself); another agency's person or unit answers 404 with
exactly the page a nonexistent code gets.

``test_every_url_pattern_has_a_row`` fails, naming them, for URL patterns missing from the table:
a new page is not finished until its access is stated here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("anonymous", "so_noi_vu", "can_bo_so_y_te", "can_bo_so_giao_duc", "lanh_dao", "hoc_vien")

OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, INVALID = 200, 403, 404, 405, 422
LOGIN = "302 /dang-nhap/"  # anonymous: the login page, with ?next=
TO_LIST = "302 /nhan-su/"  # the people list
TO_PERSON = "302 /nhan-su/"  # a person page, after a successful write
TO_UNIT = "302 /don-vi/"  # a unit page, after a successful restructuring
TO_CLASS = "302 /dao-tao/lop/"  # a class page, after an enrollment
TO_ENROLLMENT = "302 /dao-tao/luot/"  # an enrollment page, after a result or a commitment
TO_PROGRAMMES = "302 /dao-tao/chuong-trinh/"
TO_AREAS = "302 /dao-tao/noi-dung/"
TO_PROVIDER = "302 /dao-tao/co-so/"
TO_ACCOUNTS = "302 /tai-khoan/"  # the provider list or a provider page

# Sample URL arguments. "own" is the learner's own record (created by the personas fixture, in
# Bệnh viện Đa khoa tỉnh under Sở Y tế); its code is filled in at run time.
SAMPLES: dict[str, dict[str, str]] = {
    "": {},
    "syt": {"code": "YT-0001"},  # a person of Sở Y tế
    "sgd": {"code": "GD-0001"},  # a person of Sở Giáo dục và Đào tạo (a school)
    "own": {"code": "?"},
    "missing": {"code": "KHONG-CO"},  # no such person
    "unit_syt": {"code": "BVDK"},  # a unit inside Sở Y tế
    "unit_sgd": {"code": "THPT1"},  # a unit inside Sở GD&ĐT
    "unit_missing": {"code": "KHONG-CO"},  # no such unit
    "class_syt": {"code": "LOP-YT"},  # a class organised by Sở Y tế, the learner enrolled
    "class_sgd": {"code": "LOP-GD"},  # a class organised by Sở GD&ĐT
    "class_missing": {"code": "KHONG-CO"},  # no such class
    "standard": {"code": "NGACH-01.002-TT2-2021"},  # a seeded standard (catalogue: 403 before 404)
    "standard_missing": {"code": "KHONG-CO"},
    "enr_own": {"pk": "?"},  # the learner's enrollment in LOP-YT (filled in at run time)
    "enr_sgd": {"pk": "?"},  # the Sở GD&ĐT sample person's enrollment in LOP-GD
    "enr_missing": {"pk": "999999"},  # no such enrollment
    "programme": {"code": "CDS"},  # catalogue samples (not personal records: 403 before 404)
    "programme_missing": {"code": "KHONG-CO"},
    "area": {"code": "tin_hoc"},  # a content area loaded by the training migrations
    "area_missing": {"code": "khong_co"},
    "provider": {"code": "TCT"},
    "provider_missing": {"code": "KHONG-CO"},
    "instructor": {"pk": "?"},  # an instructor of TCT
    "acc_own": {"username": "hoc_vien"},  # the learner's account (a person of Sở Y tế)
    "acc_sgd": {"username": "can_bo_so_giao_duc"},  # Sở GD&ĐT's officer account
    "acc_missing": {"username": "khong-co"},
    "pk_missing": {"pk": "999999"},  # a notification or job that is not the user's (or no one's)
}
MISSING_LIKE = {"syt": "missing", "sgd": "missing", "own": "missing",
                "unit_syt": "unit_missing", "unit_sgd": "unit_missing",
                "class_syt": "class_missing", "class_sgd": "class_missing",
                "enr_own": "enr_missing", "enr_sgd": "enr_missing",
                "acc_own": "acc_missing", "acc_sgd": "acc_missing"}

# Pages written but not yet mounted in the project's URLconf: their rows are checked through the
# staging URLconf named here until they go live (then they are checked like every other row).
STAGED_URLCONFS: dict[str, str] = {}

# fmt: off
#                                   anonymous so_noi_vu  y_te       giao_duc   lanh_dao   hoc_vien
MATRIX: dict[str, dict[str, tuple]] = {
    "home": {
        "GET":                     (LOGIN,    TO_LIST,   TO_LIST,   TO_LIST,   TO_LIST,   TO_LIST),
    },
    "login": {  # a signed-in learner lands on their own page
        "GET":                     (OK,       TO_LIST,   TO_LIST,   TO_LIST,   TO_LIST,   "302 /cua-toi/"),
        "POST":                    (OK,       TO_LIST,   TO_LIST,   TO_LIST,   TO_LIST,   "302 /cua-toi/"),
    },
    "logout": {
        "GET":                     (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        "POST":                    (LOGIN,    LOGIN,     LOGIN,     LOGIN,     LOGIN,     LOGIN),
    },
    "accounts:audit": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "accounts:account_list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
    },
    "accounts:account_create": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
        # an officer account for Sở Y tế: Sở GD's officer gets the form back ("not one of the choices")
        "POST":                    (LOGIN,    OK,        OK,        INVALID,   FORBIDDEN, FORBIDDEN),
    },
    "accounts:account_edit": {
        "GET acc_own":             (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "GET acc_sgd":             (LOGIN,    OK,        NOT_FOUND, OK,        FORBIDDEN, FORBIDDEN),
        "GET acc_missing":         (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST acc_own":            (LOGIN,    TO_ACCOUNTS, TO_ACCOUNTS, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    "accounts:account_reset_password": {
        "POST acc_own":            (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST acc_missing":        (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    # one's own notifications, calendar and background jobs (apps/notifications, apps/jobs): every
    # signed-in user has their own; another's answers 404 like a missing one
    "notifications:list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        OK),
    },
    "notifications:open": {
        "GET pk_missing":          (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "notifications:mark_all_read": {
        "GET":                     (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        "POST":                    (LOGIN,    "302 /thong-bao/", "302 /thong-bao/", "302 /thong-bao/",
                                    "302 /thong-bao/", "302 /thong-bao/"),
    },
    "notifications:calendar": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        OK),
    },
    # the .ics feed: no sign-in (calendar programs cannot), a secret token instead; none here
    "notifications:ics": {
        "GET":                     (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "jobs:list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        OK),
    },
    "jobs:detail": {
        "GET pk_missing":          (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "jobs:download": {
        "GET pk_missing":          (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    # the personal-data access log (apps/privacy): Sở Nội vụ only; its export is logged too
    "privacy:log": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "privacy:log_xlsx": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "people:list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        OK),
    },
    "people:create": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
        # a new person in Sở Y tế: Sở GD's officer gets the form back ("not one of the choices")
        "POST":                    (LOGIN,    TO_PERSON, TO_PERSON, OK,        FORBIDDEN, FORBIDDEN),
    },
    "people:import": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
    },
    "people:import_template": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
    },
    "people:export_xlsx": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "people:export_csv": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "people:detail": {
        "GET syt":                 (LOGIN,    OK,        OK,        NOT_FOUND, OK,        NOT_FOUND),
        "GET sgd":                 (LOGIN,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND),
        "GET own":                 (LOGIN,    OK,        OK,        NOT_FOUND, OK,        OK),
        "GET missing":             (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "people:edit": {
        "GET syt":                 (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "GET sgd":                 (LOGIN,    OK,        NOT_FOUND, OK,        FORBIDDEN, NOT_FOUND),
        "GET own":                 (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "GET missing":             (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "POST syt":                (LOGIN,    TO_PERSON, TO_PERSON, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "POST sgd":                (LOGIN,    TO_PERSON, NOT_FOUND, TO_PERSON, FORBIDDEN, NOT_FOUND),
        "POST own":                (LOGIN,    TO_PERSON, TO_PERSON, NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST missing":            (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "people:status": {
        # a valid change (retired from 01/07/2025) for the real samples
        "GET syt":                 (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "GET sgd":                 (LOGIN,    OK,        NOT_FOUND, OK,        FORBIDDEN, NOT_FOUND),
        "GET own":                 (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "GET missing":             (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "POST syt":                (LOGIN,    TO_PERSON, TO_PERSON, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "POST sgd":                (LOGIN,    TO_PERSON, NOT_FOUND, TO_PERSON, FORBIDDEN, NOT_FOUND),
        "POST own":                (LOGIN,    TO_PERSON, TO_PERSON, NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST missing":            (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    # Restructuring is for Sở Nội vụ only: 403 for everyone else, whatever the unit (so the
    # answer says nothing about which codes exist).
    "organization:create": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    TO_UNIT,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "organization:merge": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    INVALID,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "organization:edit": {
        "GET unit_syt":            (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "GET unit_sgd":            (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "GET unit_missing":        (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST unit_syt":           (LOGIN,    TO_UNIT,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST unit_missing":       (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "organization:move": {
        # an incomplete form: the restructuring itself is tested with the organisation app
        "GET unit_syt":            (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "GET unit_missing":        (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST unit_syt":           (LOGIN,    INVALID,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST unit_missing":       (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "organization:tree": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "organization:detail": {
        "GET unit_syt":            (LOGIN,    OK,        OK,        NOT_FOUND, OK,        NOT_FOUND),
        "GET unit_sgd":            (LOGIN,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND),
        "GET unit_missing":        (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "training:index": {
        "GET":                     (LOGIN,    "302 /dao-tao/lop/", "302 /dao-tao/lop/", "302 /dao-tao/lop/", "302 /dao-tao/lop/", "302 /dao-tao/lop/"),
    },
    "training:class_list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        OK),
    },
    "training:class_detail": {
        "GET class_syt":           (LOGIN,    OK,        OK,        NOT_FOUND, OK,        OK),
        "GET class_sgd":           (LOGIN,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND),
        "GET class_missing":       (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "training:enrollment_create": {
        # POST enrols the agency's own sample person (ma_can_bo); a refusal comes back as a message
        "GET class_syt":           (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        "POST class_syt":          (LOGIN,    TO_CLASS,  TO_CLASS,  NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST class_sgd":          (LOGIN,    TO_CLASS,  NOT_FOUND, TO_CLASS,  FORBIDDEN, NOT_FOUND),
        "POST class_missing":      (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "training:class_create": {
        # a class organised by Sở Y tế: Sở GD's officer gets the form back ("not one of the choices")
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    TO_CLASS,  TO_CLASS,  INVALID,   FORBIDDEN, FORBIDDEN),
    },
    "training:class_instructor_fields": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
    },
    "training:class_edit": {
        # organisers edit; those who only read the class (leader, enrolled learner) get 403
        "GET class_syt":           (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "GET class_sgd":           (LOGIN,    OK,        NOT_FOUND, OK,        FORBIDDEN, NOT_FOUND),
        "GET class_missing":       (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "POST class_syt":          (LOGIN,    TO_CLASS,  TO_CLASS,  NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST class_sgd":          (LOGIN,    TO_CLASS,  NOT_FOUND, TO_CLASS,  FORBIDDEN, NOT_FOUND),
    },
    "training:class_instructors": {
        # the organiser's officers and Sở Nội vụ (and the class's own provider: apps/training/tests)
        "GET class_syt":           (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "GET class_sgd":           (LOGIN,    OK,        NOT_FOUND, OK,        FORBIDDEN, NOT_FOUND),
        "GET class_missing":       (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "POST class_syt":          (LOGIN,    TO_CLASS,  TO_CLASS,  NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST class_sgd":          (LOGIN,    TO_CLASS,  NOT_FOUND, TO_CLASS,  FORBIDDEN, NOT_FOUND),
    },
    "training:enrollment_candidates": {
        "GET class_syt":           (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "GET class_sgd":           (LOGIN,    OK,        NOT_FOUND, OK,        FORBIDDEN, NOT_FOUND),
        "GET class_missing":       (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "training:enrollment_detail": {
        "GET enr_own":             (LOGIN,    OK,        OK,        NOT_FOUND, OK,        OK),
        "GET enr_sgd":             (LOGIN,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND),
        "GET enr_missing":         (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "training:enrollment_result": {
        # a cost, status unchanged: every allowed writer succeeds
        "GET enr_own":             (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        "POST enr_own":            (LOGIN,    TO_ENROLLMENT, TO_ENROLLMENT, NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST enr_sgd":            (LOGIN,    TO_ENROLLMENT, NOT_FOUND, TO_ENROLLMENT, FORBIDDEN, NOT_FOUND),
        "POST enr_missing":        (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "training:commitment_create": {
        # Sở Nội vụ posts first; the agency officer after it finds the commitment there (422)
        "GET enr_own":             (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        "POST enr_own":            (LOGIN,    TO_ENROLLMENT, INVALID, NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST enr_sgd":            (LOGIN,    TO_ENROLLMENT, NOT_FOUND, INVALID, FORBIDDEN, NOT_FOUND),
        "POST enr_missing":        (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "training:reimbursement": {
        "GET enr_own":             (LOGIN,    OK,        OK,        NOT_FOUND, OK,        OK),
        "GET enr_sgd":             (LOGIN,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND),
        "GET enr_missing":         (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "training:external_create": {
        "GET syt":                 (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "GET sgd":                 (LOGIN,    OK,        NOT_FOUND, OK,        FORBIDDEN, NOT_FOUND),
        "GET own":                 (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "GET missing":             (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "POST syt":                (LOGIN,    TO_PERSON, TO_PERSON, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "POST sgd":                (LOGIN,    TO_PERSON, NOT_FOUND, TO_PERSON, FORBIDDEN, NOT_FOUND),
        "POST missing":            (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "training:person_record_xlsx": {
        "GET syt":                 (LOGIN,    OK,        OK,        NOT_FOUND, OK,        NOT_FOUND),
        "GET sgd":                 (LOGIN,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND),
        "GET own":                 (LOGIN,    OK,        OK,        NOT_FOUND, OK,        OK),
        "GET missing":             (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "training:person_record_pdf": {
        "GET syt":                 (LOGIN,    OK,        OK,        NOT_FOUND, OK,        NOT_FOUND),
        "GET sgd":                 (LOGIN,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND),
        "GET own":                 (LOGIN,    OK,        OK,        NOT_FOUND, OK,        OK),
        "GET missing":             (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    # The catalogue: read by every role but learners, written by Sở Nội vụ (403 before any lookup)
    "training:programme_list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "training:programme_create": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    TO_PROGRAMMES, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "training:programme_edit": {
        "GET programme":           (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "GET programme_missing":   (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST programme":          (LOGIN,    TO_PROGRAMMES, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "training:content_area_list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "training:content_area_create": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    TO_AREAS,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "training:content_area_edit": {
        "GET area":                (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "GET area_missing":        (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST area":               (LOGIN,    TO_AREAS,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "training:provider_list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "training:provider_create": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    TO_PROVIDER, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "training:provider_detail": {
        "GET provider":            (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET provider_missing":    (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "training:provider_edit": {
        "GET provider":            (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "GET provider_missing":    (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST provider":           (LOGIN,    TO_PROVIDER, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "training:instructor_create": {
        # and a provider's own login for its own instructors (apps/training/tests)
        "GET provider":            (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "GET provider_missing":    (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST provider":           (LOGIN,    TO_PROVIDER, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "training:instructor_edit": {
        "GET instructor":          (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST instructor":         (LOGIN,    TO_PROVIDER, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "training:instructor_checks": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, OK,        FORBIDDEN),
    },
    # Bulk entry: importers are Sở Nội vụ and officers (and providers, for results: apps/training/tests);
    # a POST without a file shows the form again. Exports are scoped like the lists.
    "training:classes_import": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
    },
    "training:classes_template": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
    },
    "training:classes_export_xlsx": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "training:classes_export_csv": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "training:enrollments_import": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
    },
    "training:enrollments_template": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        FORBIDDEN, FORBIDDEN),
    },
    "training:enrollments_export_xlsx": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "training:enrollments_export_csv": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    # Standards are public legal requirements: every signed-in role reads the list. The readiness
    # check reads one person's qualifications, so it follows the person page's scope.
    "standards:list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        OK),
    },
    "standards:check": {
        "GET syt":                 (LOGIN,    OK,        OK,        NOT_FOUND, OK,        NOT_FOUND),
        "GET sgd":                 (LOGIN,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND),
        "GET own":                 (LOGIN,    OK,        OK,        NOT_FOUND, OK,        OK),
        "GET missing":             (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "POST syt":                (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    },
    # Writing standards: Sở Nội vụ only (an empty POST comes back as the form with its errors).
    "standards:create": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "standards:edit": {
        "GET standard":            (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "GET standard_missing":    (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST standard":           (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "api:people": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        OK),
    },
    "api:person": {
        "GET syt":                 (LOGIN,    OK,        OK,        NOT_FOUND, OK,        NOT_FOUND),
        "GET sgd":                 (LOGIN,    OK,        NOT_FOUND, OK,        OK,        NOT_FOUND),
        "GET own":                 (LOGIN,    OK,        OK,        NOT_FOUND, OK,        OK),
        "GET missing":             (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
}
# fmt: on

# Plan dashboards (apps/dashboard): not for learners (403 whatever the code); an officer's figures
# and gap list are their agency's, and a unit outside it (?don_vi=) is 404 (apps/dashboard/tests).
SAMPLES.update({
    "plan": {"plan_code": "KH-MT"},  # a plan with one target, PL (see _plan)
    "plan_missing": {"plan_code": "KHONG-CO"},
    "plan_target": {"plan_code": "KH-MT", "target_code": "PL"},
    "plan_target_missing": {"plan_code": "KH-MT", "target_code": "KHONG-CO"},
    "plan_page": {"code": "KH-MT"},  # the same plan, for the plan pages (apps/plans)
    "plan_page_missing": {"code": "KHONG-CO"},
})
# fmt: off
MATRIX.update({
    # Plans are read by everyone signed in; only Sở Nội vụ uploads (an empty form: 422)
    "plans:list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        OK),
    },
    "plans:detail": {
        "GET plan_page":           (LOGIN,    OK,        OK,        OK,        OK,        OK),
        "GET plan_page_missing":   (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "plans:export": {
        "GET plan_page":           (LOGIN,    OK,        OK,        OK,        OK,        OK),
        "GET plan_page_missing":   (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "plans:upload": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    INVALID,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "dashboard:plan": {
        "GET plan":                (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET plan_missing":        (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "dashboard:target": {
        "GET plan_target":         (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET plan_target_missing": (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "dashboard:gaps_xlsx": {
        "GET plan_target":         (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET plan_target_missing": (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    # the progress indicator's poll while stored results are recomputed (apps/results)
    "dashboard:freshness": {
        "GET plan":                (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET plan_missing":        (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
})
# fmt: on

# --- the annual cycle (apps/annual) -----------------------------------------------------------
SAMPLES.update({
    "year": {"year": "2027"},
    "year_missing": {"year": "2099"},
    "milestone": {"year": "2027", "kind": "submission"},
    "agency_syt": {"year": "2027", "unit": "SYT"},
    "agency_sgd": {"year": "2027", "unit": "SGD"},
    "agency_missing": {"year": "2027", "unit": "KHONG-CO"},
    "line_syt": {"pk": "?"},  # a line of Sở Y tế's 2027 plan (made by _annual)
    "line_sgd": {"pk": "?"},
    "line_missing": {"pk": "999999"},
    "provincial_class": {"year": "2027", "code": "TH-2027-01"},
    "annual_doc": {"year": "2027", "slug": "ke-hoach", "ext": "docx"},
})
MISSING_LIKE.update({"agency_syt": "agency_missing", "agency_sgd": "agency_missing",
                     "line_syt": "line_missing", "line_sgd": "line_missing"})
TO_ANNUAL = "302 /ke-hoach-nam/"
# fmt: off
MATRIX.update({
    # Sở Nội vụ runs the cycle, an officer plans for their own agency, the leader approves, a learner
    # states their own wishes only
    "annual:index": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "annual:rates": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    INVALID,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:cycle_create": {
        "POST":                    (LOGIN,    TO_ANNUAL, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:cycle": {
        "GET year":                (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET year_missing":        (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "annual:milestone_edit": {
        "POST milestone":          (LOGIN,    TO_ANNUAL, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:survey": {
        "POST year":               (LOGIN,    TO_ANNUAL, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:ceilings": {
        "POST year":               (LOGIN,    TO_ANNUAL, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:needs": {
        "GET agency_syt":          (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "GET agency_sgd":          (LOGIN,    OK,        NOT_FOUND, OK,        FORBIDDEN, FORBIDDEN),
        "POST agency_syt":         (LOGIN,    INVALID,   INVALID,   NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    "annual:needs_confirm": {
        "POST agency_syt":         (LOGIN,    TO_ANNUAL, TO_ANNUAL, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    "annual:agency": {
        "GET agency_syt":          (LOGIN,    OK,        OK,        NOT_FOUND, OK,        FORBIDDEN),
        "GET agency_sgd":          (LOGIN,    OK,        NOT_FOUND, OK,        OK,        FORBIDDEN),
        "GET agency_missing":      (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "annual:agency_draft": {
        "POST agency_syt":         (LOGIN,    TO_ANNUAL, TO_ANNUAL, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    "annual:agency_submit": {
        "POST agency_syt":         (LOGIN,    TO_ANNUAL, TO_ANNUAL, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    "annual:agency_return": {
        "POST agency_syt":         (LOGIN,    TO_ANNUAL, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:agency_accept": {
        "POST agency_syt":         (LOGIN,    TO_ANNUAL, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:line_add": {
        "GET agency_syt":          (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST agency_syt":         (LOGIN,    INVALID,   INVALID,   NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    "annual:line_edit": {
        "GET line_syt":            (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "GET line_sgd":            (LOGIN,    OK,        NOT_FOUND, OK,        FORBIDDEN, FORBIDDEN),
        "POST line_syt":           (LOGIN,    INVALID,   INVALID,   NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    "annual:line_delete": {
        "POST line_missing":       (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    "annual:line_class": {
        "GET line_syt":            (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST line_syt":           (LOGIN,    INVALID,   INVALID,   NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    "annual:consolidation": {
        "GET year":                (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, OK,        FORBIDDEN),
    },
    "annual:merge": {
        "POST year":               (LOGIN,    TO_ANNUAL, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:consolidate": {
        "POST year":               (LOGIN,    TO_ANNUAL, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:provincial_class_open": {
        "GET provincial_class":    (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:projection": {
        "GET year":                (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, OK,        FORBIDDEN),
    },
    "annual:approve": {
        "POST year":               (LOGIN,    FORBIDDEN, FORBIDDEN, FORBIDDEN, TO_ANNUAL, FORBIDDEN),
    },
    "annual:adjust": {
        "GET year":                (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST year":               (LOGIN,    INVALID,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:suspend": {
        "POST year":               (LOGIN,    TO_ANNUAL, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "annual:document": {
        "GET annual_doc":          (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, OK,        FORBIDDEN),
    },
    "annual:execution": {
        "GET year":                (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "annual:my_needs": {
        "GET":                     (LOGIN,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
        "POST":                    (LOGIN,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, INVALID),
    },
})
# fmt: on


# Reports (apps/reports): Sở Nội vụ, officers (their own agency's figures) and leaders; not a learner.
# The names page without a figure's key answers 404 for everyone who may open reports.
SAMPLES.update({"fmt_docx": {"fmt": "docx"}, "fmt_xlsx": {"fmt": "xlsx"}, "fmt_missing": {"fmt": "doc"},
                "report_form": {"code": "10-BTCTW"}, "report_form_missing": {"code": "KHONG-CO"},
                "review_plan": {"plan_code": "KH-MT"}, "review_plan_missing": {"plan_code": "KHONG-CO"},
                "report_form_xlsx": {"code": "10-BTCTW", "fmt": "xlsx"},
                "report_form_missing_xlsx": {"code": "KHONG-CO", "fmt": "xlsx"}})
TO_JOB = "302 /cong-viec/"
# fmt: off
MATRIX.update({
    "reports:index": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "reports:annual": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "reports:annual_download": {
        "GET fmt_docx":            (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET fmt_missing":         (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "reports:annual_job": {
        "GET fmt_xlsx":            (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, FORBIDDEN),
        "POST fmt_xlsx":           (LOGIN,    TO_JOB,    TO_JOB,    TO_JOB,    TO_JOB,    FORBIDDEN),
    },
    "reports:names": {
        "GET":                     (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "reports:classes": {  # without a key: every class of the year the user may see
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "reports:costs": {  # without a key: every cost line of the year the user may see
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "reports:review": {  # KH-MT (made by _plan); a POST without a format queues the .docx
        "GET review_plan":         (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET review_plan_missing": (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
        "POST review_plan":        (LOGIN,    TO_JOB,    TO_JOB,    TO_JOB,    TO_JOB,    FORBIDDEN),
    },
    "reports:previous": {  # KH-MT has no review section: the page says so
        "GET review_plan":         (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET review_plan_missing": (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "reports:plan_document": {  # everyone signed in reads plans
        "GET review_plan":         (LOGIN,    OK,        OK,        OK,        OK,        OK),
        "GET review_plan_missing": (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "reports:form": {
        "GET report_form":         (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET report_form_missing": (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "reports:form_job": {  # the form made in the background: the job's page
        "GET report_form_xlsx":    (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, FORBIDDEN),
        "POST report_form_xlsx":   (LOGIN,    TO_JOB,    TO_JOB,    TO_JOB,    TO_JOB,    FORBIDDEN),
        "POST report_form_missing_xlsx": (LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
})
# fmt: on


def _annual(world) -> None:
    """A 2027 cycle, survey open; Sở Y tế and Sở GD&ĐT each sent two lines, the second ones merged
    into provincial class TH-2027-01."""
    from apps.accounts.access import SYSTEM
    from apps.annual import services

    cycle = services.cycle_create(actor=SYSTEM, year=2027)
    services.cycle_set_survey(actor=SYSTEM, cycle=cycle, open=True)
    merged = []
    for code in ("SYT", "SGD"):
        plan = services.agency_plan_open(actor=SYSTEM, cycle=cycle, unit=world["province"][code])
        first = services.line_save(actor=SYSTEM, agency_plan=plan, data=services.LineData(
            title=f"Bồi dưỡng kỹ năng số ({code})", quarter=2, classes=1, learners=10))
        merged.append(services.line_save(actor=SYSTEM, agency_plan=plan, data=services.LineData(
            title="Cập nhật kiến thức pháp luật", quarter=3, classes=1, learners=5)))
        services.plan_submit(actor=SYSTEM, agency_plan=plan)
        world[f"line_{code.lower()}"] = first
    services.provincial_class_merge(actor=SYSTEM, cycle=cycle, lines=merged)


# The roadmap's tasks (apps/roadmap): plan KH-NV, one row led by Sở Y tế and Sở GD&ĐT (by code),
# so one task of each; Sở Y tế's has a product (in an in-memory storage). An officer reaches their
# agency's task and gets 404 for the other's, like a missing one; a learner none (403).
SAMPLES.update({
    "task_syt": {"pk": "?"}, "task_sgd": {"pk": "?"}, "task_missing": {"pk": "999999"},
    "roadmap_plan": {"code": "KH-NV"}, "roadmap_plan_missing": {"code": "KHONG-CO"},
})
MISSING_LIKE.update({"task_syt": "task_missing", "task_sgd": "task_missing"})
TO_TASKS = "302 /nhiem-vu/"
# fmt: off
MATRIX.update({
    "roadmap:list": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "roadmap:overdue": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "roadmap:generate": {
        "GET roadmap_plan":        (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        "POST roadmap_plan":       (LOGIN,    TO_TASKS,  FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST roadmap_plan_missing": (LOGIN,  NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "roadmap:task": {
        "GET task_syt":            (LOGIN,    OK,        OK,        NOT_FOUND, OK,        FORBIDDEN),
        "GET task_sgd":            (LOGIN,    OK,        NOT_FOUND, OK,        OK,        FORBIDDEN),
        "GET task_missing":        (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "roadmap:task_update": {
        "GET task_syt":            (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        "POST task_syt":           (LOGIN,    TO_TASKS,  TO_TASKS,  NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST task_sgd":           (LOGIN,    TO_TASKS,  NOT_FOUND, TO_TASKS,  FORBIDDEN, FORBIDDEN),
        "POST task_missing":       (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    "roadmap:task_product": {  # no file sent: the form comes back (422)
        "POST task_syt":           (LOGIN,    INVALID,   INVALID,   NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST task_sgd":           (LOGIN,    INVALID,   NOT_FOUND, INVALID,   FORBIDDEN, FORBIDDEN),
    },
    "roadmap:product_download": {
        "GET task_syt":            (LOGIN,    OK,        OK,        NOT_FOUND, OK,        FORBIDDEN),
        "GET task_missing":        (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
})
# fmt: on

# Reference data (apps/catalogues): Sở Nội vụ only, 403 for everyone else whatever the key or code.
SAMPLES.update({"ref": {"key": "chuc-vu"}, "ref_missing": {"key": "khong-co"},
                "ref_value": {"key": "chuc-vu", "code": "PHO_TRUONG_PHONG"},
                "ref_value_missing": {"key": "chuc-vu", "code": "KHONG_CO"}})
# fmt: off
MATRIX.update({
    "catalogues:index": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "catalogues:list": {
        "GET ref":                 (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "GET ref_missing":         (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "catalogues:create": {
        "GET ref":                 (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        # an empty form: the page comes back with its errors
        "POST ref":                (LOGIN,    INVALID,   FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "catalogues:edit": {
        "GET ref_value":           (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "GET ref_value_missing":   (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "catalogues:retire": {
        "GET ref_value":           (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        "POST ref_value":          (LOGIN,    "302 /danh-muc/chuc-vu/", FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST ref_value_missing":  (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "catalogues:restore": {
        "POST ref_value":          (LOGIN,    "302 /danh-muc/chuc-vu/", FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "catalogues:export": {
        "GET ref":                 (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "catalogues:import": {
        "GET ref":                 (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST ref":                (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
})
# fmt: on

# People's Council seats on the person form (apps/people): as editing the record. No council unit in
# the fixture province, so an allowed POST gets the form back (422); a seat that is not there sends
# an allowed user back to the form with a message.
SAMPLES.update({"seat_syt": {"code": "YT-0001", "pk": "999999"}, "seat_sgd": {"code": "GD-0001", "pk": "999999"}})
# fmt: off
MATRIX.update({
    "people:seats": {
        "GET syt":                 (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "GET sgd":                 (LOGIN,    OK,        NOT_FOUND, OK,        FORBIDDEN, NOT_FOUND),
        "GET own":                 (LOGIN,    OK,        OK,        NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "GET missing":             (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "POST syt":                (LOGIN,    INVALID,   INVALID,   NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "POST sgd":                (LOGIN,    INVALID,   NOT_FOUND, INVALID,   FORBIDDEN, NOT_FOUND),
    },
    "people:seat_end": {
        "GET seat_syt":            (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
        "POST seat_syt":           (LOGIN,    TO_PERSON, TO_PERSON, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "POST seat_sgd":           (LOGIN,    TO_PERSON, NOT_FOUND, TO_PERSON, FORBIDDEN, NOT_FOUND),
    },
    "people:seat_remove": {
        "POST seat_syt":           (LOGIN,    TO_PERSON, TO_PERSON, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "POST seat_sgd":           (LOGIN,    TO_PERSON, NOT_FOUND, TO_PERSON, FORBIDDEN, NOT_FOUND),
    },
})
# fmt: on


def _roadmap(world, settings=None) -> None:
    """Plan KH-NV with one row for Sở Y tế and Sở GD&ĐT; their tasks are world["task_syt"/"task_sgd"]."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.accounts.access import SYSTEM
    from apps.plans import deadlines
    from apps.plans.models import Plan, PlanTask
    from apps.roadmap.models import RoadmapTask
    from apps.roadmap.services import roadmap_generate, task_attach_product

    if settings is not None:
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    plan = Plan.objects.create(code="KH-NV", title="Kế hoạch mẫu có lộ trình", issuing_body="UBND tỉnh",
                               period_start=dt.date(2026, 1, 1), period_end=dt.date(2027, 12, 31))
    PlanTask.objects.create(plan=plan, order=1, number="1", text="Xây dựng kế hoạch đào tạo, bồi dưỡng",
                            lead_units="Sở Y tế; Sở Giáo dục và Đào tạo", lead_unit_codes=["SYT", "SGD"],
                            deadline_text="Năm 2026", deadline=deadlines.parse("Năm 2026"))
    roadmap_generate(actor=SYSTEM, plan=plan)
    world["task_syt"] = RoadmapTask.objects.get(unit__code="SYT")
    world["task_sgd"] = RoadmapTask.objects.get(unit__code="SGD")
    if settings is not None:
        task_attach_product(actor=SYSTEM, task=world["task_syt"],
                            upload=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 mau"))


def _plan(world) -> None:
    """KH-MT, 2021–2025, one target PL: everyone working updated on law each year, so both
    agencies' sample people are in its gap list and each officer must see only their own."""
    import datetime as dt

    from apps.plans.models import Plan, PlanTarget

    plan = Plan.objects.create(code="KH-MT", title="Kế hoạch mẫu", issuing_body="UBND tỉnh",
                               period_start=dt.date(2021, 1, 1), period_end=dt.date(2025, 12, 31))
    spec = {"population": {}, "goal": {"min": 80, "unit": "percent"}, "deadline": {"every": "year"},
            "measure": {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "window": {"year": "current"}}}
    PlanTarget.objects.create(plan=plan, order=1, code="PL", text="Cập nhật kiến thức pháp luật", spec=spec)


# Quality evaluation (apps/evaluation) and the learner's page (apps/portal): campaigns on LOP-YT
# (Sở Y tế's, the learner enrolled) and LOP-GD; "form_own" is the learner's course form, "form_sgd"
# the Sở GD&ĐT person's. An officer reads the results of classes their units organise (404 for the
# other's, like a missing class); a learner opens only their own form (404 for anyone else's) and
# their own page; nobody else has one.
SAMPLES.update({
    "template": {"pk": "?"}, "form_own": {"pk": "?"}, "form_sgd": {"pk": "?"}, "form_missing": {"pk": "999999"},
    # the instructor persona's programme form on LOP-YT; Sở Y tế's effectiveness form about the learner
    "form_teacher": {"pk": "?"}, "form_employer": {"pk": "?"},
    "provider_year": {"code": "TCT", "year": "2025"}, "provider_year_missing": {"code": "KHONG-CO", "year": "2025"},
})
MISSING_LIKE.update({"form_own": "form_missing", "form_sgd": "form_missing", "form_teacher": "form_missing",
                     "form_employer": "form_missing"})
TO_EVAL_TEMPLATE = "302 /danh-gia/mau/"
TO_EVAL_CLASS = "302 /danh-gia/lop/"
TO_PORTAL = "302 /cua-toi/"
TO_EMPLOYER_FORMS = "302 /danh-gia/hieu-qua/"
TO_TEACHING = "302 /cua-toi/giang-day/"
# fmt: off
MATRIX.update({
    "evaluation:index": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "evaluation:templates": {
        "GET":                     (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
    },
    "evaluation:template": {
        "GET template":            (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "POST template":           (LOGIN,    TO_EVAL_TEMPLATE, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "evaluation:class": {
        "GET class_syt":           (LOGIN,    OK,        OK,        NOT_FOUND, OK,        FORBIDDEN),
        "GET class_sgd":           (LOGIN,    OK,        NOT_FOUND, OK,        OK,        FORBIDDEN),
        "GET class_missing":       (LOGIN,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "evaluation:campaign_create": {
        "GET class_syt":           (LOGIN,    NOT_ALLOWED, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST class_syt":          (LOGIN,    TO_EVAL_CLASS, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST class_missing":      (LOGIN,    NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "evaluation:class_report": {
        "GET class_syt":           (LOGIN,    OK,        OK,        NOT_FOUND, OK,        FORBIDDEN),
        "GET class_sgd":           (LOGIN,    OK,        NOT_FOUND, OK,        OK,        FORBIDDEN),
    },
    "evaluation:provider_year": {
        "GET provider_year":       (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET provider_year_missing": (LOGIN,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    "evaluation:provider_year_report": {
        "GET provider_year":       (LOGIN,    OK,        OK,        OK,        OK,        FORBIDDEN),
        "GET provider_year_missing": (LOGIN,  NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    },
    # each respondent opens only their own forms: the learner theirs, an officer the effectiveness
    # forms of their units' learners (not the learner's own forms), the instructor theirs (INSTRUCTOR)
    "evaluation:answer": {
        "GET form_own":            (LOGIN,    FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, OK),
        "GET form_sgd":            (LOGIN,    FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "GET form_missing":        (LOGIN,    FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "GET form_teacher":        (LOGIN,    FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "GET form_employer":       (LOGIN,    FORBIDDEN, OK,        NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "POST form_own":           (LOGIN,    FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, TO_PORTAL),
        "POST form_sgd":           (LOGIN,    FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "POST form_teacher":       (LOGIN,    FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "POST form_employer":      (LOGIN,    FORBIDDEN, TO_EMPLOYER_FORMS, NOT_FOUND, FORBIDDEN, NOT_FOUND),
    },
    "evaluation:employer_forms": {
        "GET":                     (LOGIN,    FORBIDDEN, OK,        OK,        FORBIDDEN, FORBIDDEN),
    },
    # the coverage rule: Sở Nội vụ only (a valid rule from 01/01/2026 comes back to the rule page)
    "evaluation:coverage_rule": {
        "GET":                     (LOGIN,    OK,        FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST":                    (LOGIN,    "302 /danh-gia/ty-le-khoa-hoc/", FORBIDDEN, FORBIDDEN, FORBIDDEN,
                                    FORBIDDEN),
    },
    "portal:home": {
        "GET":                     (LOGIN,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    },
    "portal:record": {
        "GET":                     (LOGIN,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    },
    "portal:teaching": {  # the instructor's own page (INSTRUCTOR: 200)
        "GET":                     (LOGIN,    FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
})
# fmt: on


def _evaluation(world) -> None:
    """A campaign on every object for LOP-YT and LOP-GD, open from 2025 to the end of 2027."""
    import datetime as dt

    from apps.accounts.access import SYSTEM
    from apps.evaluation import services
    from apps.evaluation.models import EvaluationTemplate, Form
    from apps.training.models import TrainingClass

    for code in ("LOP-YT", "LOP-GD"):
        services.campaign_create(actor=SYSTEM, training_class=TrainingClass.objects.get(code=code),
                                 data=services.CampaignData(objects=("programme", "course", "effectiveness"),
                                                            opens_on=dt.date(2025, 3, 5), closes_on=dt.date(2027, 12, 31)))
    world["template"] = EvaluationTemplate.objects.get(regime="tt10_2017", object="course", version=1)
    world["form_own"] = Form.objects.get(person=world["own"], part__template__object="course")
    world["form_sgd"] = Form.objects.get(person=world["sgd"], part__template__object="course")
    world["form_teacher"] = Form.objects.get(instructor=world["instructor"], part__template__object="programme")
    # six months after LOP-YT ended: open until 2030, whatever today is
    world["form_employer"] = Form.objects.get(person=world["own"], group="employer")
    world["form_employer"].part.__class__.objects.filter(pk=world["form_employer"].part_id).update(
        opens_on=dt.date(2025, 9, 7), closes_on=dt.date(2030, 12, 31))


def _evaluation_post_data(name: str, sample: str, role: str, world) -> dict:
    if name == "evaluation:template":
        from apps.evaluation.services import template_yaml

        return {"source": template_yaml(world["template"]).replace("Sẵn sàng", f"Sẵn lòng ({role})")}
    if name == "evaluation:campaign_create":
        return {"objects": ["course"], "groups": ["learner"], "opens_on": "01/01/2026", "closes_on": "31/12/2027",
                "effectiveness_months": "6"}
    if name == "evaluation:coverage_rule":
        return {"effective_from": "01/01/2026", "share_articles_5_8": "25", "share_article_9": "10",
                "min_article_10": "1", "basis": f"Sửa bởi {role}"}
    if name == "evaluation:answer" and sample in world:
        ids = world[sample].part.template.indicators.values_list("pk", flat=True)
        return {f"i{pk}": "8" for pk in ids}
    return {}


# The instructor persona (giang_vien, linked to Phạm Văn Giảng of TCT, who teaches LOP-YT): 403 on
# every row of MATRIX but those stated here. They read no one's record (a person's page or record
# answers like a missing one, the people and class lists are refused), only their own page and forms.
INSTRUCTOR: dict[str, dict[str, object]] = {
    # their own notifications and jobs, sign-out, and what every signed-in user reads (plans, standards)
    "logout": {"GET": NOT_ALLOWED, "POST": "302 /dang-nhap/"},
    "notifications:list": {"GET": OK}, "notifications:calendar": {"GET": OK}, "notifications:ics": {"GET": NOT_FOUND},
    "notifications:open": {"GET pk_missing": NOT_FOUND},
    "notifications:mark_all_read": {"GET": NOT_ALLOWED, "POST": "302 /thong-bao/"},
    "jobs:list": {"GET": OK}, "jobs:detail": {"GET pk_missing": NOT_FOUND}, "jobs:download": {"GET pk_missing": NOT_FOUND},
    "plans:list": {"GET": OK},
    "plans:detail": {"GET plan_page": OK, "GET plan_page_missing": NOT_FOUND},
    "plans:export": {"GET plan_page": OK, "GET plan_page_missing": NOT_FOUND},
    "reports:plan_document": {"GET review_plan": OK, "GET review_plan_missing": NOT_FOUND},
    "standards:list": {"GET": OK},
    # (the people list, its API, the class list: 403, the instructor holds neither VIEW_PEOPLE nor
    # VIEW_CLASSES; their classes are on their own page)
    # GET on a POST-only action: 405 before anything is looked up
    "catalogues:retire": {"GET ref_value": NOT_ALLOWED}, "roadmap:generate": {"GET roadmap_plan": NOT_ALLOWED},
    "roadmap:task_update": {"GET task_syt": NOT_ALLOWED},
    # their own page and forms
    "home": {"GET": TO_TEACHING},
    "login": {"GET": TO_TEACHING, "POST": TO_TEACHING},
    "portal:teaching": {"GET": OK},
    "evaluation:answer": {"GET form_own": NOT_FOUND, "GET form_sgd": NOT_FOUND, "GET form_missing": NOT_FOUND,
                          "GET form_teacher": OK, "GET form_employer": NOT_FOUND, "POST form_own": NOT_FOUND,
                          "POST form_sgd": NOT_FOUND, "POST form_teacher": TO_TEACHING,
                          "POST form_employer": NOT_FOUND},
}
# Rows where every request of the instructor answers 404 exactly like a nonexistent code (a person,
# a unit, a class — even the class they teach — or an enrollment: none is theirs to read), but for
# the GET of a POST-only action (405).
INSTRUCTOR_LIKE_MISSING: dict[str, dict[str, object]] = {
    "api:person": {}, "organization:detail": {}, "standards:check": {"POST syt": NOT_ALLOWED},
    "people:detail": {}, "people:edit": {}, "people:status": {}, "people:seats": {},
    "people:seat_end": {"GET seat_syt": NOT_ALLOWED}, "people:seat_remove": {},
    "training:class_detail": {}, "training:class_edit": {}, "training:class_instructors": {},
    "training:enrollment_candidates": {}, "training:enrollment_create": {"GET class_syt": NOT_ALLOWED},
    "training:enrollment_detail": {}, "training:enrollment_result": {"GET enr_own": NOT_ALLOWED},
    "training:commitment_create": {"GET enr_own": NOT_ALLOWED}, "training:external_create": {},
    "training:person_record_xlsx": {}, "training:person_record_pdf": {}, "training:reimbursement": {},
}
PERSONAS = (*ROLES, "giang_vien")


def expected_of(name: str, request: str, role: str):
    """The status ``role`` gets for ``request`` of row ``name``."""
    if role == "giang_vien" and name in INSTRUCTOR_LIKE_MISSING:
        return INSTRUCTOR_LIKE_MISSING[name].get(request, NOT_FOUND)
    if role == "giang_vien":
        return INSTRUCTOR.get(name, {}).get(request, FORBIDDEN)
    return MATRIX[name][request][ROLES.index(role)]


def url_patterns(resolver=None, namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    """(URL name with its namespaces, route) of every pattern, walking includes recursively.
    An unnamed pattern is reported by its route, so it cannot hide from the table either."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner, route)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else f"<unnamed {route}>"), route


def test_every_url_pattern_has_a_row():
    patterns = dict(url_patterns())
    missing = sorted(f"{name}  (/{route})" for name, route in patterns.items() if name not in MATRIX)
    staged = {name for name in STAGED_URLCONFS if name in dict(url_patterns(get_resolver(STAGED_URLCONFS[name])))}
    stale = sorted(set(MATRIX) - set(patterns) - staged)
    assert not (missing or stale), (
        "URL patterns with no row in tests/test_access_matrix.py MATRIX:\n  " + "\n  ".join(missing)
        + f"\nMATRIX rows for URL names that no longer exist: {stale}")


def test_every_row_states_every_role():
    bad = [f"{name} {request}" for name, rows in MATRIX.items() for request, row in rows.items()
           if len(row) != len(ROLES) or request.partition(" ")[2] not in SAMPLES]
    stray = [f"{name} {request}" for table in (INSTRUCTOR, INSTRUCTOR_LIKE_MISSING) for name, rows in table.items()
             for request in (rows or MATRIX.get(name) or {"(no row)": None}) if request not in MATRIX.get(name, {})]
    stray += sorted(set(INSTRUCTOR) & set(INSTRUCTOR_LIKE_MISSING))
    assert not bad and not stray


# --- the world the table is checked against ---------------------------------------------------



@pytest.fixture
def world(province, personas, make_person):
    """Two people with distinctive names, one per agency, plus the personas' learner record."""
    syt = make_person(province["SYT"], "Hồ Thị Y Tế Riêng", code="YT-0001", national_id="094011111111")
    sgd = make_person(province["THPT1"], "Lâm Văn Giáo Riêng", code="GD-0001",
                      national_id="094022222222", category="vien_chuc")
    own = personas["hoc_vien"].profile.person
    world = {"syt": syt, "sgd": sgd, "own": own, "province": province, "personas": personas}
    _instructor_persona(world)
    return world


def _instructor_persona(world) -> None:
    """Provider TCT, its instructor Phạm Văn Giảng and that instructor's account ``giang_vien``
    (a persona of the table: INSTRUCTOR states its column)."""
    from apps.accounts.access import SYSTEM
    from apps.accounts.services import user_create
    from apps.training import services

    admin = world["personas"]["so_noi_vu"]
    provider = services.provider_create(actor=admin, code="TCT", name="Trường Chính trị tỉnh")
    world["instructor"] = services.instructor_create(actor=admin, provider=provider, full_name="Phạm Văn Giảng",
                                                     kind="thinh_giang", practical_management_years=6)
    world["catalogue"] = {"provider": provider}
    user = user_create(actor=SYSTEM, username="giang_vien", password="x", role="instructor",
                       instructor=world["instructor"], full_name="Phạm Văn Giảng")
    world["personas"]["giang_vien"] = user


def _training_classes(world) -> None:
    """LOP-YT (organised by Sở Y tế, the learner enrolled) and LOP-GD (by Sở GD&ĐT)."""
    import datetime as dt

    from apps.training import services
    from apps.training.models import ContentArea, DeliveryForm

    admin = world["personas"]["so_noi_vu"]
    provider = world["catalogue"]["provider"]  # TCT and its instructor: _instructor_persona
    programme = services.programme_create(actor=admin, code="CDS", name="Cập nhật kỹ năng số",
                                          kind="boi_duong", fostering_family="cap_nhat",
                                          content_areas=ContentArea.objects.filter(code="tin_hoc"))
    world["catalogue"]["programme"] = programme
    for code, unit in (("LOP-YT", "SYT"), ("LOP-GD", "SGD")):
        klass = services.class_create(actor=admin, data=services.ClassData(
            code=code, programme=programme, provider=provider, organiser_id=world["province"][unit].pk,
            form=DeliveryForm.objects.get(code="truc_tuyen"), start_date=dt.date(2025, 3, 3),
            end_date=dt.date(2025, 3, 7)))
        learner = world["own"] if code == "LOP-YT" else world["sgd"]
        key = "enr_own" if code == "LOP-YT" else "enr_sgd"
        world[key] = services.enrollment_create(actor=admin, person=learner, training_class=klass)
        if code == "LOP-YT":  # the instructor persona teaches Sở Y tế's class
            services.class_set_instructors(actor=admin, training_class=klass, assignments=[(world["instructor"], 8)])


def _kwargs(sample: str, world) -> dict[str, str]:
    if sample == "own":
        return {"code": world["own"].code}
    if SAMPLES[sample].get("pk") == "?":  # enrollments, instructor: made by _training_classes
        return {"pk": str(world[sample].pk)}
    return SAMPLES[sample]


def _client(role: str, personas) -> Client:
    client = Client()
    if role != "anonymous":
        personas[role].refresh_from_db()  # a password reset by an earlier row changes the session hash
        client.force_login(personas[role])
    return client


def _person_form(person, **changes) -> dict:
    data = {
        "code": person.code, "full_name": person.full_name, "gender": person.gender,
        "birth_date": person.birth_date.strftime("%d/%m/%Y"), "ethnicity": person.ethnicity_id,
        "national_id": person.national_id or "", "unit": person.unit_id, "category": person.category,
        "joined_on": person.joined_on.strftime("%d/%m/%Y"), "job_position": person.job_position,
    }
    data.update(changes)
    return data


def _post_data(name: str, sample: str, role: str, world) -> dict:
    """A valid form for the request, so an allowed role gets the success redirect."""
    if name == "login":
        return {"username": "so_noi_vu", "password": "sai"}
    if name == "people:create":
        template = world["syt"]
        return _person_form(template, code=f"MOI-{role}", full_name="Người Mới Thêm", national_id="")
    if name == "people:edit" and sample in world:
        return _person_form(world[sample], job_position=f"Sửa bởi {role}")
    if name == "accounts:account_create":
        return {"username": f"moi_{role}", "full_name": "Cán bộ Mới", "role": "agency_officer",
                "unit": world["province"]["SYT"].pk}
    if name == "accounts:account_edit":
        return {"full_name": "Trần Thị Bích", "role": "learner", "person_code": world["own"].code, "is_active": "on"}
    if name == "people:status":
        return {"status": "retired", "on": "01/07/2025", "reason": "Đủ tuổi nghỉ hưu"}
    if name == "organization:create":
        return {"code": f"DV-{role}", "name": "Phòng Mới Thành Lập", "level": "province", "kind": "state",
                "parent": world["province"]["SYT"].pk, "valid_from": "01/01/2025"}
    if name == "training:enrollment_create":
        return {"ma_can_bo": world["sgd" if sample == "class_sgd" else "syt"].code}
    if name.startswith("training:"):
        return _training_post_data(name, sample, role, world)
    if name == "roadmap:task_update":
        return {"status": "doing", "note": f"Cập nhật bởi {role}"}
    if name.startswith("evaluation:"):
        return _evaluation_post_data(name, sample, role, world)
    if name in ("organization:merge", "organization:move"):
        return {"decision": "Số 1/QĐ-UBND"}  # no date, no units: the form comes back with errors
    if name == "organization:edit" and sample == "unit_syt":
        return {"name": "Bệnh viện Đa khoa tỉnh Sóc Trăng", "kind": "public_service"}
    return {}


def _class_form(world, unit: str, code: str) -> dict:
    catalogue = world["catalogue"]
    from apps.training.models import DeliveryForm

    return {"code": code, "programme": catalogue["programme"].pk, "provider": catalogue["provider"].pk,
            "organiser": world["province"][unit].pk, "form": DeliveryForm.objects.get(code="truc_tuyen").pk,
            "start_date": "03/03/2025", "end_date": "07/03/2025", "status": "planned",
            "du_toan_ngan_sach_dia_phuong": "10.000.000", f"gv_{world['instructor'].pk}": "1",
            f"gio_{world['instructor'].pk}": "8"}


def _training_post_data(name: str, sample: str, role: str, world) -> dict:
    """Valid forms for the training pages (a class of Sở Y tế for class_create)."""
    from apps.training.models import ContentArea

    area = ContentArea.objects.get(code="tin_hoc").pk
    forms = {
        "training:class_create": lambda: _class_form(world, "SYT", f"LOP-MOI-{role}"),
        "training:class_edit": lambda: _class_form(world, "SGD" if sample == "class_sgd" else "SYT", "?"),
        "training:enrollment_result": lambda: {"chi_phi_ngan_sach_dia_phuong": "1.500.000"},
        "training:commitment_create": lambda: {"committed_months": "24"},
        "training:class_instructors": lambda: {f"gv_{world['instructor'].pk}": "1", f"gio_{world['instructor'].pk}": "8"},
        "training:external_create": lambda: {
            "programme": world["catalogue"]["programme"].pk, "provider_name": "Đại học Cần Thơ",
            "start_date": "01/09/2015", "end_date": "30/06/2019", "certificate_number": f"VB-{role}",
            "certificate_date": "15/07/2019"},
        "training:programme_create": lambda: {"code": f"CT-{role}", "name": "Bồi dưỡng mới", "kind": "boi_duong",
                                              "fostering_family": "cap_nhat", "content_areas": [area], "active": "on"},
        "training:programme_edit": lambda: {"code": "CDS", "name": "Cập nhật kỹ năng số (sửa)", "kind": "boi_duong",
                                            "fostering_family": "cap_nhat", "content_areas": [area], "active": "on"},
        "training:content_area_edit": lambda: {"name": "Tin học, ứng dụng công nghệ thông tin", "order": "110",
                                               "active": "on"},
        "training:content_area_create": lambda: {"code": f"nd_{role}", "name": f"Nội dung mới {role}", "order": "200"},
        "training:provider_create": lambda: {"code": f"CS-{role}", "name": "Cơ sở mới", "ownership": "cong_lap",
                                             "country": "Việt Nam", "active": "on"},
        "training:provider_edit": lambda: {"code": "TCT", "name": "Trường Chính trị tỉnh Sóc Trăng",
                                           "ownership": "cong_lap", "country": "Việt Nam", "active": "on"},
        "training:instructor_create": lambda: {"full_name": "Giảng Viên Mới", "kind": "co_huu",
                                               "practical_management_years": "3"},
        "training:instructor_edit": lambda: {"full_name": "Phạm Văn Giảng", "kind": "thinh_giang",
                                             "practical_management_years": "7", "active": "on"},
    }
    return forms[name]() if name in forms else {}


def _request(client: Client, method: str, url: str, data: dict):
    return client.post(url, data) if method == "POST" else client.get(url)


def _matches(response, expected) -> bool:
    if isinstance(expected, int):
        return response.status_code == expected
    status, _, location = expected.partition(" ")
    return response.status_code == int(status) and response.get("Location", "").startswith(location)


_TOKEN = re.compile(rb"[A-Za-z0-9]{32,64}")


def _normalised(response, codes) -> bytes:
    body = _TOKEN.sub(b"TOKEN", response.content)
    for code in codes:
        body = body.replace(code.encode(), b"CODE")
    return body


def _same_as_missing(name: str, role: str, method: str, sample: str, world) -> bool:
    """Another agency's object and a nonexistent code get the same 404 page (fresh sessions, so
    a flash message left by an earlier request cannot tell them apart either)."""
    bodies = []
    for candidate in (sample, MISSING_LIKE[sample]):
        kwargs = _kwargs(candidate, world)
        url = reverse(name, kwargs=kwargs)
        response = _request(_client(role, world["personas"]), method, url,
                            _post_data(name, candidate, role, world))
        key = next(k for k in ("code", "username", "pk", "unit") if k in kwargs)
        marks = [f"/{kwargs[key]}/"] if key == "pk" else [kwargs[key]]  # a bare "1" is everywhere
        bodies.append((response.status_code, _normalised(response, marks)))
    return bodies[0] == bodies[1]


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(name, world, settings):
    if name not in dict(url_patterns()) and name in STAGED_URLCONFS:
        settings.ROOT_URLCONF = STAGED_URLCONFS[name]
    if name.startswith("training:"):
        _training_classes(world)
    if name.startswith(("dashboard:", "plans:", "reports:review", "reports:plan_document", "reports:previous")):
        _plan(world)
    if name.startswith("roadmap:"):
        _roadmap(world, settings)
    if name.startswith("annual:"):
        _annual(world)
    if name.startswith("evaluation:"):
        _training_classes(world)
        _evaluation(world)
    mismatches = []
    for role in PERSONAS:
        client = _client(role, world["personas"])
        for request in MATRIX[name]:
            method, _, sample = request.partition(" ")
            url = reverse(name, kwargs=_kwargs(sample, world) or None)
            response = _request(client, method, url, _post_data(name, sample, role, world))
            expected = expected_of(name, request, role)
            if not _matches(response, expected):
                got = f"{response.status_code} {response.get('Location', '')}".strip()
                mismatches.append(f"{role:>18} {method} {url}: expected {expected}, got {got}")
            elif expected == NOT_FOUND and sample in MISSING_LIKE and \
                    not _same_as_missing(name, role, method, sample, world):
                mismatches.append(f"{role:>18} {method} {url}: 404 differs from a nonexistent code's")
            if role != "anonymous" and not client.session.get("_auth_user_id"):
                client = _client(role, world["personas"])  # logged out by the request; log back in
    assert not mismatches, f"{name}:\n" + "\n".join(mismatches)


# --- no page or API answer shows an agency officer someone of another agency ------------------


def _text_of(response) -> str:
    content_type = response.get("Content-Type", "")
    if "wordprocessingml" in content_type:  # official documents (.docx): paragraphs and table cells
        from docx import Document

        doc = Document(io.BytesIO(response.content))
        cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if content_type.startswith("application/vnd.openxmlformats"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    if content_type.startswith("application/pdf"):
        return ""  # rendered from the same rows as the xlsx record, which is read
    if content_type.startswith("text/csv"):
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    # what the user typed comes back in the search box: not a leak
    return _ECHOED_INPUT.sub("", response.content.decode())


_ECHOED_INPUT = re.compile(r'<input[^>]*name="q"[^>]*>')


def _pages_for(role: str, world, foreign) -> list[str]:
    """Every GET the table allows ``role``, plus searches and filters aimed at ``foreign``."""
    urls = []
    live = dict(url_patterns())
    for name, rows in MATRIX.items():
        if name not in live:
            continue  # staged, not mounted yet
        for request in rows:
            method, _, sample = request.partition(" ")
            if method == "GET" and expected_of(name, request, role) == OK:
                urls.append(reverse(name, kwargs=_kwargs(sample, world) or None))
    people, api, xlsx, csv_ = (reverse(n) for n in ("people:list", "api:people", "people:export_xlsx",
                                                     "people:export_csv"))
    for query in (foreign.full_name, foreign.code, foreign.national_id, "giao rieng", "y te rieng"):
        urls += [f"{people}?q={query}", f"{api}?q={query}", f"{xlsx}?q={query}", f"{csv_}?q={query}"]
    for unit in ("SYT", "SGD", "THPT1", "BVDK"):
        urls += [f"{people}?don_vi={unit}", f"{xlsx}?don_vi={unit}"]
    urls += [f"{people}?trang_thai=", f"{api}?status=", f"{csv_}?trang_thai="]
    return urls


@pytest.mark.parametrize("role, foreign_keys", [
    ("can_bo_so_y_te", ("sgd",)),
    ("can_bo_so_giao_duc", ("syt", "own")),
    ("hoc_vien", ("syt", "sgd")),
    ("giang_vien", ("syt", "sgd", "own")),  # the instructor reads no one's record, not even their learner's
])
def test_no_answer_shows_a_person_outside_the_users_scope(role, foreign_keys, world):
    _training_classes(world)  # class pages and rosters too, once they are mounted
    _plan(world)  # plan dashboards and their gap lists
    _roadmap(world)  # the roadmap's task pages
    _annual(world)  # the annual cycle's pages
    _evaluation(world)  # evaluation results, the learner's forms and own page
    client = _client(role, world["personas"])
    leaks = []
    for key in foreign_keys:
        foreign = world[key]
        marks = [m for m in (foreign.code, foreign.national_id, foreign.full_name) if m]
        for url in _pages_for(role, world, foreign):
            response = client.get(url)
            if response.status_code != OK:
                continue
            text = _text_of(response)
            leaks += [f"{url} shows {mark!r}" for mark in marks if mark in text]
    assert not leaks, "\n".join(leaks)


def test_the_leak_check_would_see_a_leak(world):
    """The same pages, read by someone who may see everyone, do show both agencies' people."""
    _training_classes(world)  # the samples of the training pages (enrollments, instructor)
    _roadmap(world)  # the samples of the roadmap's task pages
    _annual(world)  # the samples of the annual pages (lines)
    _evaluation(world)  # the samples of the evaluation pages (template, forms)
    client = _client("so_noi_vu", world["personas"])
    text = "".join(_text_of(client.get(url)) for url in _pages_for("so_noi_vu", world, world["sgd"]))
    assert world["sgd"].code in text and world["syt"].code in text
    assert world["sgd"].full_name in text and world["syt"].national_id in text


# --- an officer whose agency was merged away answers for its successor -------------------------


@pytest.fixture
def merged_officer(world):
    """The officer of Chi cục Dân số (DS), merged into Sở Y tế in 2024: they now answer for Sở Y tế
    and reach exactly what Sở Y tế's own officer reaches."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from apps.accounts.access import SYSTEM
    from apps.accounts.services import user_create
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create, unit_merge

    province = world["province"]
    ds = unit_create(actor=SYSTEM, code="DS", name="Chi cục Dân số", level=Level.PROVINCE, kind=UnitKind.STATE,
                     parent=province["TINH"], valid_from=dt.date(2020, 1, 1), audit=False)
    user = user_create(actor=SYSTEM, username="can_bo_chi_cuc_ds", password="x", role="agency_officer",
                       unit=ds, full_name="Cán bộ Chi cục Dân số")
    unit_merge(actor=SYSTEM, sources=[ds], target=province["SYT"], on=dt.date(2024, 1, 1))
    return get_user_model().objects.select_related("profile").get(pk=user.pk)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix_for_an_officer_whose_agency_was_merged_away(name, world, merged_officer, settings):
    """Every row, as the merged agency's officer: the same answer as Sở Y tế's officer gets."""
    if name not in dict(url_patterns()) and name in STAGED_URLCONFS:
        settings.ROOT_URLCONF = STAGED_URLCONFS[name]
    if name.startswith("training:"):
        _training_classes(world)
    if name.startswith(("dashboard:", "plans:", "reports:review", "reports:plan_document", "reports:previous")):
        _plan(world)
    if name.startswith("roadmap:"):
        _roadmap(world, settings)
    if name.startswith("annual:"):
        _annual(world)
    if name.startswith("evaluation:"):
        _training_classes(world)
        _evaluation(world)
    column = ROLES.index("can_bo_so_y_te")
    for before in ROLES[:column]:  # the same state as when Sở Y tế's officer is checked
        earlier = _client(before, world["personas"])
        for request in MATRIX[name]:
            method, _, sample = request.partition(" ")
            url = reverse(name, kwargs=_kwargs(sample, world) or None)
            _request(earlier, method, url, _post_data(name, sample, before, world))
    client = Client()
    client.force_login(merged_officer)
    mismatches = []
    for request, row in MATRIX[name].items():
        method, _, sample = request.partition(" ")
        url = reverse(name, kwargs=_kwargs(sample, world) or None)
        response = _request(client, method, url, _post_data(name, sample, "can_bo_so_y_te", world))
        if not _matches(response, row[column]):
            got = f"{response.status_code} {response.get('Location', '')}".strip()
            mismatches.append(f"{method} {url}: expected {row[column]}, got {got}")
        if not client.session.get("_auth_user_id"):
            client.force_login(merged_officer)
    assert not mismatches, f"{name}:\n" + "\n".join(mismatches)


# --- the CLI's --as reads the same scope ------------------------------------------------------

CLI_ROLES = ("so_noi_vu", "can_bo_so_y_te", "can_bo_so_giao_duc", "lanh_dao", "hoc_vien")
# Each command line (``{tmp}`` is a scratch folder) and its exit status per role of CLI_ROLES. The
# merged agency's officer must get Sở Y tế's officer's status and the very same output.
# fmt: off
CLI_MATRIX: dict[str, tuple[int, ...]] = {
    #                                                     so_noi_vu y_te giao_duc lanh_dao hoc_vien
    "units list --json":                                  (0,       0,   0,       0,       1),
    "export people {tmp}/nhan-su.csv":                    (0,       0,   0,       0,       1),
    "export enrollments {tmp}/luot.csv":                  (0,       0,   0,       0,       1),
    "export classes {tmp}/lop.csv":                       (0,       0,   0,       0,       0),
    "training history YT-0001":                           (0,       0,   1,       0,       1),
    "training history GD-0001":                           (0,       1,   0,       0,       1),
    "targets --plan KH-MT --at 2025-06-30 --json":        (0,       0,   0,       0,       1),
    "targets --plan KH-MT --at 2025-06-30 --unit SGD --json": (0,   1,   0,       0,       1),
    "gaps --plan KH-MT --target PL --at 2025-06-30 --out {tmp}/thieu.xlsx": (0, 0, 0, 0, 1),
    "plan list --json":                                   (0,       0,   0,       0,       0),
    "plan export KH-MT {tmp}/kh.yaml":                    (0,       0,   0,       0,       0),
    "units merge THPT1 --into SGD --on 2025-01-01 --dry-run": (0,   1,   1,       1,       1),
    "standards check YT-0001 --rank 01.003":              (0,       0,   1,       0,       1),
    "roadmap tasks --plan KH-NV --json":                  (0,       0,   0,       0,       1),
    "roadmap tasks --plan KH-NV --overdue":               (0,       0,   0,       0,       1),
    "roadmap generate --plan KH-NV":                      (0,       1,   1,       1,       1),
    "annual draft --year 2027 --json":                    (0,       0,   0,       1,       1),
    "annual draft --year 2027 --unit SGD --json":         (0,       1,   0,       1,       1),
    "annual consolidate --year 2027 --json":              (0,       1,   1,       0,       1),
    "annual documents --year 2027 --out {tmp}/vb":        (0,       1,   1,       0,       1),
}
# fmt: on


def _run_cli(capsys, argv: list[str]) -> tuple[int, str]:
    from dtbd.cli import main

    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_cli_as_matrix(world, merged_officer, capsys, tmp_path):
    """Every command of the table as every role (``dtbd --as``), and as the merged agency's officer."""
    _training_classes(world)
    _plan(world)
    _roadmap(world)
    _annual(world)
    mismatches = []
    for line, expected in CLI_MATRIX.items():
        argv = line.format(tmp=tmp_path).split()
        outputs = {}
        for role, status in zip(CLI_ROLES, expected, strict=True):
            code, text = _run_cli(capsys, ["--as", role, *argv])
            outputs[role] = text.replace(str(tmp_path), "")
            if code != status:
                mismatches.append(f"--as {role} {line}: expected exit {status}, got {code}: {text.strip()[:200]}")
        code, text = _run_cli(capsys, ["--as", merged_officer.username, *argv])
        if code != expected[CLI_ROLES.index("can_bo_so_y_te")] or text.replace(str(tmp_path), "") != outputs["can_bo_so_y_te"]:
            mismatches.append(f"--as {merged_officer.username} {line}: exit {code}, output differs from Sở Y tế's officer")
    assert not mismatches, "\n".join(mismatches)


def test_cli_exports_hold_only_the_roles_people(world, merged_officer, capsys, tmp_path):
    codes = {}
    for role in ("so_noi_vu", "can_bo_so_y_te", "can_bo_so_giao_duc", merged_officer.username):
        out = tmp_path / f"{role}.csv"
        assert _run_cli(capsys, ["--as", role, "export", "people", str(out)])[0] == 0
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        codes[role] = {row[0] for row in rows[1:]}
    assert {"YT-0001", "GD-0001"} <= codes["so_noi_vu"]
    assert "YT-0001" in codes["can_bo_so_y_te"] and "GD-0001" not in codes["can_bo_so_y_te"]
    assert "GD-0001" in codes["can_bo_so_giao_duc"] and "YT-0001" not in codes["can_bo_so_giao_duc"]
    assert codes[merged_officer.username] == codes["can_bo_so_y_te"]
