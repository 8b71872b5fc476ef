"""Who may do what with fairs and release events. The HTML views, the API and the services ask these same
predicates.

* An event is organised by a verified provincial office or a city or county office (a county office
  organisation at city or county level); its admins and editors manage it (participants, scheduling, meetings,
  check-in), its members read everything about it.
* The public — anyone, signed in or not — sees a published event and its programme only: never the
  participants, requests, meetings or outcomes.
* A participant's members see their own participation, requests, agenda and meetings; its admins and editors
  act for it (request, answer, record outcomes).
* The provincial office and superusers read every event (overseers), without acting for the organiser.
"""

from __future__ import annotations

import rules

from directory.models import Organization
from directory.permissions import (
    can_publish_for,
    is_org_editor,
    is_org_member,
    is_overseer,
    is_superuser,
    of_related,
)
from directory.selectors import affiliations_of

K = Organization.Kind
ORGANISER_KINDS = (K.PROVINCIAL_OFFICE, K.COUNTY_OFFICE)
PARTICIPANT_KINDS = (K.COUNTY_OFFICE, K.FIRM, K.TRAINING_PROVIDER)


@rules.predicate
def may_organise_for(user, organization) -> bool:
    """A verified provincial, city or county office, acting through an admin or editor."""
    return (
        organization is not None and organization.kind in ORGANISER_KINDS and bool(can_publish_for(user, organization))
    )


is_organiser_editor = of_related(can_publish_for, "organiser", name="is_organiser_editor")
is_organiser_member = of_related(is_org_member, "organiser", name="is_organiser_member")


@rules.predicate
def is_published(user, event) -> bool:
    return event is not None and event.is_published


@rules.predicate
def may_register(user, event) -> bool:
    """Acts (admin or editor) for a verified county office, firm or training provider."""
    return (
        event is not None
        and event.is_published
        and bool(affiliations_of(user).organization_ids(kinds=list(PARTICIPANT_KINDS), editors=True, verified=True))
    )


is_participant_member = of_related(is_org_member, "organization", name="is_participant_member")
is_participant_editor = of_related(is_org_editor, "organization", name="is_participant_editor")
organises_participant_event = of_related(is_organiser_editor, "event", name="organises_participant_event")
reads_participant_event = of_related(is_organiser_member, "event", name="reads_participant_event")

is_requester_member = of_related(is_org_member, "requester.organization", name="is_requester_member")
is_recipient_member = of_related(is_org_member, "recipient.organization", name="is_recipient_member")
is_request_party = is_requester_member | is_recipient_member
is_request_recipient_editor = of_related(is_org_editor, "recipient.organization", name="is_request_recipient_editor")
is_request_requester_editor = of_related(is_org_editor, "requester.organization", name="is_request_requester_editor")
organises_request_event = of_related(is_organiser_member, "event", name="organises_request_event")

is_meeting_party = of_related(is_request_party, "request", name="is_meeting_party")
is_meeting_party_editor = of_related(
    is_request_requester_editor | is_request_recipient_editor, "request", name="is_meeting_party_editor"
)
organises_meeting_event = of_related(is_organiser_editor, "event", name="organises_meeting_event")
reads_meeting_event = of_related(is_organiser_member, "event", name="reads_meeting_event")


rules.add_perm("fairs.create_event_for", may_organise_for | is_superuser)
rules.add_perm("fairs.read_event", is_published | is_organiser_member | is_overseer)
rules.add_perm("fairs.manage_event", is_organiser_editor | is_superuser)
rules.add_perm("fairs.read_event_participants", is_organiser_member | is_overseer)
rules.add_perm("fairs.register_for", may_register)
rules.add_perm("fairs.read_participation", is_participant_member | reads_participant_event | is_overseer)
rules.add_perm("fairs.act_for_participant", is_participant_editor)
rules.add_perm("fairs.decide_participant", organises_participant_event | is_superuser)
rules.add_perm("fairs.read_request", is_request_party | organises_request_event | is_overseer)
rules.add_perm("fairs.answer_request", is_request_recipient_editor)
rules.add_perm("fairs.withdraw_request", is_request_requester_editor)
rules.add_perm("fairs.read_meeting", is_meeting_party | reads_meeting_event | is_overseer)
rules.add_perm("fairs.record_outcome", is_meeting_party_editor)
rules.add_perm("fairs.adjust_schedule", organises_meeting_event | is_superuser)
