"""Every role's daily pages in both languages pass axe-core with no critical or serious violation, at 1366 and
390 px (screenshots kept under artifacts/screenshots/)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from catalog.models import Scenario
from proposals import services as proposal_services
from talent import services as talent_services
from talent.models import Enrolment
from tests.browser.test_workspaces import _closed_call, _sign_in, cast  # noqa: F401 - cast is a fixture
from tests.factories import CourseFactory, EnrolmentFactory, OrganizationFactory, SessionFactory, UserFactory
from tests.factories import proposal_factories as pf

pytestmark = pytest.mark.usefixtures("cast")


@pytest.fixture
def world(cast):  # noqa: F811 - the fixture imported above
    scenario, dave, _erin = _closed_call(cast)
    open_call = pf.scenario(owner=cast["county"], title="智慧养老服务试点", status=Scenario.Status.OPEN)
    alice = cast["alice"]
    evaluation = proposal_services.evaluator_assign(scenario=scenario, actor=alice, evaluator=alice)
    OrganizationFactory(firm=True, name_zh="宿迁星河数据服务有限公司", verification_status="pending")
    start = timezone.now() - dt.timedelta(days=2)
    course = CourseFactory(provider=cast["provider"], title_zh="数据标注实务")
    past = SessionFactory(course=course, start=start, end=start + dt.timedelta(hours=3), capacity=5)
    EnrolmentFactory(session=past, status=Enrolment.Status.REGISTERED)
    upcoming = SessionFactory(course=course, start=timezone.now() + dt.timedelta(days=5), capacity=2)
    talent_services.enrolment_create(person=UserFactory(), session=upcoming)
    return {
        "alice": [
            "/workspace/",
            "/county/scenarios/",
            f"/county/scenarios/{scenario.pk}/",
            f"/scenarios/{open_call.pk}/",
            "/evaluations/",
            f"/evaluations/{evaluation.pk}/",
            "/scenarios/new/",
        ],
        "dave": [
            "/workspace/",
            "/proposals/mine/",
            f"/proposals/{dave.pk}/",
            "/scenarios/",
            "/matching/feed/",
            "/matching/subscriptions/",
        ],
        "trudy": [
            "/workspace/",
            f"/talent/courses/{course.pk}/",
            f"/talent/courses/{course.pk}/edit/",
            f"/talent/sessions/{past.pk}/",
            f"/talent/sessions/{past.pk}/roster/",
            f"/talent/sessions/{upcoming.pk}/edit/",
            "/talent/me/",
        ],
        "pat": ["/workspace/", "/organizations/verification/", "/organizations/", "/regions/320583/"],
    }


@pytest.mark.parametrize("role", ["alice", "dave", "trudy", "pat"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_of_a_role_passes_axe(live_page, world, screenshot, axe, role, language):
    page = live_page
    _sign_in(page, role, language="en" if language == "en" else "keep")
    for index, path in enumerate(world[role], start=1):
        page.set_viewport_size({"width": 1366, "height": 900})
        response = page.goto_path(path)
        assert response.status < 400, f"{path}: {response.status}"
        name = f"tour-{role}-{language}-{index:02d}"
        screenshot(f"{name}-1366")
        axe(f"{name}-1366")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(f"{name}-390")
        axe(f"{name}-390")
