"""Matching's notifications (invitations, replication pushes, new scenarios for subscribers) are stored as codes with
parameters and read in each reader's language, whatever language the sender browsed in."""

from __future__ import annotations

import pytest
from django.utils import translation

from core.models import Notification
from matching import services
from matching.models import Suggestion

pytestmark = pytest.mark.django_db


def _page(client, user, language):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get("/notifications/").content.decode()


def test_an_invitation_sent_from_the_chinese_site_reads_in_english_and_in_chinese(
    radiology, teleradiology, alice, dave, client
):
    services.refresh_all()
    suggestion = Suggestion.objects.get(scenario=radiology, solution=teleradiology)
    with translation.override("zh-hans"):
        services.suggestion_invite(actor=alice, suggestion=suggestion)
    notification = Notification.objects.get(user=dave, kind=services.KIND_INVITATION)
    assert notification.code == "matching.invitation"
    assert notification.params["scenario"] == radiology.title  # typed text kept as typed

    english = _page(client, dave, "en")
    assert f"invites you to propose for “{radiology.title}”" in english
    assert "邀请" not in english.split("<main")[1]
    chinese = _page(client, dave, "zh-hans")
    assert "invites you to propose" not in chinese


@pytest.mark.parametrize(
    ("scenario_given", "code"),
    [(True, "matching.replication_fits_scenario"), (False, "matching.replication_solution")],
)
def test_replication_messages_are_codes_with_the_names_as_parameters(radiology, teleradiology, scenario_given, code):
    wording, params, url = services._replication_message(
        solution=teleradiology, scenario=radiology if scenario_given else None, source=None
    )
    assert wording.code == code
    assert params["solution"] == teleradiology.title and params["firm"] == teleradiology.owner.name
    assert url
