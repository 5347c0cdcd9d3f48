"""The plan file as text: YAML read keeping each node's line, written back in the schema's key order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "schemas" / "plan.schema.json"
PathT = tuple[str | int, ...]


class PlanFileError(Exception):
    """The file cannot be loaded; ``messages`` lists every problem found, in line order."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text ("2025-12-31"): the schema checks their shape."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# --- paths and lines -------------------------------------------------------------------------


def format_path(path: PathT) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(toàn tệp)"


class Lines:
    """Where each value of the composed YAML document starts (1-based lines)."""

    def __init__(self, root: yaml.Node | None):
        self.root = root

    def node(self, path: PathT) -> yaml.Node | None:
        """The deepest existing node along ``path``."""
        node = self.root
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            node = child
        return node

    def key(self, path: PathT) -> yaml.Node | None:
        """The key node of a mapping entry (for keys that should not be there)."""
        parent = self.node(path[:-1])
        if isinstance(parent, yaml.MappingNode):
            for key, _ in parent.value:
                if key.value == str(path[-1]):
                    return key
        return None

    @staticmethod
    def _child(node, part):
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            return next((value for key, value in node.value if key.value == part), None)
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            return node.value[part]
        return None

    def line(self, path: PathT, *, key: bool = False) -> int | None:
        node = (self.key(path) if key else None) or self.node(path)
        return node.start_mark.line + 1 if node is not None else None


def with_line(lines: Lines | None, path: PathT, reason: str, *, key: bool = False) -> tuple[int, str]:
    """(line, "Dòng N, path: reason") for sorting and showing a problem at ``path``."""
    line = lines.line(path, key=key) if lines else None
    prefix = f"Dòng {line}, " if line else ""
    return (line or 0, f"{prefix}{format_path(path)}: {reason}")


# --- YAML ------------------------------------------------------------------------------------


def _duplicate_keys(node, path: PathT = ()) -> Iterator[tuple[PathT, int]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                yield path + (key.value,), key.start_mark.line + 1
            seen.add(key.value)
            yield from _duplicate_keys(value, path + (key.value,))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, path + (i,))


def parse_yaml(text: str) -> tuple[Any, Lines]:
    """The document and its line map; a YAML syntax error raises PlanFileError naming the line."""
    loader = _Loader(text.removeprefix("\ufeff"))
    try:
        root = loader.get_single_node()
        duplicates = list(_duplicate_keys(root))
        if duplicates:
            raise PlanFileError([f"Dòng {line}, {format_path(p)}: khóa bị lặp lại" for p, line in duplicates])
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"Dòng {mark.line + 1}, cột {mark.column + 1}" if mark else "Tệp"
        raise PlanFileError([f"{where}: không đọc được YAML ({exc.problem or exc.context})"]) from None
    except yaml.YAMLError as exc:
        raise PlanFileError([f"Tệp: không đọc được YAML ({exc})"]) from None
    finally:
        loader.dispose()
    return data, Lines(root)


# --- writing ---------------------------------------------------------------------------------


def _resolve(node: dict) -> dict:
    ref = node.get("$ref")
    return schema()["$defs"][ref.rsplit("/", 1)[1]] if ref else node


def canonical(value: Any, node: dict | None = None) -> Any:
    """``value`` with mapping keys in the schema's order (PostgreSQL's jsonb reorders them)."""
    node = _resolve(node if node is not None else schema())
    if isinstance(value, dict):
        props = node.get("properties", {})
        keys = [k for k in props if k in value] + [k for k in value if k not in props]
        return {k: canonical(value[k], props.get(k, {})) for k in keys}
    if isinstance(value, list):
        items = _resolve(node.get("items", {})) if isinstance(node.get("items"), dict) else {}
        return [canonical(v, items) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _short(value: Any) -> bool:
    """Small enough to write on one line, as the hand-written plan files do."""
    if isinstance(value, dict):
        return all(_short(v) for v in value.values()) and len(str(value)) < 90
    if isinstance(value, list):
        return all(not isinstance(v, dict) and _short(v) for v in value) and len(str(value)) < 80
    return not isinstance(value, str) or ("\n" not in value and len(value) < 60)


def _seq(dumper, value: list):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=_short(value))


def _map(dumper, value: dict):
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=_short(value))


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _seq)
_Dumper.add_representer(dict, _map)


def dump(data: dict) -> str:
    """YAML text for plan data, readable and loadable again (same rows)."""
    header = "# Kế hoạch đào tạo, bồi dưỡng — định dạng: docs/plan-format.md, schema: schemas/plan.schema.json\n"
    return header + yaml.dump(canonical(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=110, default_flow_style=False)
