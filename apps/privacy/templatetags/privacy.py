from django import template

from apps.privacy import describe

register = template.Library()
register.filter("access_filter", describe.filter_text)
register.filter("viewer_name", describe.viewer_name)
register.filter("viewer_role", describe.viewer_role)
register.filter("viewer_unit", describe.viewer_unit)
