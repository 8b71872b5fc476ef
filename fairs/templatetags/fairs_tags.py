from django import template

from fairs.selectors import events_for_request

register = template.Library()


@register.simple_tag
def fair_request_options(user, organization):
    """Fairs open for requests where the user's organisation and ``organization`` both take part."""
    if organization is None:
        return []
    return events_for_request(user=user, organization=organization)
