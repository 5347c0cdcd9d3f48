"""Plan files: YAML text ⇄ validated data ⇄ rows.

``read(text)`` parses YAML keeping each node's line, validates against schemas/plan.schema.json and
then checks what the schema cannot (real dates, unique codes, references to units, ranks,
positions, content areas, programmes, forms, ethnic groups and qualification levels). Every
problem comes back as one Vietnamese message naming the line and the field path, e.g.
"Dòng 42, targets[3].goal.min: phải là số" (list indexes count from 0, as in JSON paths).

``dump(data)`` writes data back as YAML in the file's canonical key order.
"""

from apps.plans.planfile.checks import read, validate
from apps.plans.planfile.text import (
    Lines,
    PlanFileError,
    canonical,
    dump,
    format_path,
    parse_yaml,
    schema,
)

__all__ = ["Lines", "PlanFileError", "canonical", "dump", "format_path", "parse_yaml", "read", "schema", "validate"]
