"""What the write actions of the proposals, panels and grants viewsets share: the request body validated with a
payload serializer (400 with the field errors otherwise), the action's object found first, and the answer with
a row read again through the viewset's own queryset."""

from __future__ import annotations

from typing import Any

from core.api import validated_body


class BodyActionMixin:
    """For a DRF ``GenericViewSet`` whose actions validate their body with a payload serializer."""

    request: Any  # the viewset's (a DRF Request)

    def _body(self, payload_class) -> Any:
        """The request body validated with ``payload_class``."""
        return validated_body(payload_class, self.request)

    def _object_and_body(self, payload_class) -> tuple[Any, Any]:
        """The action's object (404 before the body is read), then the body validated with ``payload_class``."""
        obj = self.get_object()  # type: ignore[attr-defined]
        return obj, self._body(payload_class)

    def _fresh(self, pk) -> Any:
        """The row ``pk`` read again through ``get_queryset()``, in the viewset's serializer's shape."""
        return self.get_serializer(self.get_queryset().get(pk=pk)).data  # type: ignore[attr-defined]
