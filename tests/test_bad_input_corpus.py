"""The bad-input corpus (issue 17): every route of the URL resolver — API list, detail, create and action
endpoints and the site's pages — gets NUL bytes, lone surrogates, CR/LF, JSON nested 100,000 deep, huge
strings, RTL overrides, formula prefixes, wrong types, impossible dates and huge page numbers, as a county
office, a firm, a trainer, the provincial office and anonymously, on the demo data.

Passes when no answer is a 5xx and no refused write (an answer >= 400) saved anything: neither a row in any
table of the project's apps nor an audit-trail entry (django-auditlog records every change of every model that
matters, so an update that slipped through would show there).

Routes come from ``django.urls.get_resolver()`` (nothing is hand-listed); path parameters get an id of the
demo data (1) and bad values; query parameters and body fields come from each view's filterset, serializer or
form, plus the generic ones. Part of `make test` (marked ``slow``: deselect with ``-m 'not slow'`` while
developing); ``pytest tests/test_bad_input_corpus.py -q -s`` prints the figures.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from directory.models import User

# The project's own apps: those whose package is a top-level folder of the repository (third-party apps live in
# site-packages). Read from the app registry so that an app added later is watched too.
PROJECT_APPS = {config.label for config in apps.get_app_configs() if Path(config.path).parent == settings.BASE_DIR}

# Text values (each also sent in every field/parameter at once). Surrogates cannot be UTF-8 encoded, so query
# strings and form bodies carry them as CESU-style bytes (%ED%A0%80) and JSON bodies as the escape \ud800.
TEXT_VALUES = {
    "nul": "a\x00b",
    "crlf": "x\r\nBcc: victim@example.com",
    "huge": "长" * 100_000,
    "rtl": "invoice\u202efdp.exe",
    "formula": '=HYPERLINK("http://evil.example")',
    "impossible-date": "2026-02-30",
    "huge-number": "9" * 40,
    "negative": "-1",
}
JSON_ONLY_VALUES = {
    "surrogate": "\\ud800",  # raw JSON escape
    "list": [1, "x", None],
    "object": {"a": {"b": 1}},
    "bool": True,
    "float": 1e308,
}
GENERIC_QUERY = ["q", "search", "page", "page_size", "ordering", "as", "status", "kind", "region", "scenario", "domain"]
PATH_VALUES = {"existing": "1", "missing": "999999999", "huge": "9" * 40, "nul": "%00", "rtl": quote("\u202e")}
DEEP_JSON = "[" * 100_000 + "]" * 100_000


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def _routes():
    """(url template with {name} holes, names, view callback) for every route but the admin, the language
    switch, the schema views and DRF's format-suffix duplicates."""
    routes = []
    for raw, pattern in _walk(get_resolver().url_patterns):
        if raw.startswith(("admin/", "i18n/", "api/v1/schema", "api/v1/docs")) or "format" in raw:
            continue
        template = raw.replace("^", "").replace("$", "")
        template = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", template)
        template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", template)
        template = template.replace("\\.", ".").replace("/?", "/")
        names = re.findall(r"{(\w+)}", template)
        routes.append(("/" + template, names, pattern.callback))
    return routes


def _fill(template, names, value):
    url = template
    for name in names:
        url = url.replace("{" + name + "}", value)
    return url


def _view_class(callback):
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def _field_names(callback) -> tuple[list[str], list[str]]:
    """(query parameter names, body field names) the view declares."""
    cls = _view_class(callback)
    query, body = list(GENERIC_QUERY), []
    if cls is None:
        return query, ["title", "name", "message", "reason", "code"]
    filterset = getattr(cls, "filterset_class", None)
    if filterset is not None:
        query += list(filterset.base_filters)
    query += list(getattr(cls, "filterset_fields", None) or [])
    serializer_class = getattr(cls, "serializer_class", None)
    if serializer_class is not None:
        # A serializer that needs context to build its fields: the generic names stand in.
        with contextlib.suppress(Exception):
            fields = serializer_class().fields
            body += [name for name, field in fields.items() if not field.read_only]
    form_class = getattr(cls, "form_class", None)
    if form_class is not None:
        body += list(getattr(form_class, "base_fields", {}))
    return sorted(set(query)), sorted(set(body)) or ["title", "name", "message", "reason", "code"]


def _signature():
    """Rows in every table of the project's apps, and audit entries: one query."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and model._meta.managed and not model._meta.proxy
    )
    tables += ["directory_user", LogEntry._meta.db_table]
    # Table names come from the models, not from input.
    counts = " + ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in set(tables))  # noqa: S608
    sql = f"SELECT {counts}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


_ROTATION = [*TEXT_VALUES.values(), None]  # None: a lone surrogate (encoded below)


def _encoded(value) -> str:
    return "%ED%A0%80" if value is None else quote(value[:3000], safe="")


def _rotated_query(names, offset: int) -> str:
    """Each parameter gets one of the bad values, rotating, so one request carries them all."""
    return "&".join(
        f"{name}={_encoded(_ROTATION[(i + offset) % len(_ROTATION)])}" for i, name in enumerate(sorted(names))
    )


def _rotated_fields(names, offset: int, values=None) -> dict:
    pool = list((values or TEXT_VALUES).values())
    return {name: pool[(i + offset) % len(pool)] for i, name in enumerate(sorted(names))}


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_bad_input_corpus_never_answers_5xx_and_refused_writes_save_nothing(settings):
    settings.DEBUG = True  # seed_demo refuses production settings
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    identities = {
        "anonymous": None,
        "county": User.objects.get(username="kunshan_admin"),
        "firm": User.objects.get(username="yuntu_admin"),
        "trainer": User.objects.get(username="trainer_admin"),
        "province": User.objects.get(username="province_admin"),
    }
    routes = _routes()
    failures: list[str] = []
    saved: list[str] = []
    sent = 0
    started = time.monotonic()
    for who, user in identities.items():
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
        if user is not None:
            client.force_login(user)

        def check(method, url, response, before, who=who):
            nonlocal sent
            sent += 1
            if response.status_code >= 500:
                failures.append(f"{who} {method} {url[:120]} -> {response.status_code}")
            elif method != "GET" and response.status_code >= 400 and _signature() != before:
                saved.append(f"{who} {method} {url[:120]} -> {response.status_code} but saved")

        for template, names, callback in routes:
            query_names, body_names = _field_names(callback)
            url = _fill(template, names, PATH_VALUES["existing"])
            if who == "county":  # bad path values once: the answer does not depend on who asks
                for label, value in PATH_VALUES.items():
                    if label != "existing" and names:
                        bad = _fill(template, names, value)
                        check("GET", bad, client.get(bad), None)
            check("GET", url, client.get(url), None)
            # Every query parameter at once, the bad values rotated over the parameters (two requests cover
            # every value in every parameter position class).
            for offset in range(2):
                full = f"{url}?{_rotated_query(query_names, offset)}"
                check("GET", full, client.get(full), None)
            # Writes: JSON bodies on the API (values rotated over the fields, plus wrong types, a lone surrogate
            # and a deep document), form bodies on pages.
            if url.startswith("/api/"):
                bodies = [
                    ("text", json.dumps(_rotated_fields(body_names, 0))),
                    ("text2", json.dumps(_rotated_fields(body_names, 1))),
                    ("types", json.dumps(_rotated_fields(body_names, 0, JSON_ONLY_VALUES))),
                    ("surrogate", "{" + ", ".join(f'"{n}": "\\ud800"' for n in body_names) + "}"),
                    ("deep", DEEP_JSON),
                ]
                methods = ("POST", "PATCH") if names else ("POST",)
                for method in methods:
                    for label, body in bodies:
                        before = _signature()
                        response = client.generic(method, url, body, content_type="application/json")
                        check(method, f"{url} [{label}]", response, before)
            else:
                for offset in range(2):
                    before = _signature()
                    form = _rotated_query(body_names, offset)
                    response = client.generic("POST", url, form, content_type="application/x-www-form-urlencoded")
                    check("POST", f"{url} [form {offset}]", response, before)
    elapsed = time.monotonic() - started
    print(
        f"\nbad-input corpus: {len(routes)} routes, {sent} requests, {elapsed:.0f} s, "
        f"{len(failures)} answers >= 500, {len(saved)} refused writes that saved"
    )
    if failures or saved:
        print("\n".join(failures[:50] + saved[:50]))
    assert failures == []
    assert saved == []


def test_corpus_covers_every_kind_of_route():
    routes = _routes()
    templates = [t for t, _n, _c in routes]
    assert len(routes) > 200
    assert "/api/v1/proposals/" in templates and "/api/v1/auth/token/" in templates
    assert any(t.startswith("/talent/") for t in templates) and "/organizations/new/" in templates
