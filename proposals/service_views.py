"""What the page actions of engagements (``proposals.views``) and of grants (``funding.views``) share: one
service, called with the page's object and the form's data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class TargetServiceMixin:
    """For a ``core.views.ServiceActionMixin`` view: ``perform(data)`` calls ``service`` with the object the view
    loaded into the attribute named by ``service_target`` (passed under that name), the user as ``actor`` and the
    form's cleaned data as the other keyword arguments."""

    service: Any  # a services function taking (<service_target>=, actor=, **the form's data)
    service_target: str
    request: HttpRequest

    def perform(self, data: dict) -> None:
        target = getattr(self, self.service_target)
        type(self).service(**{self.service_target: target}, actor=self.request.user, **data)
