import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.core import vn


def test_people_sort_by_given_name_then_the_rest():
    names = ["Nguyễn Văn Bình", "Trần Thị Ánh", "Lê Văn An", "Nguyễn An", "Phạm Thị Ân", "Lý Thị Ấn", "Hoàng Anh"]
    assert sorted(names, key=vn.name_sort_key) == [
        "Lê Văn An", "Nguyễn An", "Hoàng Anh", "Trần Thị Ánh", "Phạm Thị Ân", "Lý Thị Ấn", "Nguyễn Văn Bình",
    ]


def test_d_with_stroke_is_a_letter_after_d():
    assert sorted(["Lê Đức", "Trần Dũng", "Hà Em", "Võ Dung"], key=vn.name_sort_key) == [
        "Võ Dung", "Trần Dũng", "Lê Đức", "Hà Em",
    ]


def test_tones_break_ties_only_after_letters():
    # ma, má, mà … all come before mac: letters first, then tone
    assert sorted(["Mác", "Mà", "Ma", "Mạ"], key=vn.text_sort_key) == ["Ma", "Mà", "Mạ", "Mác"]


def test_same_given_name_orders_by_family_name():
    assert sorted(["Nguyễn Thị Dung", "Đặng Văn Dung", "Bùi Dung"], key=vn.name_sort_key) == [
        "Bùi Dung", "Đặng Văn Dung", "Nguyễn Thị Dung",
    ]


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậ ", min_size=1, max_size=30))
def test_sort_key_is_digits_only_so_every_database_agrees(name):
    assert vn.name_sort_key(name).isdigit()


@pytest.mark.parametrize("query", ["nguyen van an", "NGUYỄN VĂN AN", "Nguyen Van An", "nguyễn văn an"])
def test_search_folds_diacritics_and_case(query):
    assert vn.search_tokens(query) == ["nguyen", "van", "an"]


def test_fold_turns_d_with_stroke_into_d():
    assert vn.fold("Đặng Đình Đạt") == "dang dinh dat"


def test_numbers_use_dots_for_thousands_and_comma_for_decimals():
    assert vn.format_number(1234567) == "1.234.567"
    assert vn.format_percent(37.14) == "37,1%"
    assert vn.format_money(63900219000) == "63.900.219.000 đồng"
    assert vn.format_number(-1500) == "-1.500"


def test_dates_are_day_month_year():
    assert vn.format_date(dt.date(2025, 7, 1)) == "01/07/2025"
    assert vn.parse_date("1/7/2025") == dt.date(2025, 7, 1)


def test_impossible_date_is_rejected_with_a_vietnamese_reason():
    with pytest.raises(ValueError, match="31/02/2024 không tồn tại"):
        vn.parse_date("31/02/2024")
    with pytest.raises(ValueError, match="không phải ngày"):
        vn.parse_date("hôm qua")
