"""Issue 17, items 2, 4, 8 and 10: lockout, throttles keyed on the real client, the one input sanitiser, formula
neutralising exports and the security headers. Each test fails on the code before the fix."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from rest_framework.throttling import ScopedRateThrottle

from core.sanitize import safe_filename, single_line, spreadsheet_cell
from core.security import AccountMailThrottle
from directory.models import Membership, Organization
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def victim(db):
    return UserFactory(username="victim", email="victim@example.com")


def _login(client, username, password, ip="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": ip, "HTTP_ACCEPT_LANGUAGE": "en"}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


# ---------------------------------------------------------------- item 2: lockout and throttles


@pytest.mark.django_db
def test_login_locks_the_user_name_after_five_wrong_passwords_even_from_new_addresses(client, victim):
    statuses = [_login(client, "victim", "wrong", ip=f"10.0.0.{n + 1}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # The right password from yet another address: still refused, and nobody is signed in.
    response = _login(client, "victim", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_locks_an_address_that_tries_many_user_names(client, victim):
    for attempt in range(5):
        _login(client, f"guess{attempt}", "wrong", ip="10.0.0.7")
    assert _login(client, "victim", PASSWORD, ip="10.0.0.7").status_code == 429
    # Another address is not locked for this user (the user name had no failures of its own).
    assert _login(client, "victim", PASSWORD, ip="10.0.0.8").status_code == 302


@pytest.mark.django_db
def test_forged_x_forwarded_for_does_not_escape_the_address_lockout(client, victim):
    for attempt in range(5):
        _login(client, f"guess{attempt}", "wrong", ip="10.0.0.7", forwarded=f"203.0.113.{attempt}")
    assert _login(client, "victim", PASSWORD, ip="10.0.0.7", forwarded="198.51.100.1").status_code == 429


@pytest.mark.django_db
def test_token_endpoint_is_locked_like_the_login_page(api_client, victim):
    statuses = [
        api_client.post("/api/v1/auth/token/", {"username": "victim", "password": "x"}, format="json").status_code
        for _ in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 429]
    response = api_client.post("/api/v1/auth/token/", {"username": "victim", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert "token" not in response.json()


@pytest.mark.django_db
def test_token_throttle_ignores_a_rotating_x_forwarded_for(api_client, victim, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth-token": "3/min"})
    statuses = [
        api_client.post(
            "/api/v1/auth/token/",
            {"username": "victim", "password": PASSWORD},
            format="json",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_password_reset_mails_are_rate_limited_per_address(client, victim, monkeypatch):
    monkeypatch.setattr(AccountMailThrottle, "THROTTLE_RATES", {"account-mail": "3/hour"})
    statuses = [
        client.post("/accounts/password/reset/", {"email": "victim@example.com"}, REMOTE_ADDR=f"10.1.0.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_signup_mails_are_rate_limited_per_client(client, monkeypatch):
    monkeypatch.setattr(AccountMailThrottle, "THROTTLE_RATES", {"account-mail": "2/hour"})
    statuses = [
        client.post(
            "/accounts/signup/",
            {
                "username": f"user{n}",
                "email": f"user{n}@example.com",
                "password1": "Quiet-River-2026",
                "password2": "Quiet-River-2026",
            },
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


# ---------------------------------------------------------------- item 8: the input sanitiser


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/capabilities/?domain=%00",
        "/api/v1/organizations/?q=%00",
        "/organizations/?q=a%00b",
        "/api/v1/scenarios/?search=%00",
        "/talent/certificates/%00/",
        "/regions/32%0005/",
    ],
)
def test_nul_in_query_or_path_is_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.django_db
def test_deep_json_is_refused_with_400_even_on_the_unauthenticated_token_endpoint(api_client):
    body = "[" * 100_000 + "]" * 100_000
    response = api_client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "deeper" in response.json()["detail"]


@pytest.mark.django_db
def test_lone_surrogate_in_a_choice_field_is_a_400_and_saves_nothing(api_as, mallory):
    body = '{"kind": "\\ud800", "name_zh": "x", "region": "320583"}'
    response = api_as(mallory).post("/api/v1/organizations/", body, content_type="application/json")
    assert response.status_code == 400
    assert "surrogate" in response.json()["detail"]
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_nul_in_a_form_body_is_refused_and_saves_nothing(client, mallory):
    client.force_login(mallory)
    response = client.post("/organizations/new/", {"kind": "firm", "name_zh": "坏\x00名字", "region": "320583"})
    assert response.status_code == 400
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_cr_lf_in_names_never_reach_a_mail_header(client, county, alice, django_capture_on_commit_callbacks):
    county.name_zh = "昆山市数据局\r\nBcc: everyone@example.com"
    county.save()
    joiner = UserFactory(username="joiner", display_name="Eve\r\nBcc: x@example.com")
    client.force_login(joiner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/organizations/{county.pk}/join/", {"message": "hi"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=joiner, organization=county).exists()
    assert mail.outbox, "the administrators are mailed"
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.message()["Bcc"] is None


def test_output_helpers():
    assert single_line("a\r\nb\nc\u2028d") == "a b c d"
    assert safe_filename("invoice\u202efdp.exe", extension=".pdf") == "invoicefdp.pdf"
    assert safe_filename("poly.html", extension=".png") == "poly.png"
    assert safe_filename("../../etc/passwd\x00", extension=".pdf") == "passwd.pdf"
    assert [spreadsheet_cell(v) for v in ("=1+1", "+A1", "-A1", "@SUM(A1)", "\tx", "\rx", "-12", 5, "ok")] == [
        "'=1+1",
        "'+A1",
        "'-A1",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "-12",
        5,
        "ok",
    ]


# ---------------------------------------------------------------- item 10: headers


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/api/v1/regions/", "/api/v1/docs/"])
def test_security_headers(client, url):
    response = client.get(url, secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_handler(client, alice, county):
    client.force_login(alice)
    pages = ("/", "/scenarios/", "/solutions/", "/talent/courses/", "/organizations/", f"/organizations/{county.pk}/")
    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+=", html), url
