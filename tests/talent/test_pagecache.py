"""A session's public page is cached for anonymous readers and shows an enrolment at once."""

import pytest
from django.urls import reverse

from talent import services

pytestmark = pytest.mark.usefixtures("page_cache")


def test_enrolment_changes_the_cached_session_page_at_once(
    client, session, mallory, frozen, django_capture_on_commit_callbacks
):
    url = reverse("talent:session-detail", args=[session.pk])
    before = client.get(url)
    assert "2 of 2" in before.content.decode()
    assert client.get(url)["ETag"] == before["ETag"]  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_create(person=mallory, session=session)
    assert "1 of 2" in client.get(url).content.decode()
