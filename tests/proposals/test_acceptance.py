"""Acceptance (验收) that means something: milestones done or waived with a reason, every KPI reported against the
scenario's rows, an acceptance report, the committee's quorum of sign-offs; the replicable case it produces and the
verified deployment; a scenario completes only when its engagements are accepted or terminated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from catalog import services as catalog_services
from catalog.models import Deployment, Scenario, ScenarioKpi
from core.exceptions import StateConflict
from proposals import selectors, services
from proposals.models import Engagement, ReplicableCase
from tests.factories import MembershipFactory, UserFactory
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import AFTER
from tests.proposals.helpers import PDF, complete_evaluation, ready_for_acceptance


@pytest.fixture
def engagement(world, clock, alice) -> Engagement:
    ScenarioKpi.objects.create(scenario=world.scenario, indicator="月会诊量", unit="例", baseline="80", target="≥ 200")
    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [9, 9, 9], world.erin_proposal.pk: [5, 5, 5]})
    award = services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal], reason="第一", standstill=0
    )
    services.award_finalise(award=award, actor=alice)
    engagement = Engagement.objects.get()
    services.engagement_advance(engagement=engagement, actor=alice, to="piloting")
    services.engagement_advance(engagement=engagement, actor=alice, to="deployed")
    return engagement


def _report(engagement, actor, conclusion="passed"):
    return services.acceptance_report_submit(
        engagement=engagement,
        actor=actor,
        conclusion=conclusion,
        summary="达标",
        conditions="三个月内补齐培训" if conclusion == "conditions" else "",
        upload=ContentFile(PDF, name="report.pdf"),
    )


def test_acceptance_with_nothing_done_lists_everything_missing(engagement, alice):
    services.milestone_add(engagement=engagement, actor=alice, title="五个乡镇上线", due_date=dt.date(2026, 12, 20))
    with pytest.raises(StateConflict) as refused:
        services.engagement_advance(engagement=engagement, actor=alice, to="accepted")
    assert refused.value.messages == [
        "The engagement cannot be accepted yet.",
        "Milestones neither done nor waived: 五个乡镇上线.",
        "KPIs without a reported result: 月会诊量.",
        "No acceptance report has been filed.",
        "No acceptance committee has been named.",
    ]
    engagement.refresh_from_db()
    assert (engagement.status, engagement.accepted_at) == ("deployed", None)
    assert not ReplicableCase.objects.exists() and not Deployment.objects.exists()


def test_a_waived_milestone_counts_and_needs_a_reason(engagement, alice, bob, dave):
    milestone = services.milestone_add(
        engagement=engagement, actor=alice, title="电子站牌", due_date=dt.date(2026, 12, 20)
    )
    with pytest.raises(ValidationError) as no_reason:
        services.milestone_waive(milestone=milestone, actor=alice, reason=" ")
    assert no_reason.value.message_dict == {"reason": ["Say why the milestone is waived."]}
    with pytest.raises(PermissionDenied):
        services.milestone_waive(milestone=milestone, actor=dave, reason="企业想跳过")
    services.milestone_waive(milestone=milestone, actor=alice, reason="改由交通局采购")
    milestone.refresh_from_db()
    assert (milestone.is_settled, milestone.waived_reason, milestone.waived_by) == (True, "改由交通局采购", alice)
    assert not any("Milestones" in line for line in services.acceptance_missing(engagement))


def test_kpi_is_reported_against_the_scenario_row(engagement, dave, charlie, other_county):
    kpi = engagement.scenario.kpis.get()
    result = services.kpi_report(engagement=engagement, actor=dave, kpi=kpi, result="260", met=True)
    assert (result.kpi, result.name, result.target, result.result) == (kpi, "月会诊量", "≥ 200例", "260")
    # Reporting again updates the one result of that row.
    services.kpi_report(engagement=engagement, actor=dave, kpi=kpi, result="270", met=True)
    assert list(engagement.kpis.values_list("result", flat=True)) == ["270"]
    foreign = ScenarioKpi.objects.create(scenario=pf.scenario(owner=other_county), indicator="x", target="1")
    with pytest.raises(ValidationError) as refused:
        services.kpi_report(engagement=engagement, actor=dave, kpi=foreign, result="1")
    assert refused.value.message_dict == {"kpi": ["This KPI belongs to another scenario."]}
    with pytest.raises(ValidationError) as empty:
        services.kpi_report(engagement=engagement, actor=dave, kpi=kpi, result="")
    assert empty.value.message_dict == {"result": ["Give the measured result."]}


def test_report_refusals(engagement, alice):
    with pytest.raises(ValidationError) as refused:
        services.acceptance_report_submit(
            engagement=engagement, actor=alice, conclusion="maybe", summary="", upload=None
        )
    assert refused.value.message_dict == {
        "conclusion": ["Choose a conclusion."],
        "summary": ["Summarise the findings of the acceptance."],
        "file": ["Attach the acceptance report."],
    }
    with pytest.raises(ValidationError) as no_conditions:
        services.acceptance_report_submit(
            engagement=engagement,
            actor=alice,
            conclusion="conditions",
            summary="基本达标",
            upload=ContentFile(PDF, name="r.pdf"),
        )
    assert no_conditions.value.message_dict == {"conditions": ["State the conditions."]}
    with pytest.raises(ValidationError) as bad_file:
        services.acceptance_report_submit(
            engagement=engagement,
            actor=alice,
            conclusion="passed",
            summary="达标",
            upload=ContentFile(b"<html>", name="r.pdf"),
        )
    assert list(bad_file.value.message_dict) == ["file"]


def test_committee_is_named_members_of_the_owner_office_with_a_quorum(engagement, alice, bob, dave, charlie):
    with pytest.raises(ValidationError) as stranger:
        services.committee_appoint(engagement=engagement, actor=alice, members=[alice, charlie], quorum=2)
    assert stranger.value.message_dict == {
        "members": ["Only members of Kunshan Data Bureau sit on its acceptance committee (not: Charlie)."]
    }
    with pytest.raises(ValidationError) as too_few:
        services.committee_appoint(engagement=engagement, actor=alice, members=[alice], quorum=2)
    assert too_few.value.message_dict == {"members": ["Name at least 2 members: the committee needs 2 sign-offs."]}
    with pytest.raises(PermissionDenied):
        services.committee_appoint(engagement=engagement, actor=bob, members=[alice, bob])
    seats = services.committee_appoint(engagement=engagement, actor=alice, members=[alice, bob])
    engagement.refresh_from_db()
    assert (sorted(s.member.username for s in seats), engagement.acceptance_quorum) == (["alice", "bob"], 2)


def test_quorum_comes_from_settings_by_default(engagement, alice, bob, county, settings):
    settings.PROPOSALS_ACCEPTANCE_QUORUM = 3
    third = UserFactory(username="carol")
    MembershipFactory(user=third, organization=county, role="editor")
    with pytest.raises(ValidationError, match="Name at least 3 members"):
        services.committee_appoint(engagement=engagement, actor=alice, members=[alice, bob])
    services.committee_appoint(engagement=engagement, actor=alice, members=[alice, bob, third])
    engagement.refresh_from_db()
    assert engagement.acceptance_quorum == 3


def test_signing_rules(engagement, alice, bob, dave, pat):
    services.committee_appoint(engagement=engagement, actor=alice, members=[alice, bob])
    with pytest.raises(StateConflict) as no_report:
        services.acceptance_sign(engagement=engagement, actor=bob)
    assert no_report.value.messages == ["There is no acceptance report to sign yet."]
    for outsider in (dave, pat):
        with pytest.raises(PermissionDenied):
            services.acceptance_sign(engagement=engagement, actor=outsider)
    _report(engagement, alice, "failed")
    with pytest.raises(StateConflict, match="did not pass"):
        services.acceptance_sign(engagement=engagement, actor=bob)
    _report(engagement, alice, "conditions")
    services.acceptance_sign(engagement=engagement, actor=bob, note="同意")
    with pytest.raises(StateConflict) as twice:
        services.acceptance_sign(engagement=engagement, actor=bob)
    assert twice.value.messages == ["You have already signed this acceptance off."]
    assert "1 of the 2 committee sign-offs needed." in services.acceptance_missing(engagement)
    # A new report clears the sign-offs: the committee signs what is on file.
    _report(engagement, alice)
    assert "0 of the 2 committee sign-offs needed." in services.acceptance_missing(engagement)


def test_accepted_pilot_produces_the_replicable_case_and_a_verified_deployment(engagement, alice, bob, world, firm):
    # The firm had typed a deployment for the same county and year: acceptance upgrades it to verified.
    typed = Deployment.objects.create(solution=engagement.solution, county_id="320583", year=2026, note="企业填报")
    other = Deployment.objects.create(solution=engagement.solution, county_id="321322", year=2025)
    ready_for_acceptance(engagement, alice, bob, result="260")
    services.engagement_advance(engagement=engagement, actor=alice, to="accepted", cost=980_000)
    engagement.refresh_from_db()
    case = engagement.replicable_case
    assert (case.title, case.problem, case.cost) == ("昆山远程会诊试点", "乡镇卫生院缺少专科医生。", 980_000)
    assert case.kpis_achieved == [
        {"indicator": "月会诊量", "unit": "例", "baseline": "80", "target": "≥ 200", "result": "260", "met": True}
    ]
    typed.refresh_from_db()
    other.refresh_from_db()
    assert (engagement.deployment, typed.verification, other.verification) == (typed, "verified", "self_declared")
    assert Scenario.objects.get(pk=world.scenario.pk).status == "completed"
    assert selectors.reference_cases_for_scenario(world.scenario)[0].replicable_case == case


def test_cost_must_be_whole_yuan(engagement, alice, bob):
    ready_for_acceptance(engagement, alice, bob)
    with pytest.raises(ValidationError) as refused:
        services.engagement_advance(engagement=engagement, actor=alice, to="accepted", cost=-5)
    assert refused.value.message_dict == {"cost": ["Give the cost as a whole number of yuan."]}
    assert Engagement.objects.get().status == "deployed"


def test_scenario_completes_only_when_every_engagement_has_ended(engagement, alice, world):
    scenario = Scenario.objects.get(pk=world.scenario.pk)
    with pytest.raises(StateConflict) as refused:
        catalog_services.scenario_complete(scenario=scenario, actor=alice)
    assert refused.value.messages == [
        "A scenario completes only when its engagements are accepted or terminated; "
        "still running: Suzhou Yuntu Mobility (deployed)."
    ]
    services.engagement_advance(engagement=engagement, actor=alice, to="terminated", outcome="企业退出")
    scenario.refresh_from_db()
    catalog_services.scenario_complete(scenario=scenario, actor=alice)
    assert Scenario.objects.get(pk=scenario.pk).status == "completed"


def test_the_case_is_public_and_only_the_owner_office_edits_it(engagement, alice, bob, dave, client_as):
    ready_for_acceptance(engagement, alice, bob)
    services.engagement_advance(engagement=engagement, actor=alice, to="accepted")
    case = ReplicableCase.objects.get()
    page = client_as(None).get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "昆山远程会诊试点" in page and "KPIs achieved" in page and "1,234,567" not in page
    with pytest.raises(PermissionDenied):
        services.replicable_case_update(case=case, actor=dave, lessons="x")
    with pytest.raises(PermissionDenied):
        services.replicable_case_update(case=case, actor=bob, lessons="x")  # a viewer reads, does not edit
    with pytest.raises(ValidationError) as empty:
        services.replicable_case_update(case=case, actor=alice, problem="")
    assert empty.value.message_dict == {"problem": ["This part of the case cannot be empty."]}
    services.replicable_case_update(case=case, actor=alice, lessons="培训前置", cost=900_000)
    case.refresh_from_db()
    assert (case.lessons, case.cost) == ("培训前置", 900_000)
    assert client_as(dave).get(f"/cases/{case.pk}/edit/").status_code == 403
    assert client_as(alice).get(f"/cases/{case.pk}/edit/").status_code == 200


# Matrix: role x acceptance action on the owner's engagement.
@pytest.mark.parametrize(
    ("role", "waive", "report_kpi", "file_report", "appoint", "sign"),
    [
        ("alice", True, True, True, True, True),  # owner admin on the committee
        ("bob", False, False, False, False, True),  # owner viewer on the committee
        ("dave", False, True, False, False, False),  # the firm reports results only
        ("erin", False, False, False, False, False),  # a competitor
        ("charlie", False, False, False, False, False),  # another county office
        ("pat", False, False, False, False, False),  # the provincial office reads, does not act
        ("mallory", False, False, False, False, False),
    ],
)
def test_acceptance_permission_matrix(engagement, people, role, waive, report_kpi, file_report, appoint, sign):
    services.committee_appoint(engagement=engagement, actor=people["alice"], members=[people["alice"], people["bob"]])
    user = people[role]
    assert user.has_perm("proposals.manage_engagement", engagement) is waive
    assert user.has_perm("proposals.report_engagement", engagement) is report_kpi
    assert user.has_perm("proposals.manage_engagement", engagement) is file_report
    assert user.has_perm("proposals.manage_engagement", engagement) is appoint
    assert user.has_perm("proposals.sign_acceptance", engagement) is sign


@pytest.fixture
def people(alice, bob, charlie, dave, erin, pat, mallory):
    return {"alice": alice, "bob": bob, "charlie": charlie, "dave": dave, "erin": erin, "pat": pat, "mallory": mallory}


def test_acceptance_through_the_pages(engagement, alice, bob, client_as):
    url = f"/engagements/{engagement.pk}/"
    page = client_as(alice).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No acceptance report has been filed." in page
    kpi = engagement.scenario.kpis.get()
    client_as(alice).post(f"{url}kpis/", {"kpi": kpi.pk, "result": "260", "met": "true"})
    client_as(alice).post(
        f"{url}acceptance/report/",
        {"conclusion": "passed", "summary": "达标", "upload": ContentFile(PDF, name="r.pdf")},
    )
    client_as(alice).post(f"{url}acceptance/committee/", {"members": [alice.pk, bob.pk], "quorum": 2})
    refused = client_as(alice).post(f"{url}advance/", {"to": "accepted"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "0 of the 2 committee sign-offs needed." in refused.content.decode()
    client_as(alice).post(f"{url}acceptance/sign/", {"note": "同意"})
    client_as(bob).post(f"{url}acceptance/sign/", {})
    client_as(alice).post(f"{url}advance/", {"to": "accepted", "cost": "98万"})
    engagement.refresh_from_db()
    assert (engagement.status, engagement.replicable_case.cost) == ("accepted", 980_000)
    report_file = client_as(bob).get(f"{url}acceptance/report/file/")
    assert (report_file.status_code, report_file["Content-Type"]) == (200, "application/pdf")


def test_acceptance_through_the_api(engagement, alice, bob, dave, api_as):
    base = f"/api/v1/engagements/{engagement.pk}/"
    kpi = engagement.scenario.kpis.get()
    refused = api_as(alice).post(f"{base}advance/", {"to": "accepted"}, format="json")
    assert refused.status_code == 409
    assert "No acceptance report has been filed." in str(refused.json())
    reported = api_as(dave).post(f"{base}kpis/", {"kpi": kpi.pk, "result": "260", "met": True}, format="json")
    assert (reported.status_code, reported.json()["kpi"]) == (201, kpi.pk)
    filed = api_as(alice).post(
        f"{base}acceptance-report/",
        {"conclusion": "passed", "summary": "达标", "file": ContentFile(PDF, name="r.pdf")},
        format="multipart",
    )
    assert filed.status_code == 200, filed.json()
    assert filed.json()["acceptance"]["report"]["conclusion"] == "passed"
    assert api_as(dave).post(f"{base}committee/", {"members": [dave.pk]}, format="json").status_code == 403
    named = api_as(alice).post(f"{base}committee/", {"members": [alice.pk, bob.pk], "quorum": 2}, format="json")
    assert [s["member"] for s in named.json()["acceptance"]["committee"]] == [alice.pk, bob.pk]
    assert api_as(dave).post(f"{base}sign/", {}, format="json").status_code == 403
    for member in (alice, bob):
        assert api_as(member).post(f"{base}sign/", {}, format="json").status_code == 200
    accepted = api_as(alice).post(f"{base}advance/", {"to": "accepted", "cost": 980000}, format="json")
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")
    case_id = accepted.json()["replicable_case"]
    public = api_as(None).get(f"/api/v1/replicable-cases/{case_id}/")
    assert (public.status_code, public.json()["cost"], public.json()["kpis_achieved"][0]["result"]) == (
        200,
        980000,
        "260",
    )
    solution = api_as(None).get(f"/api/v1/solutions/{engagement.solution_id}/").json()
    assert [d["verification"] for d in solution["deployments"]] == ["verified"]


def test_a_free_text_result_named_like_a_kpi_row_leaves_the_counted_result_alone(engagement, alice, dave, api_as):
    """A firm's free-text result that happens to carry the name of one of the scenario's KPI rows is recorded on
    its own; the result reported against the row (the one acceptance counts) keeps its value."""
    base = f"/api/v1/engagements/{engagement.pk}/"
    kpi = engagement.scenario.kpis.get()
    api_as(dave).post(f"{base}kpis/", {"kpi": kpi.pk, "result": "260", "met": True}, format="json")
    free_text = api_as(dave).post(
        f"{base}kpis/", {"name": kpi.indicator, "target": "自定", "result": ""}, format="json"
    )
    assert (free_text.status_code, free_text.json()["kpi"], free_text.json()["result"]) == (201, None, "")
    shown = api_as(dave).get(base).json()
    assert [(row["kpi"], row["name"], row["result"], row["met"]) for row in shown["kpis"]] == [
        (kpi.pk, kpi.indicator, "260", True),
        (None, kpi.indicator, "", None),
    ]
    assert not [m for m in shown["acceptance"]["missing"] if kpi.indicator in m]


def test_an_ended_engagement_takes_no_more_lessons_or_results_through_the_api(engagement, alice, dave, api_as):
    """Once the owner office ends the pilot, its record stays as it was: the API refuses lessons, outcome and a
    free-text KPI result as it refuses a result against a KPI row (the page shows none of these forms)."""
    services.engagement_advance(engagement=engagement, actor=alice, to="terminated", outcome="县里终止试点")
    base = f"/api/v1/engagements/{engagement.pk}/"
    kpi = engagement.scenario.kpis.get()
    ended = {"detail": "This engagement has ended."}
    structured = api_as(dave).post(f"{base}kpis/", {"kpi": kpi.pk, "result": "260"}, format="json")
    assert (structured.status_code, structured.json()) == (409, ended)
    free_text = api_as(dave).post(f"{base}kpis/", {"name": "会诊量", "target": "200", "result": "260"}, format="json")
    assert (free_text.status_code, free_text.json()) == (409, ended)
    report = api_as(dave).post(f"{base}report/", {"outcome": "企业改写的结论", "lessons": "x"}, format="json")
    assert (report.status_code, report.json()) == (409, ended)
    shown = api_as(alice).get(base).json()
    assert (shown["outcome"], shown["lessons"], shown["kpis"]) == ("县里终止试点", "", [])


def test_an_ended_engagement_takes_no_more_lessons_through_a_stale_page(engagement, alice, dave, client_as):
    """The firm posts from a page loaded before the office ended the pilot: nothing is saved, and the page it gets
    back says why (the lessons form is no longer on it to carry the error)."""
    page = f"/engagements/{engagement.pk}/"
    services.engagement_advance(engagement=engagement, actor=alice, to="terminated", outcome="县里终止试点")
    answer = client_as(dave).post(
        f"{page}report/", {"lessons": "x", "outcome": "企业改写的结论"}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "This engagement has ended." in answer.content.decode()
    engagement.refresh_from_db()
    assert (engagement.outcome, engagement.lessons) == ("县里终止试点", "")


def test_a_stale_kpi_result_on_an_ended_engagement_is_refused_in_zh_hans(engagement, alice, dave, client_as):
    page = f"/engagements/{engagement.pk}/"
    kpi = engagement.scenario.kpis.get()
    services.engagement_advance(engagement=engagement, actor=alice, to="terminated", outcome="县里终止试点")
    answer = client_as(dave).post(
        f"{page}kpis/", {"kpi": kpi.pk, "result": "260", "met": "true"}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True
    )
    assert "该项目已结束。" in answer.content.decode()
    assert not engagement.kpis.exists()


# ---------------------------------------------------------------- notifications of the committee


def _notes(kind: str) -> list[tuple[str, str]]:
    from core.models import Notification

    return [(n.user.username, n.code) for n in Notification.objects.filter(kind=kind).order_by("user__username", "id")]


def test_members_are_asked_to_sign_off_and_the_office_hears_of_the_quorum(engagement, alice, bob, county, dave):
    from django.utils import translation

    from core.models import Notification
    from core.notification_text import render

    carol = UserFactory(username="carol")
    MembershipFactory(user=carol, organization=county, role="editor")
    services.committee_appoint(engagement=engagement, actor=alice, members=[alice, bob], quorum=2)
    assert _notes("acceptance_signoff") == [("alice", "proposals.signoff_asked"), ("bob", "proposals.signoff_asked")]
    asked = Notification.objects.get(kind="acceptance_signoff", user=bob)
    assert asked.url == f"/engagements/{engagement.pk}/#acceptance-h"
    with translation.override("en"):
        assert render(asked.code, asked.params) == (
            "Sign off the acceptance of “昆山远程会诊试点”",
            "You sit on the acceptance committee of Suzhou Yuntu Mobility's pilot; 2 sign-off(s) are needed. Read "
            "the acceptance report, then sign it off on the engagement's page.",
        )
    with translation.override("zh-hans"):
        assert render(asked.code, asked.params)[0] == "请签署“昆山远程会诊试点”的验收意见"
    # Re-appointing asks only the newcomer.
    services.committee_appoint(engagement=engagement, actor=alice, members=[alice, bob, carol], quorum=2)
    assert _notes("acceptance_signoff")[-1] == ("carol", "proposals.signoff_asked")
    assert len(_notes("acceptance_signoff")) == 3
    _report(engagement, alice)
    services.acceptance_sign(engagement=engagement, actor=alice)
    assert _notes("acceptance_quorum") == []  # 1 of 2
    services.acceptance_sign(engagement=engagement, actor=bob)
    # The whole owner office hears it once (the firm does not: the committee is the office's own business).
    assert _notes("acceptance_quorum") == [
        ("alice", "proposals.quorum_reached"),
        ("bob", "proposals.quorum_reached"),
        ("carol", "proposals.quorum_reached"),
    ]
    reached = Notification.objects.get(kind="acceptance_quorum", user=alice)
    with translation.override("en"):
        assert render(reached.code, reached.params)[1].startswith(
            "2 of the 2 sign-offs needed are in for Suzhou Yuntu Mobility's pilot."
        )
    services.acceptance_sign(engagement=engagement, actor=carol)  # beyond the quorum: no second announcement
    assert len(_notes("acceptance_quorum")) == 3
    assert not Notification.objects.filter(user=dave, kind__startswith="acceptance").exists()


def test_a_new_report_asks_the_signers_again(engagement, alice, bob):
    services.committee_appoint(engagement=engagement, actor=alice, members=[alice, bob], quorum=2)
    _report(engagement, alice)
    services.acceptance_sign(engagement=engagement, actor=bob)
    _report(engagement, alice, "conditions")
    assert _notes("acceptance_signoff")[-1] == ("bob", "proposals.signoff_asked_again")
    assert [code for user, code in _notes("acceptance_signoff") if user == "alice"] == ["proposals.signoff_asked"]


def test_lowering_the_quorum_to_the_signatures_in_announces_it(engagement, alice, bob):
    services.committee_appoint(engagement=engagement, actor=alice, members=[alice, bob], quorum=2)
    _report(engagement, alice)
    services.acceptance_sign(engagement=engagement, actor=alice)
    services.committee_appoint(engagement=engagement, actor=alice, members=[alice, bob], quorum=1)
    assert _notes("acceptance_quorum") == [("alice", "proposals.quorum_reached"), ("bob", "proposals.quorum_reached")]
