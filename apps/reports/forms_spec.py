"""Official statistical forms as data (placeholder until the form engine lands)."""


def available_forms() -> list:
    return []
