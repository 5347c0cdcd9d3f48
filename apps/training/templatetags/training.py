"""``{% person_training person %}``: the person page's "Quá trình đào tạo, bồi dưỡng" section, so
the people app's view stays unchanged. The person is the one the page already read through the
user's scope; the section adds the links the user may follow (record, printable versions)."""

from django import template

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.training.selectors import person_training_section

register = template.Library()


@register.inclusion_tag("training/_person_section.html", takes_context=True)
def person_training(context, person) -> dict:
    user = context.get("user")
    return {"training": person_training_section(person), "person": person,
            "can_record": user is not None and scope_of(user).can(Perm.EDIT_PEOPLE)}
