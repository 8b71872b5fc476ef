"""Certificate pages: public verification (valid / revoked), PDF, revocation rights."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from talent import services
from talent.models import Certificate, Enrolment
from tests.factories import EnrolmentFactory


@pytest.fixture
def certificate(session, bob):
    enrolment = EnrolmentFactory(session=session, person=bob, status=Enrolment.Status.COMPLETED)
    return services.certificate_issue(enrolment=enrolment)


def test_certificate_code_format(certificate):
    assert certificate.code.startswith("SCX-")
    assert len(certificate.code) == 18
    assert certificate.hours == 0  # no attendance recorded: no hours, whatever the course planned


def test_certificate_page_is_public_and_valid(client, certificate):
    response = client.get(f"/talent/certificates/{certificate.code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Valid certificate" in body
    assert "数据素养" in body
    assert "Data literacy" in body
    assert "Bob" in body
    assert "bob@example.com" not in body


def test_certificate_verify_lowercase_code_redirects(client, certificate):
    response = client.get("/talent/verify/", {"code": certificate.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/talent/certificates/{certificate.code}/"


def test_certificate_verify_unknown_code_is_404_with_message(client, db):
    response = client.get("/talent/verify/", {"code": "SCX-FAKE-FAKE-FAKE"})
    assert response.status_code == 404
    assert "No certificate has the code “SCX-FAKE-FAKE-FAKE”." in response.content.decode()


def test_certificate_revoke_then_page_says_revoked(client, certificate, trudy):
    services.certificate_revoke(actor=trudy, certificate=certificate, reason="Attendance sheet was forged")
    response = client.get(f"/talent/certificates/{certificate.code}/")
    body = response.content.decode()
    assert "This certificate was revoked" in body
    assert "Attendance sheet was forged" in body
    api = client.get(f"/api/v1/certificates/verify/{certificate.code}/").json()
    assert (api["valid"], api["revoked_reason"]) == (False, "Attendance sheet was forged")


def test_certificate_revoke_needs_reason(certificate, trudy):
    with pytest.raises(ValidationError, match="Say why"):
        services.certificate_revoke(actor=trudy, certificate=certificate, reason="   ")
    assert Certificate.objects.get().is_valid


@pytest.mark.parametrize("actor", ["bob", "alice", "charlie", "mallory"])
def test_certificate_revoke_by_others_is_forbidden(request, certificate, actor, alice, charlie, mallory):
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(actor=request.getfixturevalue(actor), certificate=certificate, reason="x")


def test_certificate_pdf_renders(client, certificate):
    response = client.get(f"/talent/certificates/{certificate.code}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"STSong-Light" in response.content


def test_certificate_revoke_page_by_outsider_is_404(client_as, certificate, mallory):
    response = client_as(mallory).post(f"/talent/certificates/{certificate.code}/revoke/", {"reason": "x"})
    assert response.status_code == 404
    assert Certificate.objects.get().is_valid


def test_certificate_api_list_is_scoped(api_as, certificate, bob, charlie, trudy):
    assert [c["code"] for c in api_as(bob).get("/api/v1/certificates/").json()["results"]] == [certificate.code]
    assert api_as(charlie).get("/api/v1/certificates/").json()["count"] == 0
    assert api_as(trudy).get("/api/v1/certificates/").json()["count"] == 1
