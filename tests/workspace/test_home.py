"""The home page per role, the role-aware workspace menu, and their query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Question
from proposals.models import Proposal
from tests.factories import proposals as pf
from tests.factories.talent import CourseFactory, EnrolmentFactory, SessionFactory

HOME = reverse("workspace:home")
MY_PROPOSALS = reverse("proposals:my-proposals")
RECEIVED = reverse("proposals:my-scenarios")
QUEUE = reverse("directory:verification-queue")


def _get(client, language="en"):
    return client.get(HOME, HTTP_ACCEPT_LANGUAGE=language)


def test_sign_in_lands_on_the_workspace(client, alice):
    alice.set_password("pw-123456!x")
    alice.save()
    response = client.post(reverse("login"), {"username": "alice", "password": "pw-123456!x"})
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "sections"),
    [
        ("alice", {"home-county"}),
        ("bob", {"home-county"}),
        ("dave", {"home-firm"}),
        ("trudy", {"home-trainer"}),
        ("pat", {"home-province"}),
        ("mallory", {"home-none"}),
    ],
)
def test_each_role_sees_its_own_section(request, client_as, who, sections):
    user = request.getfixturevalue(who)
    html = _get(client_as(user)).content.decode()
    every = {"home-county", "home-firm", "home-trainer", "home-province", "home-none"}
    assert {s for s in every if f'id="{s}"' in html} == sections


def test_a_person_with_several_roles_sees_each(client_as, alice, firm):
    from tests.factories import MembershipFactory

    MembershipFactory(user=alice, organization=firm)
    html = _get(client_as(alice)).content.decode()
    assert 'id="home-county"' in html
    assert 'id="home-firm"' in html
    assert f'href="{MY_PROPOSALS}"' in html
    assert f'href="{RECEIVED}"' in html


@pytest.mark.parametrize(
    ("who", "present", "absent"),
    [
        ("alice", [RECEIVED, reverse("proposals:my-evaluations")], [MY_PROPOSALS, QUEUE]),
        ("dave", [MY_PROPOSALS, reverse("matching:feed")], [RECEIVED, QUEUE]),
        ("pat", [QUEUE, reverse("matching:regionpair-list")], [MY_PROPOSALS, RECEIVED]),
        ("trudy", [reverse("talent:my-learning")], [MY_PROPOSALS, RECEIVED, QUEUE]),
    ],
)
def test_menu_shows_what_the_roles_can_do(request, client_as, who, present, absent):
    user = request.getfixturevalue(who)
    # Any page carries the menu; the scenario list is not a workspace page.
    html = client_as(user).get(reverse("catalog:scenario-list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    menu = html[html.index('id="workspace-menu"') :]
    for url in present:
        assert f'href="{url}"' in menu
    for url in absent:
        assert f'href="{url}"' not in menu
    if who == "alice":
        assert "我的投标" not in menu
    if who == "dave":
        assert "收到的投标" not in menu


def test_county_home_counts_sealed_proposals_without_revealing_them(client_as, alice, county, firm, other_firm):
    scenario = pf.scenario(owner=county, title="智慧养老试点")
    pf.proposal(scenario=scenario, firm=firm)
    pf.proposal(scenario=scenario, firm=other_firm)
    Question.objects.create(scenario=scenario, asker_organization=firm, text="接口标准？")
    response = _get(client_as(alice))
    html = response.content.decode()
    assert "智慧养老试点" in html
    assert "2 sealed proposals" in html
    for bidder in (firm, other_firm):
        assert bidder.name_en not in html
        assert bidder.name_zh not in html
    assert f'href="{reverse("proposals:scenario-proposals", args=[scenario.pk])}"' in html
    assert len(response.context["county"].questions_waiting) == 1
    assert "left" in html  # deadline countdown


def test_firm_home_separates_open_from_closed_and_shows_outcome(client_as, dave, firm, county):
    from proposals.models import Award
    from tests.factories import OrganizationFactory

    closed = pf.scenario(owner=county, status="evaluating", deadline=timezone.now() - dt.timedelta(days=1))
    mine = pf.proposal(scenario=closed, firm=firm)
    award = Award.objects.create(
        scenario=closed, reason="综合得分最高", standstill_until=timezone.now() + dt.timedelta(days=5)
    )
    award.proposals.add(mine)
    lost_scenario = pf.scenario(owner=county, status="evaluating", deadline=timezone.now() - dt.timedelta(days=1))
    lost = pf.proposal(scenario=lost_scenario, firm=firm)
    Award.objects.create(
        scenario=lost_scenario, reason="另一家", standstill_until=timezone.now() + dt.timedelta(days=5)
    ).proposals.add(pf.proposal(scenario=lost_scenario, firm=OrganizationFactory(firm=True)))
    open_one = pf.scenario(owner=county)
    pf.proposal(scenario=open_one, firm=firm)
    response = _get(client_as(dave))
    home = response.context["firm"]
    outcome = {p.pk: (p.decided, p.won) for p in home.proposals}
    assert outcome[mine.pk] == (True, True)
    assert outcome[lost.pk] == (True, False)
    assert [s.pk for s in home.deadlines] == [open_one.pk]
    html = response.content.decode()
    assert reverse("proposals:award-notice", args=[closed.pk]) in html
    assert "not awarded" in html


def test_trainer_home_lists_attendance_to_record_and_completions(client_as, trudy, trainer_org):
    course = CourseFactory(provider=trainer_org, title_zh="数据标注实务")
    past_start = timezone.now() - dt.timedelta(days=2)
    past = SessionFactory(course=course, start=past_start, end=past_start + dt.timedelta(hours=3))
    EnrolmentFactory(session=past)
    upcoming = SessionFactory(course=course, capacity=2)
    EnrolmentFactory(session=upcoming)
    response = _get(client_as(trudy))
    home = response.context["trainer"]
    assert [s.pk for s in home.upcoming] == [upcoming.pk]
    assert [o.session_id for o in home.to_record] == [past.pk]
    assert [s.pk for s in home.to_complete] == [past.pk]
    assert "1 / 2" in response.content.decode()


def test_province_home_lists_queue_and_quiet_counties(client_as, pat, county):
    from tests.factories import OrganizationFactory

    waiting = OrganizationFactory(firm=True, name_zh="待审企业", verification_status="pending")
    pf.scenario(owner=county)  # Kunshan has an open call
    response = _get(client_as(pat), "zh-hans")
    home = response.context["province"]
    assert [o.pk for o in home.awaiting] == [waiting.pk]
    codes = {r.code for r in home.quiet_counties}
    assert "320583" not in codes
    assert "321322" in codes
    assert f'href="{QUEUE}"' in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_county_home_queries_are_flat(client_as, alice, county, firm, django_assert_num_queries, n):
    client = client_as(alice)
    for _ in range(n):
        scenario = pf.scenario(owner=county)
        pf.proposal(scenario=scenario, firm=firm)
        Question.objects.create(scenario=scenario, asker_organization=firm, text="？")
    _get(client)
    # session, user, affiliations (one query for every membership fact), trainer check; owner dashboard
    # (scenarios, evaluations, engagements), questions, evaluations, awards, milestones, adoptable
    with django_assert_num_queries(13):
        response = _get(client)
    assert len(response.context["county"].by_state[0][2]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_firm_home_queries_are_flat(client_as, dave, firm, county, django_assert_num_queries, n):
    client = client_as(dave)
    for _ in range(n):
        pf.proposal(scenario=pf.scenario(owner=county), firm=firm)
    _get(client)
    # session, user, affiliations, trainer check; feed, proposals, answers
    with django_assert_num_queries(8):
        response = _get(client)
    assert len(response.context["firm"].proposals) == n
    assert all(p.status == Proposal.Status.SUBMITTED for p in response.context["firm"].proposals)


@pytest.mark.parametrize("n", [1, 3])
def test_trainer_home_queries_are_flat(client_as, trudy, trainer_org, django_assert_num_queries, n):
    client = client_as(trudy)
    for _ in range(n):
        EnrolmentFactory(session=SessionFactory(course=CourseFactory(provider=trainer_org)))
    _get(client)
    # session, user, affiliations; upcoming, to record, to complete
    with django_assert_num_queries(7):
        response = _get(client)
    assert len(response.context["trainer"].upcoming) == n


@pytest.mark.parametrize("n", [1, 3])
def test_province_home_queries_are_flat(client_as, pat, django_assert_num_queries, n):
    from tests.factories import OrganizationFactory

    client = client_as(pat)
    for _ in range(n):
        OrganizationFactory(firm=True, verification_status="pending")
    _get(client)
    # session, user, affiliations, trainer check; queue, objections, counties
    with django_assert_num_queries(8):
        response = _get(client)
    assert response.context["province"].awaiting_count == n


def test_county_home_calls_proposals_sealed_only_while_the_call_is_open(client_as, alice, county, firm):
    open_call = pf.scenario(owner=county)
    pf.proposal(scenario=open_call, firm=firm)
    closed = pf.scenario(owner=county, status="evaluating", deadline=timezone.now() - dt.timedelta(days=1))
    pf.proposal(scenario=closed, firm=firm)
    html = _get(client_as(alice), language="zh-hans").content.decode()
    assert html.count("1 份密封投标") == 1
    assert "1 份投标" in html
