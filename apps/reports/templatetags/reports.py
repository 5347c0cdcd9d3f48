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
