"""Small shared look-ups of the reports: the province's name (for headings)."""

from __future__ import annotations


def province_name() -> str:
    """"Sóc Trăng" from the root unit "UBND tỉnh Sóc Trăng" (the tree's root on today's date)."""
    from apps.organization.models import Unit
    from apps.organization.selectors import children_map

    roots = children_map().get(None) or []
    name = Unit.objects.filter(pk__in=roots).values_list("name", flat=True).first() or ""
    for prefix in ("UBND tỉnh ", "Ủy ban nhân dân tỉnh ", "UBND "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name or "tỉnh"
