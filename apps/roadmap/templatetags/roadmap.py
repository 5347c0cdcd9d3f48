from django import template
from django.utils.html import format_html

register = template.Library()

_CLASSES = {"done": "s-met", "overdue": "s-not_met", "doing": "s-at_risk", "todo": "s-not_due"}


@register.filter
def task_badge(task, today):
    """The task's state (quá hạn computed against ``today``) as a coloured badge."""
    if task.retired_at is not None:
        return format_html('<span class="badge s-not_due" data-state="{}">{}</span>', "retired", "Thôi theo dõi")
    state = task.state(today)
    return format_html('<span class="badge {}" data-state="{}">{}</span>', _CLASSES[state], state, task.state_label(today))
