from django import template
from django.utils.html import format_html

from apps.reports.contract import Fig

register = template.Library()


@register.simple_tag
def figure(cell, links):
    """A figure as text, linked to its names when it has a drill key."""
    if not isinstance(cell, Fig):
        return cell
    url = links.get(id(cell)) if links else None
    if url and cell.value:
        return format_html('<a class="fig" href="{}">{}</a>', url, cell.text)
    return cell.text


@register.simple_tag
def column_label(section, group_index):
    """The label of the column standing alone at position ``group_index`` of the first header row."""
    i = 0
    for n, (_label, span) in enumerate(section.header_groups()):
        if n == group_index:
            return section.columns[i].label
        i += span
    return ""


@register.simple_tag
def list_cell(value):
    """One cell of a names list: a number right-aligned with Vietnamese thousands dots."""
    from apps.core.vn import format_number

    if isinstance(value, int) and not isinstance(value, bool):
        return format_html('<td class="num">{}</td>', format_number(value))
    return format_html("<td>{}</td>", "" if value is None else value)
