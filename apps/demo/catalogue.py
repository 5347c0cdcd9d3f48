"""The demo province's training catalogue: programmes for every content area and programme kind
the Sóc Trăng targets use, providers (provincial political school, national academy,
universities, a private and two foreign institutions) and their instructors.

Programmes are plain specs here; :func:`create_catalogue` writes them with a few bulk inserts and
returns a :class:`Catalogue` of model instances keyed by code. Degree programmes are created on
demand, one per (level, major), by :meth:`Catalogue.degree`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from apps.core.vn import name_sort_key
from apps.demo.names import full_name
from apps.demo.units import PROVINCE
from apps.people.models import QualificationLevel
from apps.training.models import ContentArea, DeliveryForm, Instructor, Programme, Provider

DAO_TAO, BOI_DUONG = "dao_tao", "boi_duong"
RANK, LEAD, JOB, UPDATE, COUNCIL = "ngach_chuc_danh", "chuc_vu", "vi_tri_viec_lam", "cap_nhat", "dai_bieu_hdnd"


@dataclass(frozen=True)
class Prog:
    """A fostering programme: code, name, family, content areas, hours; ``grants`` is
    (dimension, level code) of the qualification a completion gives, ``language`` its language."""

    code: str
    name: str
    family: str
    areas: tuple[str, ...]
    hours: int
    grants: tuple[str, str] | None = None
    language: str = ""


FOSTERING = [
    Prog("PL", "Cập nhật kiến thức pháp luật", UPDATE, ("phap_luat",), 16),
    Prog("DDCV", "Bồi dưỡng đạo đức công vụ, văn hóa công sở", UPDATE, ("dao_duc", "van_hoa_cong_so"), 16),
    Prog("DDNN", "Bồi dưỡng đạo đức nghề nghiệp viên chức", UPDATE, ("dao_duc",), 16),
    Prog("KNTT", "Bồi dưỡng kỹ năng, phương pháp thực thi công vụ", UPDATE, ("ky_nang_thuc_thi",), 24),
    Prog("CNXA", "Cập nhật kiến thức, kỹ năng, phương pháp, đạo đức công vụ cho cán bộ, công chức cấp xã",
         UPDATE, ("phap_luat", "ky_nang_thuc_thi", "dao_duc"), 40),
    Prog("KCT", "Bồi dưỡng kỹ năng, phương pháp hoạt động cho người hoạt động không chuyên trách cấp xã",
         UPDATE, ("ky_nang_thuc_thi", "chuyen_mon_nghiep_vu"), 24),
    Prog("CMYT", "Cập nhật kiến thức, kỹ năng chuyên môn y tế (đào tạo liên tục)", UPDATE,
         ("chuyen_mon_nghiep_vu",), 48),
    Prog("CMGD", "Bồi dưỡng thường xuyên giáo viên", UPDATE, ("chuyen_mon_nghiep_vu",), 40),
    Prog("CMKH", "Cập nhật kiến thức, kỹ năng nghề nghiệp chuyên ngành", UPDATE, ("chuyen_mon_nghiep_vu",), 32),
    Prog("CDS", "Bồi dưỡng kỹ năng số, chuyển đổi số", UPDATE, ("chuyen_doi_so", "tin_hoc"), 16),
    Prog("HNQT", "Bồi dưỡng kiến thức, kỹ năng hội nhập quốc tế", UPDATE, ("hoi_nhap_quoc_te",), 24),
    Prog("QLNN-NN", "Bồi dưỡng kiến thức quản lý nhà nước, hội nhập quốc tế ở nước ngoài", LEAD,
         ("hoi_nhap_quoc_te", "lanh_dao_quan_ly"), 80),
    Prog("NGCV", "Bồi dưỡng theo tiêu chuẩn ngạch chuyên viên", RANK, ("quan_ly_nha_nuoc",), 200,
         ("quan_ly_nha_nuoc", "chuyen_vien")),
    Prog("NGCVC", "Bồi dưỡng theo tiêu chuẩn ngạch chuyên viên chính", RANK, ("quan_ly_nha_nuoc",), 280,
         ("quan_ly_nha_nuoc", "chuyen_vien_chinh")),
    Prog("NGCVCC", "Bồi dưỡng theo tiêu chuẩn ngạch chuyên viên cao cấp", RANK, ("quan_ly_nha_nuoc",), 320,
         ("quan_ly_nha_nuoc", "chuyen_vien_cao_cap")),
    Prog("CDGV", "Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp giáo viên", RANK,
         ("chuyen_mon_nghiep_vu", "quan_ly_nha_nuoc"), 200),
    Prog("CDYT", "Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp viên chức y tế", RANK,
         ("chuyen_mon_nghiep_vu", "quan_ly_nha_nuoc"), 200),
    Prog("CDKH", "Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp viên chức chuyên ngành", RANK,
         ("chuyen_mon_nghiep_vu", "quan_ly_nha_nuoc"), 160),
    Prog("LDP", "Bồi dưỡng lãnh đạo, quản lý cấp phòng", LEAD, ("lanh_dao_quan_ly", "quan_ly_nha_nuoc"), 160),
    Prog("LDS", "Bồi dưỡng lãnh đạo, quản lý cấp sở và tương đương", LEAD,
         ("lanh_dao_quan_ly", "quan_ly_nha_nuoc"), 160),
    Prog("LDVC", "Bồi dưỡng năng lực, kỹ năng quản lý đơn vị sự nghiệp công lập", LEAD,
         ("lanh_dao_quan_ly",), 120),
    Prog("LLSC", "Sơ cấp lý luận chính trị", RANK, ("ly_luan_chinh_tri",), 200, ("ly_luan_chinh_tri", "so_cap")),
    Prog("LLTC", "Trung cấp lý luận chính trị - hành chính", LEAD, ("ly_luan_chinh_tri", "quan_ly_nha_nuoc"), 900,
         ("ly_luan_chinh_tri", "trung_cap")),
    Prog("LLCC", "Cao cấp lý luận chính trị", LEAD, ("ly_luan_chinh_tri",), 1200, ("ly_luan_chinh_tri", "cao_cap")),
    Prog("QPAN2", "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 2", LEAD, ("quoc_phong_an_ninh",), 160,
         ("quoc_phong_an_ninh", "doi_tuong_2")),
    Prog("QPAN3", "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3", LEAD, ("quoc_phong_an_ninh",), 120,
         ("quoc_phong_an_ninh", "doi_tuong_3")),
    Prog("QPAN4", "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4", RANK, ("quoc_phong_an_ninh",), 80,
         ("quoc_phong_an_ninh", "doi_tuong_4")),
    Prog("HDND", "Bồi dưỡng kiến thức, kỹ năng hoạt động cho đại biểu HĐND", COUNCIL,
         ("dai_bieu_hdnd", "phap_luat"), 24),
    Prog("KHMER", "Bồi dưỡng tiếng Khmer cho cán bộ, công chức, viên chức công tác tại vùng đồng bào dân tộc",
         JOB, ("tieng_dan_toc",), 240, ("tieng_dan_toc", "su_dung"), "Khmer"),
    Prog("KHMER2", "Bồi dưỡng tiếng Khmer nâng cao (thông thạo)", JOB, ("tieng_dan_toc",), 300,
         ("tieng_dan_toc", "thong_thao"), "Khmer"),
    Prog("HOA", "Bồi dưỡng tiếng Hoa cho cán bộ, công chức, viên chức vùng đồng bào dân tộc", JOB,
         ("tieng_dan_toc",), 240, ("tieng_dan_toc", "su_dung"), "Hoa"),
    Prog("UDCNTT", "Ứng dụng công nghệ thông tin cơ bản", JOB, ("tin_hoc",), 120, ("tin_hoc", "co_ban")),
    Prog("UDCNTT2", "Ứng dụng công nghệ thông tin nâng cao", JOB, ("tin_hoc",), 180, ("tin_hoc", "nang_cao")),
] + [
    Prog(f"NN{b}", f"{lang} bậc {b} (khung năng lực ngoại ngữ 6 bậc)", JOB, ("ngoai_ngu",), 150 + 50 * b,
         ("ngoai_ngu", f"bac_{b}"), lang)
    for b in range(1, 6) for lang in ("Tiếng Anh",)
]
# Other foreign languages held in the profiles: one course each, per level, created on demand.
DEGREE_NAMES = {"so_cap": "Sơ cấp", "trung_cap": "Trung cấp", "cao_dang": "Cao đẳng", "dai_hoc": "Đại học",
                "thac_si": "Thạc sĩ", "tien_si": "Tiến sĩ"}

# Providers: (code, name, ownership, country, permanent instructors, visiting instructors, specialties)
PROVIDERS = [
    ("TCT", f"Trường Chính trị tỉnh {PROVINCE}", "cong_lap", "Việt Nam", 28, 16,
     ["Lý luận chính trị", "Quản lý nhà nước", "Pháp luật", "Tiếng Khmer", "Kỹ năng lãnh đạo, quản lý"]),
    ("HVHCQG", "Học viện Hành chính Quốc gia", "cong_lap", "Việt Nam", 14, 18,
     ["Quản lý nhà nước", "Hành chính công", "Luật hành chính", "Kỹ năng lãnh đạo, quản lý", "Chính sách công"]),
    ("HVCT4", "Học viện Chính trị khu vực IV", "cong_lap", "Việt Nam", 10, 6, ["Lý luận chính trị", "Xây dựng Đảng"]),
    ("DHCT", "Trường Đại học Cần Thơ", "cong_lap", "Việt Nam", 22, 20,
     ["Luật", "Kinh tế", "Nông nghiệp", "Công nghệ thông tin", "Ngoại ngữ", "Sư phạm", "Quản lý đất đai"]),
    ("DHYDCT", "Trường Đại học Y Dược Cần Thơ", "cong_lap", "Việt Nam", 14, 10,
     ["Y học", "Điều dưỡng", "Dược học", "Y tế công cộng"]),
    ("DHTV", "Trường Đại học Trà Vinh", "cong_lap", "Việt Nam", 8, 6, ["Ngôn ngữ Khmer", "Ngôn ngữ Hoa", "Luật"]),
    ("QSQK9", "Trường Quân sự Quân khu 9", "cong_lap", "Việt Nam", 10, 4, ["Quốc phòng", "An ninh"]),
    ("DHNCT", "Trường Đại học Nam Cần Thơ", "ngoai_cong_lap", "Việt Nam", 6, 14,
     ["Kỹ năng mềm", "Kỹ năng số", "Quản trị", "Pháp luật"]),
    ("LKYSPP", "Trường Chính sách công Lý Quang Diệu, Đại học Quốc gia Singapore", "ngoai_cong_lap", "Singapore",
     5, 3, ["Chính sách công", "Quản trị nhà nước"]),
    ("FLINDERS", "Đại học Flinders", "ngoai_cong_lap", "Úc", 5, 2, ["Quản lý công", "Y tế công cộng", "Giáo dục"]),
]
FOREIGN = ("LKYSPP", "FLINDERS")


@dataclass
class Catalogue:
    programmes: dict[str, Programme]
    providers: dict[str, Provider]
    instructors: dict[str, list[Instructor]]
    forms: dict[str, DeliveryForm]
    areas: dict[str, ContentArea]
    levels: dict[tuple[str, str], QualificationLevel]
    long_term: set[str] = field(default_factory=set)

    def degree(self, level: str, major: str, abroad: bool = False) -> Programme:
        """The degree programme of ``level`` in ``major`` (created on first use)."""
        key = f"{level}:{major}:{'nn' if abroad else 'vn'}"
        programme = self.programmes.get(key)
        if programme is None:
            number = sum(1 for k in self.programmes if k.startswith(f"{level}:")) + 1
            suffix = " (ở nước ngoài)" if abroad else ""
            programme = Programme.objects.create(
                code=f"DT-{level.upper().replace('_', '')}-{number:03d}",
                name=f"{DEGREE_NAMES[level]} {major}{suffix}", kind=DAO_TAO, degree_level=level,
                grants_level=self.levels[("chuyen_mon", level)], major=major,
                standard_hours={"trung_cap": 1400, "cao_dang": 1800, "dai_hoc": 2400}.get(level, 1200),
                is_long_term=True)
            area = self.areas["chuyen_mon_nghiep_vu" if level not in ("thac_si", "tien_si") or abroad
                              else "quan_ly_nha_nuoc"]
            programme.content_areas.add(self.areas["chuyen_mon_nghiep_vu"], area)
            self.programmes[key] = programme
            self.long_term.add(programme.code)
        return programme

    def language_course(self, level: str, language: str) -> Programme | None:
        """The course granting foreign-language ``level`` (bac_N) in ``language`` (created on first use)."""
        if not level.startswith("bac_"):
            return None
        suffix = "" if language == "Tiếng Anh" else "-TQ" if language == "Tiếng Trung" else "-PH"
        code = f"NN{level[-1]}{suffix}"
        programme = self.programmes.get(code)
        if programme is None:
            programme = Programme.objects.create(
                code=code, name=f"{language} bậc {level[-1]} (khung năng lực ngoại ngữ 6 bậc)", kind=BOI_DUONG,
                fostering_family=JOB, grants_level=self.levels[("ngoai_ngu", level)], language=language,
                standard_hours=150 + 50 * int(level[-1]))
            programme.content_areas.add(self.areas["ngoai_ngu"])
            self.programmes[code] = programme
        return programme


# Lecturers of the foreign institutions: Singaporeans family name first, as they write them;
# Australians given name first
FOREIGN_FAMILY = {"Singapore": ["Tan", "Lim", "Lee", "Ng", "Wong", "Koh", "Chua", "Goh", "Teo", "Ong", "Chan", "Low"],
                  "Úc": ["Smith", "Nguyen", "Williams", "Brown", "Wilson", "Taylor", "Anderson", "Martin", "Thompson",
                         "White", "Harris", "Walker"]}
FOREIGN_GIVEN = {"Singapore": ["Wei Ming", "Hui Ling", "Kok Leong", "Mei Ling", "Jun Jie", "Siew Lan", "Boon Hock",
                               "Li Ting", "Chee Keong", "Pei Shan", "Kian Seng", "Xiu Wen"],
                 "Úc": ["Sarah", "David", "Emma", "James", "Olivia", "Michael", "Charlotte", "Andrew", "Lucy",
                        "Matthew", "Hannah", "Thomas"]}


def _instructor_name(rng: random.Random, provider: Provider, gender: str, taken: set[str]) -> str:
    """A real-looking name, unique within the provider: a Vietnamese one (drawn like the
    registry's), or for a foreign institution one of its country's."""
    for _ in range(50):
        if provider.is_foreign:
            country = provider.country if provider.country in FOREIGN_FAMILY else "Singapore"
            family, given = rng.choice(FOREIGN_FAMILY[country]), rng.choice(FOREIGN_GIVEN[country])
            name = f"{family} {given}" if country == "Singapore" else f"{given} {family}"
        else:
            name = full_name(rng, "Kinh", gender)
        if name not in taken:
            break
    taken.add(name)
    return name


def _instructors(rng: random.Random, provider: Provider, permanent: int, visiting: int,
                 specialties: list[str]) -> list[Instructor]:
    people = []
    taken: set[str] = set()
    for n in range(permanent + visiting):
        kind = "co_huu" if n < permanent else "thinh_giang"
        gender = "nu" if rng.random() < 0.4 else "nam"
        name = _instructor_name(rng, provider, gender, taken)
        years = rng.choice([1, 2, 3, 4]) if rng.random() < 0.15 else rng.randint(5, 30)
        people.append(Instructor(
            provider=provider, full_name=name, name_sort_key=name_sort_key(name), kind=kind,
            specialty=specialties[n % len(specialties)], practical_management_years=years,
            has_teaching_certificate=rng.random() < 0.85))
    return people


def create_catalogue(rng: random.Random) -> Catalogue:
    """Write the fostering programmes, providers and instructors; returns them by code."""
    levels = {(q.dimension, q.code): q for q in QualificationLevel.objects.all()}
    areas = {a.code: a for a in ContentArea.objects.all()}
    forms = {f.code: f for f in DeliveryForm.objects.all()}
    programmes = [Programme(code=p.code, name=p.name, kind=BOI_DUONG, fostering_family=p.family,
                            grants_level=levels[p.grants] if p.grants else None, language=p.language,
                            standard_hours=p.hours) for p in FOSTERING]
    Programme.objects.bulk_create(programmes)
    Through = Programme.content_areas.through
    Through.objects.bulk_create([Through(programme_id=prog.pk, contentarea_id=areas[code].pk)
                                 for prog, spec in zip(programmes, FOSTERING, strict=True) for code in spec.areas])
    providers = [Provider(code=code, name=name, ownership=ownership, is_foreign=country != "Việt Nam",
                          country=country) for code, name, ownership, country, *_ in PROVIDERS]
    Provider.objects.bulk_create(providers)
    teaching: dict[str, list[Instructor]] = {}
    for provider, (code, _n, _o, _c, permanent, visiting, specialties) in zip(providers, PROVIDERS, strict=True):
        teaching[code] = _instructors(rng, provider, permanent, visiting, specialties)
    Instructor.objects.bulk_create([i for group in teaching.values() for i in group])
    return Catalogue(programmes={p.code: p for p in programmes}, providers={p.code: p for p in providers},
                     instructors=teaching, forms=forms, areas=areas, levels=levels)
