"""Named permissions and the roles that hold them: the one table of who may do what.

A view declares the permission it needs (``@requires(Perm.EDIT_PEOPLE)``), a service asks
``scope_of(actor).require(Perm.…)``; nothing else compares roles. *Which* people, units, classes
a permission reaches is the scope's business (``apps.accounts.access.Scope``), not this table's.
"""

from __future__ import annotations

from enum import StrEnum

from apps.accounts.models import Role

SYSTEM_ROLE = "system"


class Perm(StrEnum):
    VIEW_PEOPLE = "view_people"  # the registry pages (a learner: their own record only)
    VIEW_CLASSES = "view_classes"  # the class list (a provider: its own classes; a learner: their own)
    EDIT_PEOPLE = "edit_people"  # create, change, record training for people in scope
    EXPORT_PEOPLE = "export_people"  # people lists and gap lists as files
    VIEW_UNITS = "view_units"  # the organisation tree (what is in scope)
    RESTRUCTURE = "restructure"  # create, merge, move, abolish units
    READ_CATALOGUE = "read_catalogue"  # programmes, providers, instructors, rules
    MANAGE_CATALOGUE = "manage_catalogue"  # the Department's catalogue
    MANAGE_INSTRUCTORS = "manage_instructors"  # instructors of a provider (a provider: its own)
    VIEW_REIMBURSEMENTS = "view_reimbursements"  # service commitments and refunds, province-wide
    REVIEW_INSTRUCTORS = "review_instructors"  # practice minimum and visiting share, province-wide
    ORGANISE_CLASSES = "organise_classes"  # classes organised by a unit in scope
    GRADE = "grade"  # results of a class (its provider or organiser)
    IMPORT_TRAINING = "import_training"  # classes/enrollments files
    EXPORT_TRAINING = "export_training"  # enrollments and classes as files (what is in scope)
    LOAD_PLANS = "load_plans"  # upload, change plans
    VIEW_DASHBOARDS = "view_dashboards"  # plan targets and gap lists
    EDIT_STANDARDS = "edit_standards"  # rank and position standards
    VIEW_AUDIT_LOG = "view_audit_log"  # the whole audit trail
    MANAGE_USERS = "manage_users"  # accounts and roles
    VIEW_ACCESS_LOG = "view_access_log"  # the personal-data access log
    BACKUP = "backup"  # backup and restore the database
    VIEW_TASKS = "view_tasks"  # the roadmap's tasks (an officer: their unit's and sub-units')
    WORK_TASKS = "work_tasks"  # status, note and product of a task of a unit in scope
    MANAGE_TASKS = "manage_tasks"  # generate the tasks from a plan's roadmap; the province-wide lists
    VIEW_ANNUAL = "view_annual"  # the annual cycle's pages (an officer: their agency's plan)
    PLAN_ANNUAL = "plan_annual"  # an agency's annual plan and its staff's needs (officer: own agency)
    CONSOLIDATE_ANNUAL = "consolidate_annual"  # milestones, survey, rates, return/accept, consolidation, adjustments
    APPROVE_ANNUAL = "approve_annual"  # approve the provincial annual plan (the leader)
    STATE_NEEDS = "state_needs"  # a learner states their own training wishes
    EDIT_EVALUATION_TEMPLATES = "edit_evaluation_templates"  # new versions of the evaluation templates
    EDIT_COVERAGE_RULE = "edit_coverage_rule"  # the share of a provider's courses to evaluate each year
    RUN_EVALUATIONS = "run_evaluations"  # campaigns of classes in reach (a provider: its own), paper forms
    VIEW_EVALUATIONS = "view_evaluations"  # evaluation results (an officer: classes its units organise)
    ANSWER_EVALUATIONS = "answer_evaluations"  # a respondent (learner, instructor, employing unit) fills their forms
    ANSWER_EFFECTIVENESS = "answer_effectiveness"  # an officer answers their units' learners' effectiveness forms
    OWN_PAGE = "own_page"  # the learner's own page /cua-toi/
    TEACHING_PAGE = "teaching_page"  # an instructor's own page: their classes and forms to fill
    VIEW_REPORTS = "view_reports"  # statistics, official forms, plan reviews (an officer: own agency)
    MANAGE_REFERENCE = "manage_reference"  # reference data: positions, ranks, programmes, providers… (apps/catalogues)


_READ = {Perm.VIEW_PEOPLE, Perm.VIEW_CLASSES, Perm.VIEW_UNITS, Perm.READ_CATALOGUE}

GRANTS: dict[str, frozenset[Perm]] = {
    Role.HOME_AFFAIRS: frozenset(Perm) - {Perm.APPROVE_ANNUAL, Perm.STATE_NEEDS,  # the leader approves
                                          Perm.ANSWER_EVALUATIONS, Perm.ANSWER_EFFECTIVENESS,
                                          Perm.OWN_PAGE, Perm.TEACHING_PAGE},
    Role.AGENCY_OFFICER: frozenset(_READ | {
        Perm.EDIT_PEOPLE, Perm.EXPORT_PEOPLE, Perm.ORGANISE_CLASSES, Perm.GRADE, Perm.IMPORT_TRAINING,
        Perm.EXPORT_TRAINING, Perm.VIEW_DASHBOARDS,
        Perm.MANAGE_USERS, Perm.VIEW_TASKS, Perm.WORK_TASKS, Perm.VIEW_ANNUAL, Perm.PLAN_ANNUAL,
        Perm.VIEW_EVALUATIONS, Perm.VIEW_REPORTS,
        Perm.ANSWER_EVALUATIONS, Perm.ANSWER_EFFECTIVENESS,  # as the employing unit of their learners
    }),
    Role.LEADER: frozenset(_READ | {Perm.EXPORT_PEOPLE, Perm.EXPORT_TRAINING, Perm.VIEW_DASHBOARDS,
                                    Perm.VIEW_REIMBURSEMENTS, Perm.REVIEW_INSTRUCTORS,
                                    Perm.VIEW_TASKS, Perm.VIEW_ANNUAL, Perm.APPROVE_ANNUAL,
                                    Perm.VIEW_EVALUATIONS, Perm.VIEW_REPORTS}),
    Role.PROVIDER: frozenset({Perm.VIEW_CLASSES, Perm.READ_CATALOGUE, Perm.MANAGE_INSTRUCTORS, Perm.GRADE,
                              Perm.IMPORT_TRAINING, Perm.EXPORT_TRAINING, Perm.RUN_EVALUATIONS, Perm.VIEW_EVALUATIONS}),
    Role.LEARNER: frozenset({Perm.VIEW_PEOPLE, Perm.VIEW_CLASSES, Perm.STATE_NEEDS, Perm.ANSWER_EVALUATIONS, Perm.OWN_PAGE}),
    # no VIEW_PEOPLE nor VIEW_CLASSES: an instructor reads no one's record, only their own page (their
    # classes) and forms
    Role.INSTRUCTOR: frozenset({Perm.ANSWER_EVALUATIONS, Perm.TEACHING_PAGE}),
    SYSTEM_ROLE: frozenset(Perm),
}

DENIED = {
    Perm.VIEW_PEOPLE: "Bạn không có quyền xem hồ sơ nhân sự.",
    Perm.VIEW_CLASSES: "Bạn không có quyền xem danh sách lớp đào tạo, bồi dưỡng.",
    Perm.EDIT_PEOPLE: "Bạn không có quyền sửa hồ sơ nhân sự.",
    Perm.EXPORT_PEOPLE: "Bạn không có quyền xuất danh sách nhân sự.",
    Perm.VIEW_UNITS: "Bạn không có quyền xem cây tổ chức.",
    Perm.RESTRUCTURE: "Chỉ Sở Nội vụ được thay đổi cơ cấu tổ chức.",
    Perm.READ_CATALOGUE: "Bạn không có quyền xem danh mục đào tạo, bồi dưỡng.",
    Perm.MANAGE_CATALOGUE: "Chỉ Sở Nội vụ được cập nhật danh mục đào tạo, bồi dưỡng.",
    Perm.MANAGE_INSTRUCTORS: "Bạn không có quyền cập nhật giảng viên.",
    Perm.VIEW_REIMBURSEMENTS: "Chỉ Sở Nội vụ và lãnh đạo xem được danh sách bồi hoàn.",
    Perm.REVIEW_INSTRUCTORS: "Trang kiểm tra giảng viên dành cho Sở Nội vụ và lãnh đạo.",
    Perm.ORGANISE_CLASSES: "Bạn không có quyền tổ chức lớp.",
    Perm.GRADE: "Bạn không có quyền ghi kết quả học tập.",
    Perm.IMPORT_TRAINING: "Bạn không có quyền nhập tệp đào tạo, bồi dưỡng.",
    Perm.EXPORT_TRAINING: "Bạn không có quyền xuất danh sách học viên.",
    Perm.LOAD_PLANS: "Chỉ Sở Nội vụ được tải lên, cập nhật kế hoạch.",
    Perm.VIEW_DASHBOARDS: "Bảng theo dõi chỉ tiêu dành cho Sở Nội vụ, lãnh đạo và cán bộ tổ chức cơ quan.",
    Perm.EDIT_STANDARDS: "Chỉ Sở Nội vụ được cập nhật tiêu chuẩn ngạch, chức vụ.",
    Perm.VIEW_AUDIT_LOG: "Chỉ Sở Nội vụ xem được toàn bộ nhật ký.",
    Perm.MANAGE_USERS: "Bạn không có quyền quản lý tài khoản.",
    Perm.VIEW_ACCESS_LOG: "Chỉ Sở Nội vụ xem được nhật ký truy cập dữ liệu cá nhân.",
    Perm.BACKUP: "Chỉ tài khoản hệ thống hoặc Sở Nội vụ được sao lưu, khôi phục cơ sở dữ liệu.",
    Perm.VIEW_TASKS: "Bạn không có quyền xem nhiệm vụ theo lộ trình kế hoạch.",
    Perm.WORK_TASKS: "Bạn không có quyền cập nhật nhiệm vụ theo lộ trình kế hoạch.",
    Perm.MANAGE_TASKS: "Chỉ Sở Nội vụ được sinh nhiệm vụ và xem danh sách nhiệm vụ toàn tỉnh.",
    Perm.VIEW_ANNUAL: "Kế hoạch năm dành cho Sở Nội vụ, lãnh đạo và cán bộ tổ chức cơ quan.",
    Perm.PLAN_ANNUAL: "Chỉ cán bộ tổ chức của cơ quan (hoặc Sở Nội vụ) được lập kế hoạch năm của cơ quan.",
    Perm.CONSOLIDATE_ANNUAL: "Chỉ Sở Nội vụ được tổng hợp, trả lại, điều chỉnh kế hoạch năm.",
    Perm.APPROVE_ANNUAL: "Chỉ lãnh đạo Ủy ban nhân dân tỉnh được phê duyệt kế hoạch năm.",
    Perm.STATE_NEEDS: "Chỉ học viên có hồ sơ được đăng ký nhu cầu đào tạo, bồi dưỡng của mình.",
    Perm.EDIT_EVALUATION_TEMPLATES: "Chỉ Sở Nội vụ được sửa mẫu phiếu đánh giá chất lượng.",
    Perm.EDIT_COVERAGE_RULE: "Chỉ Sở Nội vụ được sửa quy định tỷ lệ khóa học được đánh giá.",
    Perm.RUN_EVALUATIONS: "Chỉ Sở Nội vụ và cơ sở đào tạo, bồi dưỡng được tổ chức đánh giá chất lượng lớp.",
    Perm.VIEW_EVALUATIONS: "Bạn không có quyền xem kết quả đánh giá chất lượng đào tạo, bồi dưỡng.",
    Perm.ANSWER_EVALUATIONS: "Chỉ người được hỏi (học viên, giảng viên, cơ quan sử dụng) được trả lời phiếu đánh giá.",
    Perm.ANSWER_EFFECTIVENESS: "Phiếu đánh giá hiệu quả sau đào tạo do cán bộ tổ chức của cơ quan, đơn vị sử dụng trả lời.",
    Perm.OWN_PAGE: "Trang cá nhân dành cho học viên có hồ sơ.",
    Perm.TEACHING_PAGE: "Trang lớp giảng dạy dành cho tài khoản giảng viên.",
    Perm.VIEW_REPORTS: "Báo cáo, thống kê dành cho Sở Nội vụ, lãnh đạo và cán bộ tổ chức cơ quan.",
    Perm.MANAGE_REFERENCE: "Chỉ Sở Nội vụ được cập nhật danh mục dùng chung (chức vụ, ngạch, chương trình…).",
}


def role_has(role: str | None, perm: Perm) -> bool:
    return role is not None and perm in GRANTS.get(role, frozenset())
