"""``Idempotency-Key`` on enrolment: a retried POST returns the first answer and enrols once."""

from talent.models import Enrolment


def test_a_retried_enrolment_answers_the_same_and_enrols_once(api_as, session, mallory):
    client = api_as(mallory)
    first = client.post("/api/v1/enrolments/", {"session": session.pk}, format="json", HTTP_IDEMPOTENCY_KEY="e-1")
    again = client.post("/api/v1/enrolments/", {"session": session.pk}, format="json", HTTP_IDEMPOTENCY_KEY="e-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Enrolment.objects.filter(person=mallory).count() == 1
    # Without the key the retry is refused as a duplicate (a conflict with the existing enrolment).
    assert client.post("/api/v1/enrolments/", {"session": session.pk}, format="json").status_code == 409
