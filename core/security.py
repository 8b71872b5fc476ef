"""Who is asking, and how often: the client address every throttle and the login lockout count against, and the
rate limit of the forms that send mail to an address the caller types (password reset, sign-up)."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest
from rest_framework.throttling import SimpleRateThrottle

# django-axes stores the typed user name in a 255-character column; PostgreSQL refuses a longer value (a 500 on
# the login page and the token endpoint, found by the bad-input corpus on PostgreSQL).
AXES_USERNAME_LENGTH = 255


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The user name django-axes records for a sign-in attempt, cut to its column (no account has a longer
    name: they are at most 150 characters, so the cut never merges two real accounts)."""
    source = credentials or getattr(request, "data", request.POST)
    username = source.get("username")
    return None if username is None else str(username)[:AXES_USERNAME_LENGTH]


def client_ip(request: HttpRequest) -> str:
    """The client's address as DRF's throttles compute it with ``NUM_PROXIES`` (so the lockout and the API
    throttles agree): REMOTE_ADDR unless trusted proxies sit in front, then the address the nearest trusted
    proxy saw — never a value the client chose itself."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return remote


class AccountMailThrottle(SimpleRateThrottle):
    """``account-mail`` rate, counted separately per client address and per typed e-mail address: a form that
    mails someone cannot be used to flood a mailbox or to probe addresses quickly."""

    scope = "account-mail"

    def __init__(self, key: str):
        self.key = key
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.key}


def account_mail_allowed(request: HttpRequest, email: str) -> bool:
    """Whether another account mail may go out now; counts this attempt against the address and the client."""
    throttles = [AccountMailThrottle(f"ip:{client_ip(request)}"), AccountMailThrottle(f"mail:{email.strip().lower()}")]
    # Evaluate both so each counts the attempt.
    # DRF's throttles read only the cache and the clock here, so a plain Django request will do.
    results = [throttle.allow_request(cast(Any, request), cast(Any, None)) for throttle in throttles]
    return all(results)
