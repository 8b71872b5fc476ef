"""A server-side cache of public pages and API lists for anonymous readers, with HTTP validators.

What is cached: GET/HEAD requests to the views named in ``settings.PAGE_CACHE_VIEWS`` from a client that
carries no session cookie, no messages cookie and no ``Authorization`` header — so the reader is anonymous and
the response is exactly what every anonymous reader sees. Nothing personal or sealed can enter the cache: a
signed-in user always gets a freshly rendered page. Only 200 responses without cookies of their own are stored.

The key holds the host, the full path with its query string, the language and the ``Accept`` header (DRF picks
its renderer from it), and the current *content version*. Any change of public content moves the version, so
every cached page is replaced at once:

- the catalog and talent services call :func:`invalidate` (through ``catalog.hooks`` and the talent services),
  after the transaction commits;
- the middleware also invalidates after every successful unsafe request (POST, PUT, PATCH, DELETE) through the
  site or the API, whatever it changed (admin edits included);
- ``settings.PAGE_CACHE_SECONDS`` bounds the life of an entry, for what changes with the clock alone (an open
  scenario reads as *evaluating* once its deadline passes).

The version lives in the cache when the cache is shared (Redis); with the per-process local-memory cache it is
the modification time of a stamp file, so that every worker process on the host sees an invalidation at once.

Row counts of the public lists (``CachedCountPaginator``) are cached under the same version, for
``PAGE_CACHE_COUNT_SECONDS`` (an hour by default; a count changes only with the content or, when a filter reads the
clock, with the time its SQL carries): counting tens of thousands of rows costs more than rendering the page,
and a signed-in reader, whose page is never cached, would otherwise pay it on every request. The key is the
count's SQL and parameters, so two readers share a count only when they ask the database the same question.

The CSRF token of the language form is not shared between readers: it is replaced by a placeholder before
storing and by the reader's own token when serving. Responses carry ``ETag``, ``Last-Modified`` and
``Cache-Control: private, no-cache`` (browsers revalidate and get a 304 while nothing changed; shared proxies
do not store pages that embed a CSRF token).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import http_date

VERSION_KEY = "pagecache:version"
_PLACEHOLDER = b"__PAGECACHE_CSRF_TOKEN__"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _stamp_path() -> Path:
    return Path(settings.PAGE_CACHE_STAMP)


def _shared_cache() -> bool:
    return not isinstance(caches["default"], LocMemCache)


def current_version() -> str:
    """The content version: changes whenever public content may have changed."""
    if _shared_cache():
        version = cache.get(VERSION_KEY)
        if version is None:
            # A fresh start (or an evicted key) begins at the clock, so old entries are never reused.
            cache.add(VERSION_KEY, time.time_ns(), timeout=None)
            version = cache.get(VERSION_KEY, 0)
        return str(version)
    try:
        return str(os.stat(_stamp_path()).st_mtime_ns)
    except FileNotFoundError:
        return "0"


def _bump() -> None:
    if _shared_cache():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        return
    path = _stamp_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    before = int(current_version())
    now = max(time.time_ns(), before + 1)
    os.utime(path, ns=(now, now))


def invalidate() -> None:
    """Forget every cached public page once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def cached_count(queryset) -> int:
    """``queryset.count()``, kept under the content version (the SQL and its parameters are the key) for
    ``PAGE_CACHE_COUNT_SECONDS`` (at least ``PAGE_CACHE_SECONDS``): a count changes only with the content, which
    moves the version, or with the clock, whose time is then a parameter of the SQL. Without the page cache
    (``PAGE_CACHE_SECONDS = 0``) every call counts."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return queryset.count()
    query = queryset.query.chain()
    query.clear_ordering(force=True)
    if not query.distinct:
        # What the count does not read: annotations in the select list (e.g. a state computed from the clock,
        # whose timestamp parameter would make every key new; filters on them stay in the WHERE clause) and the
        # rows of select_related.
        query.set_annotation_mask(())
        query.select_related = False
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:
        return 0
    digest = hashlib.sha256(f"{queryset.db}\n{sql}\n{params!r}".encode()).hexdigest()
    key = f"pagecache:count:{current_version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = queryset.count()
        cache.set(key, value, max(seconds, settings.PAGE_CACHE_COUNT_SECONDS))
    return value


class CachedCountPaginator(Paginator):
    """A paginator for public lists whose total comes from :func:`cached_count`."""

    @cached_property
    def count(self) -> int:
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list)
        return len(self.object_list)


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    # A session cookie may belong to a signed-in user (the session is not loaded to find out).
    if request.session.session_key or "messages" in request.COOKIES:
        return False
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in settings.PAGE_CACHE_VIEWS


def _key(request, version: str) -> str:
    parts = "\n".join(
        [
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            request.META.get("HTTP_ACCEPT", ""),
            version,
        ]
    )
    return "pagecache:page:" + hashlib.sha256(parts.encode()).hexdigest()


def _serve(request, entry: dict) -> HttpResponse:
    response = get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"])
    if response is None:
        body = entry["body"]
        if _PLACEHOLDER in body:
            body = body.replace(_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(body, status=200, content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language", "Accept"))
    return response


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not response.get("Content-Disposition")
    )


class PageCacheMiddleware:
    """Serve and store anonymous public pages (see the module docstring). Put it last in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in _UNSAFE and response.status_code < 400:
            invalidate()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _cacheable_request(request):
            return None
        version = current_version()
        key = _key(request, version)
        entry = cache.get(key)
        if entry is None:
            response = view_func(request, *view_args, **view_kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if not _storable(response):
                return response
            body = _CSRF_INPUT.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
            entry = {
                "body": body,
                "content_type": response["Content-Type"],
                "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
                "last_modified": int(time.time()),
            }
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        return _serve(request, entry)
