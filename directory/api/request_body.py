"""The body of an API request checked by a serializer, for the API views of directory, fairs and talent."""

from __future__ import annotations

from typing import Any


def validated_body(serializer_class, request) -> dict[str, Any]:
    """``request.data`` checked by ``serializer_class``: its validated data, or a 400 with its errors."""
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data
