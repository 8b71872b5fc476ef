"""Talent fixtures on top of the root cast: ``trudy`` runs ``trainer_org`` (a verified provider)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from talent.recurrence import SHANGHAI
from tests.factories import CourseFactory, SessionFactory, VenueFactory

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)  # a Monday


@pytest.fixture(autouse=True)
def english(settings):
    """Assert messages by their English msgids; ``test_translations`` checks the Chinese side."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    """The clock stopped at Monday 2 March 2026, 09:00 Shanghai (time still ticks inside a test: no)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def course(trainer_org, frozen):
    return CourseFactory(provider=trainer_org, title_zh="数据素养", title_en="Data literacy")


@pytest.fixture
def venue(trainer_org):
    return VenueFactory(provider=trainer_org, room_capacity=30)


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    return (NOW + dt.timedelta(days=days)).replace(hour=hour, minute=minute)


@pytest.fixture
def session(course):
    start = at(7, 9)
    return SessionFactory(
        course=course,
        start=start,
        end=start + dt.timedelta(hours=3),
        capacity=2,
        registration_closes=at(6, 18),
    )
