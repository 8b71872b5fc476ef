"""A mail outage never changes the answer of the request that caused an e-mail; the e-mail goes out later, once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from core import outbox
from core.models import OutgoingEmail
from proposals.models import Proposal
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import DEADLINE
from tests.proposals.helpers import proposal_payload


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture
def open_scenario(clock, county, firm, dave, alice):
    return pf.scenario(owner=county, deadline=DEADLINE), pf.solution(firm=firm)


def test_mail_down_still_answers_201_and_the_mail_goes_out_later_once(
    open_scenario, api_as, dave, settings, django_capture_on_commit_callbacks
):
    scenario, solution = open_scenario
    settings.EMAIL_BACKEND = "tests.proposals.test_mail_outage.MailServerDown"

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(dave).post("/api/v1/proposals/", proposal_payload(scenario, solution), format="json")

    assert response.status_code == 201
    assert Proposal.objects.count() == 1
    pending = OutgoingEmail.objects.get()
    assert pending.sent_at is None
    assert pending.attempts == 1
    assert "SMTP server unreachable" in pending.last_error
    assert mail.outbox == []

    # Still down at the first sweep: nothing sent, nothing lost.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert outbox.deliver_due() == 0
    # The mail server is back: the next sweep delivers it, and later sweeps never send it again.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        assert outbox.deliver_due() == 1
        assert outbox.deliver_due() == 0
        assert outbox.deliver(pending.pk) is False
    assert [m.to for m in mail.outbox] == [[pending.to]]
    assert mail.outbox[0].subject == pending.subject
    pending.refresh_from_db()
    assert pending.sent_at is not None


def test_a_rolled_back_change_mails_nobody(open_scenario, api_as, dave, django_capture_on_commit_callbacks):
    scenario, solution = open_scenario
    with django_capture_on_commit_callbacks(execute=True):
        body = proposal_payload(scenario, solution, price=-1)
        response = api_as(dave).post("/api/v1/proposals/", body, format="json")
    assert response.status_code == 400
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []
