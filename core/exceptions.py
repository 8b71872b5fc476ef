"""Exceptions services raise, each answered once by the API's exception handler (``core.api``).

``StateConflict`` is a ``ValidationError`` so every page and form that shows a service's refusal shows it too;
the API answers it with **409 Conflict** instead of 400: the request was well formed, but the object is not in a
state that allows it (a transition not allowed from the current status, a second active proposal, enrolling
twice, a date that clashes, a deadline that has passed).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class StateConflict(ValidationError):
    """The request conflicts with the current state of what it acts on (answered 409 by the API)."""
