"""Training hours per year and the skills profile; who may see and export them."""

import datetime as dt

import pytest

from talent import selectors, services
from talent.models import Attendance, CourseSkill, Enrolment
from tests.factories import CourseFactory, EnrolmentFactory, SessionFactory, skill
from tests.talent.conftest import at


def _completed(person, course, start, hours=2):
    """A completed one-date session of ``hours`` hours that the person attended."""
    session = SessionFactory(
        course=course,
        start=start,
        end=start + dt.timedelta(hours=hours),
        registration_closes=start - dt.timedelta(days=1),
    )
    enrolment = EnrolmentFactory(session=session, person=person, status=Enrolment.Status.COMPLETED, completed_at=start)
    Attendance.objects.create(enrolment=enrolment, occurrence=session.occurrences.get(), status="present")
    return services.certificate_issue(enrolment=enrolment)


@pytest.fixture
def record(bob, trainer_org, frozen):
    basic = CourseFactory(provider=trainer_org, title_zh="基础", title_en="Basics", planned_hours=12)
    advanced = CourseFactory(provider=trainer_org, title_zh="进阶", title_en="Advanced", planned_hours=20)
    CourseSkill.objects.filter(course=advanced).update(level="5")
    CourseSkill.objects.create(course=advanced, skill=skill("det-ai"), level="intermediate")
    first = _completed(bob, basic, at(-400, 9), hours=3)  # 2025
    second = _completed(bob, advanced, at(-30, 9), hours=6)  # 2026
    third = _completed(bob, CourseFactory(provider=trainer_org, planned_hours=4), at(-20, 9), hours=2)  # 2026
    # Not completed: does not count.
    EnrolmentFactory(session=SessionFactory(course=basic), person=bob, status=Enrolment.Status.NOT_COMPLETED)
    return first, second, third


def test_ledger_hours_by_year_are_attended_hours_not_planned(record, bob):
    assert selectors.hours_by_year(person=bob) == [
        {"year": 2026, "hours": 8, "courses": 2, "exchanges": 0},
        {"year": 2025, "hours": 3, "courses": 1, "exchanges": 0},
    ]


def test_skills_profile_keeps_highest_level_with_evidence(record, bob):
    _first, second, _third = record
    profile = selectors.skills_profile(person=bob)
    assert [(e.skill.code, e.level, e.course_title, e.certificate_code) for e in profile] == [
        ("det-ai", "intermediate", "Advanced", second.code),
        ("digcomp-1.1", "5", "Advanced", second.code),
    ]


def test_skills_profile_ignores_revoked_certificates(record, bob, trudy):
    _first, second, _third = record
    services.certificate_revoke(actor=trudy, certificate=second, reason="error")
    assert [(e.skill.code, e.level) for e in selectors.skills_profile(person=bob)] == [("digcomp-1.1", "3")]


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("bob", 200), ("alice", 200), ("pat", 200), ("charlie", 404), ("mallory", 404), ("trudy", 404)],
)
def test_person_record_permissions(
    request, client_as, record, bob, viewer, status, alice, pat, charlie, mallory, trudy
):
    client = client_as(request.getfixturevalue(viewer))
    assert client.get(f"/talent/people/{bob.pk}/").status_code == status
    assert client.get(f"/talent/people/{bob.pk}/record.csv").status_code == status


def test_person_record_csv(client_as, record, bob, alice):
    _first, second, _third = record
    content = client_as(alice).get(f"/talent/people/{bob.pk}/record.csv").content.decode("utf-8-sig")
    assert content.splitlines() == [
        "section,year,hours,courses,exchanges,skill_code,skill,level,course,certificate",
        "hours,2026,8.00,2,0,,,,,",
        "hours,2025,3.00,1,0,,,,,",
        f"skill,,,,,det-ai,人工智能工程技术人员,intermediate,Advanced,{second.code}",
        f"skill,,,,,digcomp-1.1,浏览、搜索和筛选数据、信息与数字内容,5,Advanced,{second.code}",
    ]


def test_my_learning_lists_people_for_org_admin(client_as, alice, bob, charlie):
    people = client_as(alice).get("/talent/me/").context["people"]
    assert [p.username for p in people] == ["bob"]
    assert list(client_as(bob).get("/talent/me/").context["people"]) == []
