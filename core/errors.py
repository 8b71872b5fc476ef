"""Errors answered well: JSON for every status under /api/, 503 with Retry-After when the database is down.

* :class:`DatabaseUnavailableMiddleware` turns a database that cannot be reached, or a statement or lock that
  timed out (``OperationalError``: connection refused, ``lock_timeout``, ``statement_timeout``, SQLite's
  "database is locked" after its busy timeout), into ``503 Service Unavailable`` with ``Retry-After``, JSON under
  /api/ and a short page elsewhere, instead of a 500 — the client may simply try again.
* ``handler400`` … ``handler500`` (wired in config/urls.py) answer JSON under /api/ and Django's pages elsewhere.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def service_unavailable(request) -> HttpResponse:
    message = _("The service is briefly unavailable. Please try again in a moment.")
    if is_api(request):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(
            f"<!doctype html><title>503</title><h1>503</h1><p>{message}</p>", status=503, content_type="text/html"
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("database unavailable for %s %s: %s", request.method, request.path, exception)
            return service_unavailable(request)
        return None


def _json(request, status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request, exception=None):
    if is_api(request):
        return _json(request, 400, _("Bad request."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api(request):
        return _json(request, 403, _("You do not have permission to perform this action."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return _json(request, 404, _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return _json(request, 500, _("A server error occurred. It has been logged."))
    return defaults.server_error(request)
