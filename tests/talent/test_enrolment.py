"""Enrolment rules (the concurrent cases are in test_enrolment_concurrency.py, on PostgreSQL)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core.models import Notification
from talent import services
from talent.models import Enrolment
from tests.factories import CourseFactory, SessionFactory, UserFactory
from tests.talent.conftest import at


def test_enrolment_fills_seats_then_waitlists_in_order(session):
    people = [UserFactory(username=f"p{i}") for i in range(4)]
    results = [services.enrolment_create(person=p, session=session) for p in people]
    assert [(e.status, e.waitlist_position) for e in results] == [
        ("registered", None),
        ("registered", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]


def test_enrolment_twice_is_refused(session, mallory):
    services.enrolment_create(person=mallory, session=session)
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrolment_create(person=mallory, session=session)
    assert Enrolment.objects.filter(person=mallory).count() == 1


def test_enrolment_constraint_holds_one_active_per_person(session, mallory):
    Enrolment.objects.create(session=session, person=mallory, status="registered")
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(session=session, person=mallory, status="registered")


def test_enrolment_after_deadline_is_refused(session, mallory, frozen):
    frozen.move_to(at(6, 18, 1))
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(person=mallory, session=session)
    assert error.value.messages == ["Registration closed at 2026-03-08 18:00."]


def test_enrolment_at_the_deadline_is_accepted(session, mallory, frozen):
    frozen.move_to(at(6, 18))
    assert services.enrolment_create(person=mallory, session=session).status == "registered"


def test_enrolment_in_draft_session_is_refused(session, mallory):
    session.status = "draft"
    session.save()
    with pytest.raises(ValidationError, match="not open for enrolment"):
        services.enrolment_create(person=mallory, session=session)


def test_enrolment_overlapping_session_is_refused_with_the_clash(session, mallory, trainer_org):
    services.enrolment_create(person=mallory, session=session)
    other = SessionFactory(
        course=CourseFactory(provider=trainer_org, title_zh="物联网"),
        start=at(7, 11),
        end=at(7, 13),
        registration_closes=at(6, 9),
    )
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(person=mallory, session=other)
    assert error.value.messages == [
        "This session overlaps “Data literacy” on 2026-03-09 09:00, which you are already enrolled in."
    ]


def test_enrolment_cancel_promotes_first_waitlisted_and_emails(session, django_capture_on_commit_callbacks):
    a, b, c, d = (UserFactory(username=n) for n in "abcd")
    first = services.enrolment_create(person=a, session=session)
    services.enrolment_create(person=b, session=session)
    services.enrolment_create(person=c, session=session)
    services.enrolment_create(person=d, session=session)

    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(actor=a, enrolment=first)

    statuses = dict(Enrolment.objects.filter(session=session).values_list("person__username", "status"))
    assert statuses == {"a": "cancelled", "b": "registered", "c": "registered", "d": "waitlisted"}
    assert Enrolment.objects.get(person=d).waitlist_position == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["c@example.com"]
    assert mail.outbox[0].subject == "[Smart County Exchange] A seat is yours: Data literacy"
    notification = Notification.objects.get()
    assert (notification.user.username, notification.kind, notification.url) == (
        "c",
        "talent_seat_promoted",
        f"/talent/sessions/{session.pk}/",
    )


def test_enrolment_cancel_of_waitlisted_promotes_nobody(session):
    people = [UserFactory(username=n) for n in "abc"]
    enrolments = [services.enrolment_create(person=p, session=session) for p in people]
    services.enrolment_cancel(actor=people[2], enrolment=enrolments[2])
    assert list(Enrolment.objects.order_by("pk").values_list("status", flat=True)) == [
        "registered",
        "registered",
        "cancelled",
    ]
    assert mail.outbox == []


def test_enrolment_cancel_by_another_participant_is_forbidden(session, mallory):
    enrolment = services.enrolment_create(person=UserFactory(username="x"), session=session)
    with pytest.raises(PermissionDenied):
        services.enrolment_cancel(actor=mallory, enrolment=enrolment)


def test_enrolment_again_after_cancelling_is_allowed(session, mallory):
    enrolment = services.enrolment_create(person=mallory, session=session)
    services.enrolment_cancel(actor=mallory, enrolment=enrolment)
    assert services.enrolment_create(person=mallory, session=session).status == "registered"


def test_enrolment_needing_approval_waits_for_org_admin(session, alice, bob, charlie):
    session.course.requires_approval = True
    session.course.save()

    enrolment = services.enrolment_create(person=bob, session=session)
    assert (enrolment.status, enrolment.organization.name_zh) == ("pending", "昆山市数据局")
    with pytest.raises(PermissionDenied):
        services.enrolment_approve(actor=charlie, enrolment=enrolment)
    approved = services.enrolment_approve(actor=alice, enrolment=enrolment)
    assert (approved.status, approved.approved_by) == ("registered", alice)


def test_enrolment_registration_not_yet_open_is_refused(session, mallory):
    session.registration_opens = at(1, 9)
    session.save()
    with pytest.raises(ValidationError, match="Registration opens at 2026-03-03 09:00"):
        services.enrolment_create(person=mallory, session=session)


def test_enrolment_seat_count_counts_only_seat_holders(session):
    people = [UserFactory(username=f"q{i}") for i in range(3)]
    for p in people:
        services.enrolment_create(person=p, session=session)
    annotated = type(session).objects.with_seats().get(pk=session.pk)
    assert (annotated.registered_count, annotated.waitlisted_count, annotated.seats_left) == (2, 1, 0)
    assert session.end - session.start == dt.timedelta(hours=3)


def test_enrolment_cancel_after_start_is_refused(session, mallory, frozen):
    enrolment = services.enrolment_create(person=mallory, session=session)
    frozen.move_to(at(7, 9))
    with pytest.raises(ValidationError, match="session has started"):
        services.enrolment_cancel(actor=mallory, enrolment=enrolment)
    assert Enrolment.objects.get().status == "registered"


def test_enrolment_cancel_in_a_cancelled_session_promotes_nobody(session, trudy):
    """A seat freed in a cancelled session is no seat: nobody is told "a seat is yours", as editing a cancelled
    session is refused."""
    a, b, c = (UserFactory(username=n) for n in "abc")
    first = services.enrolment_create(person=a, session=session)
    services.enrolment_create(person=b, session=session)
    services.enrolment_create(person=c, session=session)  # waitlisted
    services.session_cancel(actor=trudy, session=session)

    services.enrolment_cancel(actor=a, enrolment=first)

    statuses = dict(Enrolment.objects.filter(session=session).values_list("person__username", "status"))
    assert statuses == {"a": "cancelled", "b": "registered", "c": "waitlisted"}
    assert not Notification.objects.filter(kind="talent_seat_promoted").exists()


def test_enrolment_approve_in_a_cancelled_session_is_refused(client_as, session, alice, bob, trudy):
    """Enrolling in a cancelled session is refused; approving a pending enrolment there is too."""
    session.course.requires_approval = True
    session.course.save()
    enrolment = services.enrolment_create(person=bob, session=session)
    services.session_cancel(actor=trudy, session=session)

    response = client_as(alice).post(f"/talent/enrolments/{enrolment.pk}/approve/", follow=True)

    assert "This session is not open for enrolment." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == "pending"


def test_my_learning_offers_no_approval_in_a_cancelled_session(client_as, session, alice, bob, trudy):
    session.course.requires_approval = True
    session.course.save()
    enrolment = services.enrolment_create(person=bob, session=session)
    approve_url = f"/talent/enrolments/{enrolment.pk}/approve/"
    assert approve_url in client_as(alice).get("/talent/me/").content.decode()

    services.session_cancel(actor=trudy, session=session)

    assert approve_url not in client_as(alice).get("/talent/me/").content.decode()
