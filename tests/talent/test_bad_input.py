"""Malformed query strings and identifiers never produce a 500."""

import pytest


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/talent/courses/?level=zzz&provider=abc&format=x&page=999", 200),
        ("/talent/courses/?starts_after=2026-02-31&starts_before=tomorrow", 200),
        ("/talent/courses/?online=maybe&seats_left=perhaps", 200),
        ("/talent/exchanges/?home_zone=east&page=abc", 200),
        ("/talent/calendar/?from=2026-13-01", 200),
        ("/talent/courses/999999/", 404),
        ("/talent/sessions/999999/", 404),
        ("/talent/certificates/%3Cscript%3E/", 404),
        ("/talent/calendar/counties/abc.ics", 404),
        ("/talent/calendar/me/not-a-token.ics", 404),
        ("/talent/exchanges/999999/certificate/", 404),
        ("/api/v1/sessions/?starts_after=bad", 400),
        ("/api/v1/courses/?county=999999", 400),
        ("/api/v1/courses/?page_size=1000", 400),
        ("/api/v1/exchanges/?active_on_or_before=2026-02-30", 400),
        ("/api/v1/certificates/verify/NOPE/", 404),
        ("/api/v1/skills/nope/", 404),
    ],
)
def test_bad_input_is_answered_without_500(client, db, path, status):
    assert client.get(path).status_code == status


def test_bad_input_enrol_in_unknown_session_is_404(client_as, mallory):
    assert client_as(mallory).post("/talent/sessions/999999/enrol/").status_code == 404


def test_bad_input_check_in_unknown_occurrence_is_404(client_as, mallory):
    assert client_as(mallory).post("/talent/occurrences/999999/check-in/", {"code": "123456"}).status_code == 404
