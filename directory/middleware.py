"""Keeps the membership facts (``directory.selectors.affiliations_of``) to one request."""

from __future__ import annotations

from directory.selectors import request_finished, request_started


class AffiliationsCacheMiddleware:
    """Marks the start and end of a request for the membership facts cache.

    The request's user object normally dies with the request, but an API client may authenticate every request
    with the same user object (DRF's ``force_authenticate``, a cached token user); facts cached during an
    earlier request, or before it, are then computed afresh, once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_started()
        try:
            return self.get_response(request)
        finally:
            request_finished(token)
