"""The OpenAPI schema tells every status an operation can answer, without each view saying it.

``AutoSchema`` adds the error answers that follow from how the site works (DRF's handlers, the site's
parsers, permissions and throttles) to every operation's documented responses:

- 400 — a request body (validation, a malformed or too deep JSON document, NUL or lone surrogates) or query
  parameters (filters, ordering, page size) can be refused; the input sanitiser refuses bad text anywhere;
- 401 — a missing, malformed or unknown token or credentials (TokenAuthentication answers 401 on any endpoint);
- 403 — signed in but not allowed (and CSRF failures of session writes);
- 404 — an unknown or invisible object (path parameters) or a page past the end of a list;
- 405 — never documented: the router only exposes the methods an operation has;
- 409 — writes: the object is not in a state that allows this (``core.exceptions.StateConflict``);
- 429 — throttled endpoints (``throttle_classes``), e.g. the token endpoint and its login lockout;
- 503 — the database cannot be reached or a statement timed out (``core.errors``), with ``Retry-After``.

Every error body is a JSON object (``{"detail": "..."}`` or field → messages).
"""

from __future__ import annotations

from drf_spectacular import openapi

ERROR_SCHEMA = {
    "type": "object",
    "description": 'An error: {"detail": "..."} or, for invalid input, each field with its messages.',
    "additionalProperties": {},
}

DESCRIPTIONS = {
    "400": "Invalid input (body, query parameters or text the site refuses).",
    "401": "Not signed in, or the credentials or token are not valid.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, not visible to the caller, or a page past the end.",
    "409": "The object is not in a state that allows this (e.g. a transition from its current status).",
    "429": "Too many requests; try again later.",
    "503": "The service is briefly unavailable; try again after Retry-After seconds.",
}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            responses.setdefault(
                code,
                {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": ERROR_SCHEMA}}},
            )
        return responses

    def _error_codes(self) -> list[str]:
        codes = ["400", "401"]
        safe = self.method in ("GET", "HEAD", "OPTIONS")
        if not safe or not self._public_read():
            codes.append("403")
        if self._has_path_parameters() or self._is_list_view() or not safe:
            codes.append("404")
        if not safe:
            codes.append("409")
        if getattr(self.view, "throttle_classes", None):
            codes.append("429")
        codes.append("503")
        return codes

    def _public_read(self) -> bool:
        names = {type(p).__name__ for p in self.view.get_permissions()}
        return names <= {"AllowAny", "IsAuthenticatedOrReadOnly"}

    def _has_path_parameters(self) -> bool:
        return "{" in self.path
