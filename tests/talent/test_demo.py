"""The demo data the issue asks for is there, and seeding twice changes nothing."""

from django.db.models import Count, F

from directory import demo as directory_demo
from talent import demo
from talent.models import Certificate, Course, Enrolment, Exchange, Session


def test_demo_seed_has_what_the_issue_asks_and_is_idempotent(db):
    directory_demo.seed()
    demo.seed()
    demo.seed()

    assert Course.objects.count() == 6
    assert set(Course.objects.values_list("format", flat=True)) == {"in_person", "online", "blended"}
    counties = set(Session.objects.exclude(venue=None).values_list("venue__region_id", flat=True))
    assert len(counties) >= 3
    assert Session.objects.filter(venue=None).exists()
    full = Session.objects.with_seats().filter(registered_count=F("capacity"), waitlisted_count__gt=0)
    assert full.count() == 2
    assert Certificate.objects.count() == 3
    assert Enrolment.objects.filter(status="completed").count() == 3
    south_to_north = Exchange.objects.zone_pair("south", "north")
    assert south_to_north.count() == 3
    assert dict(south_to_north.values_list("status").annotate(n=Count("pk"))) == {
        "completed": 1,
        "in_progress": 1,
        "proposed": 1,
    }
