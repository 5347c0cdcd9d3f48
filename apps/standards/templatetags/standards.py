"""``{% person_standards person %}``: the person page's "Tiêu chuẩn" section (the person's current
rank and position against their standards, and the readiness form), so the people app's view stays
unchanged. The person is the one the page already read through the user's scope."""

from django import template
from django.utils import timezone

from apps.standards.selectors import (
    appointment_gaps_by_person,
    person_standards_section,
    positions_with_standards,
)

register = template.Library()


@register.inclusion_tag("standards/_section.html")
def person_standards(person) -> dict:
    today = timezone.localdate()
    appointment = appointment_gaps_by_person([person.pk], of="position")[person.pk] if person.position_id else None
    return {"person": person, "today": today, "checks": person_standards_section(person, at=today),
            "appointment": appointment, "positions": positions_with_standards(today)}
