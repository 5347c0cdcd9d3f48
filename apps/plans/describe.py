"""A target's rule (docs/target-language.md) read aloud in Vietnamese, for the plan page.

``describe_target(spec)`` returns a few short sentences: who is counted, what each must have,
how much is enough, by when, and whether each agency must reach it on its own. Codes are named
by their catalogue labels where the caller passes them (``names``), else shown as written.
"""

from __future__ import annotations

from typing import Any

CATEGORIES = {"can_bo": "cán bộ", "cong_chuc": "công chức", "vien_chuc": "viên chức",
              "khong_chuyen_trach": "người hoạt động không chuyên trách cấp xã"}
LEVELS = {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}
UNIT_KINDS = {"party": "cơ quan Đảng", "state": "cơ quan hành chính", "public_service": "đơn vị sự nghiệp công lập",
              "socio_political": "tổ chức chính trị - xã hội", "council": "Hội đồng nhân dân"}
AREAS = {"remote": "vùng sâu, vùng xa", "especially_difficult": "vùng đặc biệt khó khăn",
         "ethnic_minority": "vùng đồng bào dân tộc thiểu số"}
DIMENSIONS = {"chuyen_mon": "trình độ chuyên môn", "ly_luan_chinh_tri": "lý luận chính trị",
              "quan_ly_nha_nuoc": "quản lý nhà nước", "quoc_phong_an_ninh": "quốc phòng - an ninh",
              "tin_hoc": "tin học", "ngoai_ngu": "ngoại ngữ", "tieng_dan_toc": "tiếng dân tộc thiểu số"}
KINDS = {"dao_tao": "đào tạo", "boi_duong": "bồi dưỡng"}
DEGREES = {"trung_cap": "trung cấp", "cao_dang": "cao đẳng", "dai_hoc": "đại học", "thac_si": "thạc sĩ",
           "tien_si": "tiến sĩ"}
FAMILIES = {"ngach_chuc_danh": "theo tiêu chuẩn ngạch, chức danh nghề nghiệp", "chuc_vu": "theo tiêu chuẩn chức vụ lãnh đạo, quản lý",
            "vi_tri_viec_lam": "theo vị trí việc làm", "cap_nhat": "cập nhật kiến thức, kỹ năng, phương pháp",
            "dai_bieu_hdnd": "đại biểu HĐND"}
OF = {"rank": "của ngạch, chức danh", "position": "của chức vụ", "both": "của ngạch, chức danh và chức vụ"}
UNITS = {"percent": "%", "people": " người", "lượt": " lượt", "classes": " lớp"}


def _names(codes: Any, table: dict[str, str]) -> str:
    return ", ".join(table.get(c, c) for c in codes)


def population_text(p: dict, names: dict[str, str]) -> str:
    parts = [_names(p["categories"], CATEGORIES) if p.get("categories") else "mọi người đang công tác"]
    if p.get("levels"):
        parts[0] += " " + _names(p["levels"], LEVELS)
    if p.get("units"):
        parts.append("thuộc " + _names(p["units"], names) + ("" if p.get("include_subunits", True) is False else " (kể cả đơn vị trực thuộc)"))
    if p.get("unit_kinds"):
        parts.append("làm việc tại " + _names(p["unit_kinds"], UNIT_KINDS))
    if p.get("working_area"):
        parts.append("công tác tại " + _names(p["working_area"], AREAS))
    if p.get("ethnicities") == "minority":
        parts.append("người dân tộc thiểu số")
    elif p.get("ethnicities"):
        parts.append("người dân tộc " + _names(p["ethnicities"], names))
    if p.get("gender"):
        parts.append("nữ" if p["gender"] == "nu" else "nam")
    if p.get("age"):
        low, high = p["age"].get("min"), p["age"].get("max")
        parts.append(f"từ {low} đến {high} tuổi" if low is not None and high is not None
                     else f"từ {low} tuổi trở lên" if low is not None else f"không quá {high} tuổi")
    if p.get("ranks"):
        parts.append("giữ ngạch " + _names(p["ranks"], names))
    if p.get("positions") == "any":
        parts.append("giữ chức vụ lãnh đạo, quản lý")
    elif p.get("positions"):
        parts.append("giữ chức vụ " + _names(p["positions"], names))
    if p.get("key_commune"):
        parts.append("là cán bộ chủ chốt cấp xã")
    if p.get("in_succession_plan"):
        parts.append("trong quy hoạch")
    if p.get("council_term"):
        parts = ["đại biểu HĐND nhiệm kỳ " + p["council_term"]] + parts[1:]
    return " ".join(parts[:1]) + (", " + ", ".join(parts[1:]) if len(parts) > 1 else "")


def _training_text(t: dict, names: dict[str, str]) -> str:
    parts = []
    if t.get("programme_kinds"):
        parts.append(_names(t["programme_kinds"], KINDS))
    if t.get("fostering_families"):
        prefix = "" if t.get("programme_kinds") else "bồi dưỡng "
        parts.append(prefix + _names(t["fostering_families"], FAMILIES))
    if t.get("content_areas"):
        parts.append("về " + _names(t["content_areas"], names))
    if t.get("degree_levels"):
        parts.append("trình độ " + _names(t["degree_levels"], DEGREES))
    if t.get("programmes"):
        parts.append("chương trình " + _names(t["programmes"], names))
    if "abroad" in t:
        parts.append("ở nước ngoài" if t["abroad"] else "trong nước")
    if t.get("forms"):
        parts.append("hình thức " + _names(t["forms"], names))
    return " ".join(parts) or "bất kỳ khóa đào tạo, bồi dưỡng nào"


def _window_text(w: dict | None) -> str:
    if not w:
        return "(bất kỳ lúc nào đến ngày đánh giá)"
    if w.get("year"):
        return "trong năm đánh giá"
    if w.get("rolling_years"):
        return f"trong {w['rolling_years']} năm gần nhất"
    if w.get("period"):
        return "từ đầu giai đoạn kế hoạch"
    if w.get("council_term"):
        return "trong nhiệm kỳ"
    if w.get("before_appointment"):
        return "trước khi được bổ nhiệm chức vụ hiện giữ"
    return f"từ {w.get('from')} đến {w.get('to')}"


def measure_text(m: dict, names: dict[str, str]) -> str:
    kind = m["kind"]
    if kind == "all_of":
        parts = [measure_text(p, names).removeprefix("Đạt khi ") for p in m.get("measures") or []]
        return "Đạt khi cùng lúc đáp ứng tất cả: " + "; ".join(parts)
    if kind == "raised":
        level = f" lên từ {names.get(m['level'], m['level'])} trở lên" if m.get("level") else ""
        return (f"Đạt khi được nâng {DIMENSIONS.get(m['dimension'], m['dimension'])}{level} "
                f"{_window_text(m.get('window'))} (trình độ mới cao hơn trình độ đã có)")
    if kind in ("trained", "count"):
        times = m.get("min_times", 1)
        what = f"{_training_text(m.get('training') or {}, names)} {_window_text(m.get('window'))}"
        if kind == "count":
            counting = {"people": "số người", "lượt": "số lượt", "classes": "số lớp"}[m["counting"]]
            sent = " (được cử đi học)" if m.get("status") == "enrolled" else ""
            if m.get("population_at") == "start":
                sent += ", đối tượng xét tại ngày bắt đầu học"
            if m.get("audience"):
                share = m.get("audience_share", 50)
                audience = population_text(m["audience"], names).removeprefix("mọi người đang công tác, ")
                what += f", học viên chủ yếu (từ {share}%) là người {audience}"
            return f"Đếm {counting}{sent}: {what}"
        return f"Đạt khi có ít nhất {times:02d} lượt hoàn thành {what}"
    if kind == "hours":
        return f"Đạt khi học đủ {m['min_hours']} giờ {_training_text(m.get('training') or {}, names)} {_window_text(m.get('window'))}"
    if kind == "qualification":
        return f"Đạt khi có {DIMENSIONS.get(m['dimension'], m['dimension'])} từ {names.get(m['level'], m['level'])} trở lên"
    if kind == "ethnic_language":
        return "Đạt khi sử dụng được tiếng dân tộc thiểu số tại địa bàn công tác"
    if kind == "standard":
        return f"Đạt khi đáp ứng tiêu chuẩn {OF[m['of']]} đang giữ"
    return f"Đạt khi đáp ứng tiêu chuẩn {OF[m['of']]} tại ngày được bổ nhiệm"


def goal_text(g: dict) -> str:
    unit = UNITS[g["unit"]]
    if g.get("about"):
        tolerance = g.get("tolerance")
        amount = f"khoảng {g['min']}{unit}" + (f" (đạt khi thiếu không quá {tolerance}%)" if tolerance is not None
                                                else " (đạt trong mức sai lệch mặc định)")
    else:
        amount = f"{g['min']}–{g['max']}{unit}" if "max" in g else f"ít nhất {g['min']}{unit}"
    return amount + (" mỗi năm" if g.get("per") == "year" else "")


def deadline_text(d: dict) -> str:
    if d.get("every"):
        return "hằng năm" + (f", trước ngày {d['by'][3:]}/{d['by'][:2]}" if d.get("by") else "")
    if d.get("end_of_period"):
        return "đến cuối giai đoạn kế hoạch"
    if d.get("after_years"):
        return f"sau {d['after_years']} năm thực hiện kế hoạch"
    y, mo, day = d["by"].split("-")
    return f"đến ngày {day}/{mo}/{y}"


def part_text(part: dict, names: dict[str, str]) -> str:
    narrower = []
    if part.get("population"):
        narrower.append(population_text(part["population"], names).removeprefix("mọi người đang công tác, "))
    if part.get("training"):
        narrower.append(_training_text(part["training"], names))
    return f"Là một phần (trong đó) của chỉ tiêu {part['target']}: cùng đối tượng và cách tính, chỉ tính " \
        + "; ".join(narrower)


def describe_target(spec: dict, names: dict[str, str] | None = None) -> str:
    names = names or {}
    if spec.get("part_of"):
        sentences = [part_text(spec["part_of"], names) + "."]
        sentences.append(f"Mục tiêu: {goal_text(spec['goal'])}, "
                         f"{deadline_text(spec['deadline']) if spec.get('deadline') else 'theo thời hạn của chỉ tiêu cha'}.")
        if spec.get("aspirational"):
            sentences.append("Đây là mục tiêu phấn đấu.")
        return " ".join(sentences)
    sentences = [
        "Đối tượng tính: " + population_text(spec.get("population") or {}, names) + ".",
        measure_text(spec["measure"], names) + ".",
        f"Mục tiêu: {goal_text(spec['goal'])}, {deadline_text(spec.get('deadline') or {'end_of_period': True})}.",
    ]
    if spec.get("each_unit"):
        sentences.append("Từng cơ quan, đơn vị phải tự đạt.")
    if spec.get("aspirational"):
        sentences.append("Đây là mục tiêu phấn đấu.")
    return " ".join(sentences)
