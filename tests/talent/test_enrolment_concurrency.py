"""Seats under real concurrency (PostgreSQL): 50 people into 20 seats, and cancellations racing enrolments."""

from __future__ import annotations

import random
import threading

import pytest
from django.db import connection, connections

from talent import services
from talent.models import Enrolment, Session
from tests.factories import SessionFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has no row locks or concurrent writers; run with DATABASE_URL=postgres://…",
    ),
]


def _run_together(jobs):
    """Run callables in threads that start at the same instant, each on its own DB connection."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def worker(job):
        try:
            barrier.wait()
            job()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


@pytest.mark.parametrize("run", range(3))
def test_enrolment_fifty_into_twenty_seats_exactly(run):
    session = SessionFactory(capacity=20)
    people = [UserFactory(username=f"p{run}-{i}") for i in range(50)]

    _run_together(
        [lambda person=person: services.enrolment_create(person=person, session=session) for person in people]
    )

    enrolments = Enrolment.objects.filter(session=session)
    assert enrolments.count() == 50
    assert enrolments.filter(status="registered").count() == 20
    waitlisted = list(enrolments.filter(status="waitlisted").order_by("waitlist_position"))
    assert [e.waitlist_position for e in waitlisted] == list(range(1, 31))
    # Arrival order = the order transactions got the lock: every waitlisted row was created after every
    # registered one (ids come from a sequence taken inside the locked transaction).
    assert max(enrolments.filter(status="registered").values_list("pk", flat=True)) < min(e.pk for e in waitlisted)
    assert Session.objects.get(pk=session.pk).last_waitlist_position == 30


@pytest.mark.parametrize("run", range(3))
def test_enrolment_cancellations_during_enrolment_leave_no_empty_seat(run):
    session = SessionFactory(capacity=20)
    first = [UserFactory(username=f"a{run}-{i}") for i in range(25)]
    for person in first:
        services.enrolment_create(person=person, session=session)
    leaving = list(Enrolment.objects.filter(session=session, status="registered").select_related("person"))[:8]
    newcomers = [UserFactory(username=f"b{run}-{i}") for i in range(25)]
    jobs = [lambda e=e: services.enrolment_cancel(actor=e.person, enrolment=e) for e in leaving]
    jobs += [lambda p=p: services.enrolment_create(person=p, session=session) for p in newcomers]
    random.Random(run).shuffle(jobs)

    _run_together(jobs)

    enrolments = Enrolment.objects.filter(session=session)
    registered = enrolments.filter(status="registered").count()
    waiting = enrolments.filter(status="waitlisted").count()
    assert enrolments.filter(status="cancelled").count() == 8
    assert registered == 20
    assert waiting == 50 - 8 - 20
    positions = list(enrolments.filter(status="waitlisted").values_list("waitlist_position", flat=True))
    assert len(set(positions)) == len(positions)


def test_session_publish_same_room_at_once_publishes_exactly_one(trudy, trainer_org):
    from django.core.exceptions import ValidationError

    from tests.factories import VenueFactory

    venue = VenueFactory(provider=trainer_org, room_capacity=30)
    drafts = [
        SessionFactory(course__provider=trainer_org, venue=venue, online_url="", status=Session.Status.DRAFT)
        for _ in range(6)
    ]
    refused = []

    def publish(session):
        try:
            services.session_publish(actor=trudy, session=session)
        except ValidationError:
            refused.append(session.pk)

    _run_together([lambda s=s: publish(s) for s in drafts])

    assert Session.objects.filter(status="published").count() == 1
    assert len(refused) == 5
