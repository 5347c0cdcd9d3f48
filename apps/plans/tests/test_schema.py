"""schemas/plan.schema.json says what docs/target-language.md says: same keys, same codes."""

from __future__ import annotations

import re
from pathlib import Path

from jsonschema import Draft202012Validator

from apps.plans.planfile import schema

DOC = (Path(__file__).resolve().parents[3] / "docs" / "target-language.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = DOC.index(f"## {title}")
    end = DOC.find("\n## ", start + 1)
    return DOC[start: end if end > 0 else None]


def table_keys(text: str) -> set[str]:
    return set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(schema())


def test_population_keys_match_the_language():
    assert table_keys(section("population")) == set(schema()["$defs"]["population"]["properties"])


def test_measure_kinds_and_their_keys_match_the_language():
    text = section("measure")
    kinds = table_keys(text)
    measure = schema()["$defs"]["measure"]
    assert kinds == set(measure["properties"]["kind"]["enum"])
    keys = set(re.findall(r"`([a-z_]+)`", text.split("**training filter**")[0]))
    assert {"training", "window", "min_times", "min_hours", "dimension", "level", "of", "counting"} <= keys
    assert set(measure["properties"]) - {"kind", "status"} <= keys


def test_training_filter_and_windows_match_the_language():
    text = section("measure")
    filter_text = text.split("**training filter**")[1].split("**window**")[0]
    filter_keys = set(re.findall(r"`([a-z_]+):", filter_text))
    assert set(schema()["$defs"]["training"]["properties"]) <= filter_keys
    assert filter_keys - set(schema()["$defs"]["training"]["properties"]) <= {"counting", "status"}
    window_keys = set(re.findall(r"^\| `\{([a-z_]+):", text.split("**window**")[1], flags=re.M))
    assert window_keys == set(schema()["$defs"]["window"]["properties"]) - {"to"}


def test_goal_units_and_deadline_shapes_match_the_language():
    goal = section("goal")
    assert set(schema()["$defs"]["goal"]["properties"]["unit"]["enum"]) == {"percent", "people", "lượt", "classes"}
    assert all(f"`{u}`" in goal for u in ("percent", "people", "lượt", "classes"))
    shapes = set(re.findall(r"^\| `\{([a-z_]+):", section("deadline"), flags=re.M))
    assert shapes == set(schema()["$defs"]["deadline"]["properties"])


def test_target_keys_match_the_language():
    example = DOC.split("```yaml")[1].split("```")[0]
    keys = set(re.findall(r"^  (?:- |  )([a-z_]+):", example, flags=re.M))
    assert keys == set(schema()["$defs"]["target"]["properties"])
