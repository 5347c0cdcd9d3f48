"""The scoring rules, stated by hand: validity at 5%, levels at the thresholds, template parsing."""

from __future__ import annotations

import pytest

from apps.evaluation import definitions
from apps.evaluation.definitions import is_valid, level_of


@pytest.mark.parametrize(("answered", "total", "valid"), [
    (20, 20, True),
    (19, 20, True),   # 1 of 20 blank = exactly 5%: valid
    (18, 20, False),  # 10%
    (38, 40, True),   # 2 of 40 = exactly 5%
    (37, 40, False),  # 7.5%
    (18, 19, False),  # 1 of 19 = 5.26%: just above, invalid
    (95, 100, True),  # 5 of 100 = 5%
    (94, 100, False),  # 6%
    (0, 20, False),   # nothing answered
])
def test_validity_at_five_percent(answered, total, valid):
    assert is_valid(answered, total) is valid


def test_validity_limit_is_configurable():
    assert is_valid(18, 20, 10) is True
    assert is_valid(17, 20, 10) is False


@pytest.mark.parametrize(("index", "level"), [
    (0, "Kém"), (1.99, "Kém"), (2, "Yếu"), (3.99, "Yếu"), (4, "Trung bình"), (5.99, "Trung bình"),
    (6, "Khá"), (7.99, "Khá"), (8, "Tốt"), (10, "Tốt"), (None, ""),
])
def test_level_at_thresholds(index, level):
    assert level_of(index) == level


def test_every_default_parses_and_covers_the_six_objects():
    defs = definitions.default_definitions()
    tt10 = {d.object for d in defs if d.regime == "tt10_2017"}
    assert tt10 == set(definitions.OBJECTS)
    assert {d.regime for d in defs} == {"tt10_2017", "tt07_2023"}
    assert all(d.criteria and all(c.indicators for c in d.criteria) for d in defs)


def test_parse_errors_say_where():
    with pytest.raises(definitions.DefinitionError) as err:
        definitions.parse("regime: tt10_2017\nobject: course\ntitle: X\ncriteria:\n"
                          "  - code: '1'\n    text: A\n    indicators:\n      - {code: '1.1', text: ''}\n")
    assert "Tiêu chí 1, chỉ số 1: thiếu nội dung (text)." in err.value.messages
    with pytest.raises(definitions.DefinitionError) as err:
        definitions.parse("regime: [\n")
    assert err.value.messages[0].startswith("Dòng ")
    with pytest.raises(definitions.DefinitionError) as err:
        definitions.parse("regime: tt10_2017\nobject: khac\ntitle: X\nlevels: [[2, A], [0, B]]\ncriteria: []\n")
    assert any(m.startswith("object:") for m in err.value.messages)
    assert any(m.startswith("levels:") for m in err.value.messages)


@pytest.mark.django_db
def test_defaults_are_loaded_by_the_migration_and_marked():
    from apps.evaluation.models import EvaluationTemplate

    defaults = EvaluationTemplate.objects.filter(is_default=True, version=1)
    assert defaults.filter(regime="tt10_2017").count() == 6
    assert defaults.filter(regime="tt07_2023").count() == 4
    from apps.evaluation.services import ensure_defaults

    assert ensure_defaults() == 0  # nothing missing: nothing written
