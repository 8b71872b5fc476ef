"""Creating and publishing sessions: bad input and the blocking conflict check."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from talent import services
from talent.models import Session
from tests.factories import CourseFactory, MembershipFactory, UserFactory, VenueFactory
from tests.talent.conftest import at


def _create(actor, course, **overrides):
    fields = {
        "start": at(7, 9),
        "end": at(7, 12),
        "online_url": "https://meeting.example.com/a",
        "capacity": 20,
        "registration_closes": at(6, 18),
    }
    fields.update(overrides)
    return services.session_create(actor=actor, course=course, **fields)


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"end": at(7, 8)}, {"end": ["The session must end after it starts."]}),
        (
            {"start": at(-1, 9), "end": at(-1, 10), "registration_closes": at(-2, 9)},
            {"start": ["A new session cannot start in the past."]},
        ),
        ({"capacity": 0}, {"capacity": ["Capacity must be at least 1."]}),
        ({"online_url": ""}, {"venue": ["Give a venue or an online link."]}),
        (
            {"registration_closes": at(8, 9)},
            {"registration_closes": ["Registration must close before the session starts."]},
        ),
    ],
)
def test_session_create_bad_input_is_refused(trudy, course, overrides, errors):
    with pytest.raises(ValidationError) as error:
        _create(trudy, course, **overrides)
    assert error.value.message_dict == errors
    assert not Session.objects.exists()


def test_session_create_naive_datetime_is_refused(trudy, course):
    with pytest.raises(ValidationError, match="time zone"):
        _create(trudy, course, start=dt.datetime(2026, 3, 9, 9), end=dt.datetime(2026, 3, 9, 10))  # noqa: DTZ001 - naive on purpose


def test_session_create_by_viewer_of_provider_is_forbidden(trainer_org, course):
    viewer = UserFactory(username="viewer")
    MembershipFactory(user=viewer, organization=trainer_org, role="viewer")
    with pytest.raises(PermissionDenied):
        _create(viewer, course)


def test_session_create_trainer_outside_the_provider_is_refused(trudy, course, charlie):
    with pytest.raises(ValidationError) as error:
        _create(trudy, course, trainers=[charlie])
    assert error.value.message_dict == {"trainers": ["Choose the trainers among the provider's members."]}
    assert not Session.objects.exists()


def test_session_create_by_other_org_admin_is_forbidden(charlie, course):
    with pytest.raises(PermissionDenied):
        _create(charlie, course)


def test_session_publish_capacity_above_room_is_blocked(trudy, course, venue):
    session = _create(trudy, course, venue=venue, online_url="", capacity=31)
    with pytest.raises(ValidationError) as error:
        services.session_publish(actor=trudy, session=session)
    assert error.value.messages == ["Capacity 31 is above the room's 30 seats."]
    session.refresh_from_db()
    assert session.status == "draft"


def test_session_publish_room_double_booked_is_blocked(trudy, course, venue):
    first = _create(trudy, course, venue=venue, online_url="", publish=True)
    other_course = CourseFactory(provider=course.provider, title_zh="云计算", title_en="Cloud")
    second = _create(trudy, other_course, venue=venue, online_url="", start=at(7, 11), end=at(7, 13))

    assert first.status == "published"
    conflicts = services.session_conflicts(session=second)
    assert [(c.kind, c.message) for c in conflicts] == [
        ("room", f"Room {venue.name} is booked for “Data literacy” at 2026-03-09 09:00.")
    ]
    with pytest.raises(ValidationError):
        services.session_publish(actor=trudy, session=second)


def test_session_publish_trainer_in_two_places_is_blocked(trudy, course, venue, trainer_org):
    teacher = UserFactory(username="teacher", display_name="王老师")
    MembershipFactory(user=teacher, organization=trainer_org, role="viewer")
    _create(trudy, course, trainers=[teacher], publish=True)
    elsewhere = VenueFactory(provider=trainer_org, name="江阴教室", room_capacity=30)
    second = _create(trudy, course, venue=elsewhere, online_url="", trainers=[teacher], start=at(7, 10), end=at(7, 11))

    with pytest.raises(ValidationError) as error:
        services.session_publish(actor=trudy, session=second)
    assert error.value.messages == ["Trainer 王老师 already teaches “Data literacy” at 2026-03-09 09:00."]


def test_session_publish_back_to_back_is_not_a_conflict(trudy, course, venue):
    _create(trudy, course, venue=venue, online_url="", publish=True)
    second = _create(trudy, course, venue=venue, online_url="", start=at(7, 12), end=at(7, 14))
    assert services.session_publish(actor=trudy, session=second).status == "published"


def test_session_publish_conflict_with_cancelled_occurrence_is_ignored(trudy, course, venue):
    first = _create(trudy, course, venue=venue, online_url="", publish=True)
    services.occurrence_cancel(actor=trudy, occurrence=first.occurrences.get())
    second = _create(trudy, course, venue=venue, online_url="")
    assert services.session_publish(actor=trudy, session=second).status == "published"


@pytest.mark.parametrize("weeks", [2, 20])
def test_session_conflicts_query_count_is_flat_in_series_length(
    trudy, course, venue, trainer_org, weeks, django_assert_num_queries
):
    teacher = UserFactory(username="teacher")
    MembershipFactory(user=teacher, organization=trainer_org, role="viewer")
    _create(
        trudy,
        course,
        venue=venue,
        online_url="",
        trainers=[teacher],
        repeat_weekdays="0",
        repeat_count=weeks,
        publish=True,
    )
    second = _create(
        trudy, course, venue=venue, online_url="", trainers=[teacher], repeat_weekdays="0", repeat_count=weeks
    )
    second = Session.objects.select_related("venue").get(pk=second.pk)
    with django_assert_num_queries(4):
        conflicts = services.session_conflicts(session=second)
    assert [c.kind for c in conflicts] == ["trainer", "room"] * weeks
