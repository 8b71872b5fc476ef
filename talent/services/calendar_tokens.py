"""Personal calendar feed tokens."""

from __future__ import annotations

from django.db import transaction

from directory.models import User
from talent.models import (
    CalendarToken,
    new_feed_token,
)


def calendar_token_for(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_regenerate(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    token.token = new_feed_token()
    token.save(update_fields=["token", "created_at"])
    return token
