"""Template filters for Vietnamese formats; installed as builtins in settings."""

from django import template

from apps.core import vn

register = template.Library()


@register.filter
def vn_date(value):
    return vn.format_date(value)


@register.filter
def vn_number(value, decimals=0):
    return vn.format_number(value, int(decimals))


@register.filter
def vn_percent(value, decimals=1):
    return vn.format_percent(value, int(decimals))


@register.filter
def vn_money(value):
    return vn.format_money(value)


@register.filter
def audit_changes(entry):
    """An audit entry's changes as readable (label, old, new) rows; see core.audit.describe_changes."""
    from apps.core.audit import describe_changes

    return describe_changes(entry)
