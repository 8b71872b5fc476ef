"""Reading helpers every app's selectors share."""

from __future__ import annotations

from django.db.models import Model


def pk_or_missing(pk, model: type[Model]) -> int:
    """``pk`` as a number; one that is not a number (from a URL or a query string) is a missing row: ``model``'s
    ``DoesNotExist``, like an id that exists nowhere."""
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise model.DoesNotExist from None  # type: ignore[attr-defined]
