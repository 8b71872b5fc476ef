import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from catalog import services
from catalog.models import Scenario, ScenarioRevision, ScenarioTransition, UnmappedTag
from tests.factories import QuestionFactory, ScenarioFactory, domain, region

S = Scenario.Status
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _create(actor, office, **overrides):
    fields = {
        "title": "城乡公交智能调度",
        "summary": "按客流动态排班",
        "problem_statement": "高峰运力紧张，平峰空驶率高。",
        "domain": domain("transport"),
        "budget_min": 800_000,
        "budget_max": 2_000_000,
        "deadline": timezone.now() + dt.timedelta(days=20),
    }
    fields.update(overrides)
    criteria = fields.pop("criteria", [("技术方案", 50), ("价格", 30), ("本地服务", 20)])
    kpis = fields.pop("kpis", [{"indicator": "高峰候车时间", "unit": "分钟", "target": "≤ 10"}])
    return services.scenario_create(actor=actor, owner=office, criteria=criteria, kpis=kpis, **fields)


def test_scenario_create_defaults_to_the_office_county_and_draft(alice, county):
    scenario = _create(alice, county)
    assert scenario.status == S.DRAFT
    assert scenario.county_id == "320583"
    assert scenario.published_at is None
    assert [(c.name, c.weight) for c in scenario.criteria.all()] == [("技术方案", 50), ("价格", 30), ("本地服务", 20)]


def test_scenario_create_maps_tags_and_keeps_unmapped_ones(alice, county):
    scenario = _create(alice, county, tags=["公交调度", "互联网医院", "完全陌生的词"])
    assert sorted(scenario.capabilities.values_list("code", flat=True)) == ["bus_dispatch", "telemedicine"]
    assert scenario.tags == ["公交调度", "互联网医院", "完全陌生的词"]
    unmapped = UnmappedTag.objects.get()
    assert (unmapped.text, unmapped.count, unmapped.example_scenario_id) == ("完全陌生的词", 1, scenario.pk)
    _create(alice, county, tags=["完全陌生的词"])
    assert UnmappedTag.objects.get().count == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"budget_min": -1}, "budget_min"),
        ({"budget_min": 3_000_000, "budget_max": 1_000_000}, "budget_max"),
        ({"criteria": [("技术", 50), ("价格", 40)]}, "criteria"),
        ({"county": "320100"}, "county"),
        ({"county": "321322"}, "county"),
        ({"title": "   "}, "title"),
    ],
)
def test_scenario_create_rejects_bad_input_and_saves_nothing(alice, county, overrides, field):
    if "county" in overrides:
        overrides["county"] = region(overrides["county"])
    with pytest.raises(ValidationError) as info:
        _create(alice, county, **overrides)
    assert field in info.value.message_dict
    assert Scenario.objects.count() == 0


def test_scenario_create_by_viewer_or_firm_is_denied(bob, dave, county, firm):
    with pytest.raises(PermissionDenied):
        _create(bob, county)
    with pytest.raises(PermissionDenied):
        _create(dave, firm)
    assert Scenario.objects.count() == 0


def test_provincial_office_may_post_for_any_county(pat, province):
    scenario = _create(pat, province, county=region("321322"))
    assert (scenario.owner_id, scenario.county_id) == (province.pk, "321322")


def test_publish_needs_future_deadline_problem_and_budget(alice, county):
    scenario = _create(alice, county, problem_statement="", budget_max=None, budget_min=None, deadline=None)
    with pytest.raises(ValidationError) as info:
        services.scenario_publish(scenario=scenario, actor=alice)
    assert set(info.value.message_dict) == {"problem_statement", "deadline", "budget_max"}
    scenario.refresh_from_db()
    assert scenario.status == S.DRAFT
    assert not ScenarioTransition.objects.exists()


def test_publish_with_past_deadline_is_refused(alice, county):
    with time_machine.travel(NOW, tick=False):
        scenario = _create(alice, county, deadline=NOW + dt.timedelta(days=1))
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False), pytest.raises(ValidationError) as info:
        services.scenario_publish(scenario=scenario, actor=alice)
    assert info.value.message_dict["deadline"] == ["The submission deadline must be in the future."]


def test_publish_records_who_when_why(alice, county):
    scenario = _create(alice, county)
    with time_machine.travel(NOW, tick=False):
        scenario.deadline = NOW + dt.timedelta(days=10)
        scenario.save()
        services.scenario_publish(scenario=scenario, actor=alice, reason="局务会通过")
    scenario.refresh_from_db()
    assert scenario.status == S.OPEN
    assert scenario.published_at == NOW
    t = ScenarioTransition.objects.get()
    assert (t.from_status, t.to_status, t.actor, t.at, t.reason) == ("draft", "open", alice, NOW, "局务会通过")


def test_full_lifecycle_and_cancel_rules(alice, county):
    scenario = ScenarioFactory(owner=county)
    services.scenario_publish(scenario=scenario, actor=alice)
    services.scenario_close(scenario=scenario, actor=alice)
    services.scenario_award(scenario=scenario, actor=alice)
    services.scenario_start_pilot(scenario=scenario, actor=alice)
    services.scenario_complete(scenario=scenario, actor=alice)
    assert list(ScenarioTransition.objects.values_list("to_status", flat=True)) == [
        "open",
        "evaluating",
        "awarded",
        "piloting",
        "completed",
    ]
    with pytest.raises(ValidationError):
        services.scenario_cancel(scenario=scenario, actor=alice, reason="太晚了")


def test_cancel_needs_a_reason(alice, county):
    scenario = ScenarioFactory(owner=county, status=S.OPEN)
    with pytest.raises(ValidationError) as info:
        services.scenario_cancel(scenario=scenario, actor=alice, reason="  ")
    assert "reason" in info.value.message_dict
    services.scenario_cancel(scenario=scenario, actor=alice, reason="预算调整")
    scenario.refresh_from_db()
    assert scenario.status == S.CANCELLED


def test_award_from_draft_is_refused(alice, county):
    scenario = ScenarioFactory(owner=county)
    with pytest.raises(ValidationError):
        services.scenario_award(scenario=scenario, actor=alice)


def test_transitions_by_other_county_viewer_or_province_are_denied(bob, charlie, pat, county):
    scenario = ScenarioFactory(owner=county)
    for user in (bob, charlie, pat):
        with pytest.raises(PermissionDenied):
            services.scenario_publish(scenario=scenario, actor=user)
    scenario.refresh_from_db()
    assert scenario.status == S.DRAFT


def test_reading_never_shows_open_after_the_deadline(alice, county):
    with time_machine.travel(NOW, tick=False):
        scenario = ScenarioFactory(owner=county, status=S.OPEN, deadline=NOW + dt.timedelta(hours=1))
        assert Scenario.objects.with_state().get(pk=scenario.pk).state == "open"
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        assert Scenario.objects.with_state().get(pk=scenario.pk).state == "evaluating"
        assert Scenario.objects.get(pk=scenario.pk).effective_status == "evaluating"
        assert Scenario.objects.get(pk=scenario.pk).status == "open"  # not yet persisted
        call_command("close_expired_scenarios", stdout=io.StringIO())
    scenario.refresh_from_db()
    assert scenario.status == "evaluating"
    t = ScenarioTransition.objects.get()
    assert (t.from_status, t.to_status, t.actor, t.reason) == ("open", "evaluating", None, "deadline passed")
    assert services.scenarios_close_expired() == 0  # idempotent


def test_award_after_deadline_first_records_the_automatic_close(alice, county):
    with time_machine.travel(NOW, tick=False):
        scenario = ScenarioFactory(owner=county, status=S.OPEN, deadline=NOW + dt.timedelta(hours=1))
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        services.scenario_award(scenario=scenario, actor=alice)
    assert list(ScenarioTransition.objects.values_list("from_status", "to_status", "actor")) == [
        ("open", "evaluating", None),
        ("evaluating", "awarded", alice.pk),
    ]


def test_update_keeps_a_revision_of_changed_fields(alice, county):
    scenario = ScenarioFactory(owner=county, title="旧标题", capabilities=["telemedicine"])
    services.scenario_update(
        scenario=scenario, actor=alice, title="新标题", capabilities=["telemedicine", "teleradiology"]
    )
    revision = ScenarioRevision.objects.get()
    assert revision.actor == alice
    assert revision.changes == {
        "title": ["旧标题", "新标题"],
        "capabilities": [["telemedicine"], ["telemedicine", "teleradiology"]],
    }
    services.scenario_update(scenario=scenario, actor=alice, title="新标题")
    assert ScenarioRevision.objects.count() == 1  # nothing changed, nothing recorded


def test_deadline_cannot_move_backwards_once_questions_exist(alice, county):
    scenario = ScenarioFactory(owner=county, status=S.OPEN)
    earlier = scenario.deadline - dt.timedelta(days=5)
    services.scenario_update(scenario=scenario, actor=alice, deadline=earlier)  # no questions yet: fine
    QuestionFactory(scenario=scenario)
    with pytest.raises(ValidationError) as info:
        services.scenario_update(scenario=scenario, actor=alice, deadline=earlier - dt.timedelta(days=1))
    assert "deadline" in info.value.message_dict
    scenario.refresh_from_db()
    assert scenario.deadline == earlier
    services.scenario_update(scenario=scenario, actor=alice, deadline=earlier + dt.timedelta(days=3))


def test_editing_an_awarded_scenario_is_refused(alice, county):
    scenario = ScenarioFactory(owner=county, status=S.AWARDED)
    with pytest.raises(ValidationError):
        services.scenario_update(scenario=scenario, actor=alice, title="改")


def test_delete_only_never_published_drafts_by_admins(alice, county_editor, county):
    draft = ScenarioFactory(owner=county)
    with pytest.raises(PermissionDenied):
        services.scenario_delete(scenario=draft, actor=county_editor)
    services.scenario_delete(scenario=draft, actor=alice)
    assert not Scenario.objects.filter(pk=draft.pk).exists()
    published = ScenarioFactory(owner=county, status=S.OPEN)
    with pytest.raises(ValidationError):
        services.scenario_delete(scenario=published, actor=alice)


def test_adopt_makes_a_linked_draft_for_the_adopters_county(charlie, other_county, county):
    source = ScenarioFactory(owner=county, status=S.OPEN, replicable=True, capabilities=["telemedicine"])
    copy = services.scenario_adopt(source=source, actor=charlie, office=other_county)
    assert (copy.status, copy.owner, copy.county_id, copy.replicated_from) == ("draft", other_county, "321322", source)
    assert copy.deadline is None
    assert list(copy.capabilities.values_list("code", flat=True)) == ["telemedicine"]
    assert [(c.name, c.weight) for c in copy.criteria.all()] == [("技术方案", 60), ("价格", 40)]
    from catalog.selectors import scenario_family

    assert [s.pk for s in scenario_family(scenario=copy)] == [source.pk, copy.pk]


def test_adopt_refuses_non_replicable_drafts_and_own(alice, charlie, county, other_county):
    with pytest.raises(ValidationError):
        services.scenario_adopt(source=ScenarioFactory(owner=county, status=S.OPEN), actor=charlie, office=other_county)
    with pytest.raises(PermissionDenied):
        services.scenario_adopt(
            source=ScenarioFactory(owner=county, replicable=True), actor=charlie, office=other_county
        )
    with pytest.raises(ValidationError):
        services.scenario_adopt(
            source=ScenarioFactory(owner=county, status=S.OPEN, replicable=True), actor=alice, office=county
        )


def test_question_ask_and_answer_with_extension(dave, alice, bob, county, firm):
    with time_machine.travel(NOW, tick=False):
        scenario = ScenarioFactory(owner=county, status=S.OPEN, deadline=NOW + dt.timedelta(days=2))
        question = services.question_ask(scenario=scenario, actor=dave, text="  接口标准？ ")
        assert (question.text, question.asker_organization) == ("接口标准？", firm)
        assert services.deadline_extension_offered(scenario)
        with pytest.raises(PermissionDenied):
            services.question_answer(question=question, actor=bob, answer="x")
        services.question_answer(
            question=question, actor=alice, answer="采用国标。", extend_deadline_to=NOW + dt.timedelta(days=9)
        )
    scenario.refresh_from_db()
    assert scenario.deadline == NOW + dt.timedelta(days=9)
    question.refresh_from_db()
    assert (question.answer, question.answered_by) == ("采用国标。", alice)


def test_question_by_county_user_or_on_closed_scenario_is_refused(charlie, dave, county):
    scenario = ScenarioFactory(owner=county, status=S.OPEN)
    with pytest.raises(PermissionDenied):
        services.question_ask(scenario=scenario, actor=charlie, text="?")
    closed = ScenarioFactory(owner=county, status=S.EVALUATING)
    with pytest.raises(ValidationError):
        services.question_ask(scenario=closed, actor=dave, text="?")


def _solution(actor, firm, **overrides):
    fields = {"title": "智能公交调度平台", "summary": "客流驱动排班", "maturity": "deployed", **overrides}
    return services.solution_create(actor=actor, owner=firm, domains=[domain("transport")], **fields)


def _codes(entry):
    return sorted(entry.capabilities.values_list("code", flat=True))


@pytest.mark.parametrize("kind", ["scenario", "solution"])
@pytest.mark.parametrize("capabilities_given", [True, False], ids=["page-form", "api-patch-of-tags"])
def test_editing_tags_links_the_capabilities_the_new_tags_name(alice, county, dave, firm, kind, capabilities_given):
    """The page form sends the chosen capabilities with the tags, an API PATCH may send the tags alone: either way
    a tag added while editing is read like one typed at creation (its capability linked, an unknown one counted
    for the curators), and the capabilities the entry had stay."""
    if kind == "scenario":
        entry, update = _create(alice, county, tags=["公交调度"]), services.scenario_update
        edit = {"scenario": entry, "actor": alice}
    else:
        entry, update = _solution(dave, firm, tags=["公交调度"]), services.solution_update
        edit = {"solution": entry, "actor": dave}
    assert _codes(entry) == ["bus_dispatch"]
    if capabilities_given:
        edit["capabilities"] = list(entry.capabilities.all())
    entry = update(**edit, tags=["公交调度", "互联网医院", "从未见过的新词"])
    assert _codes(entry) == ["bus_dispatch", "telemedicine"]
    unmapped = UnmappedTag.objects.get()
    assert (unmapped.text, unmapped.count) == ("从未见过的新词", 1)
    # Saving again with the same tags (the form now shows both capabilities chosen) neither counts them again
    # nor drops what they name.
    if capabilities_given:
        edit["capabilities"] = list(entry.capabilities.all())
    edit[kind] = entry
    entry = update(**edit, tags=["公交调度", "互联网医院", "从未见过的新词"])
    assert _codes(entry) == ["bus_dispatch", "telemedicine"]
    assert UnmappedTag.objects.get().count == 1


@pytest.mark.parametrize("kind", ["scenario", "solution"])
def test_editing_other_fields_keeps_the_capabilities(alice, county, dave, firm, kind):
    if kind == "scenario":
        entry = _create(alice, county, tags=["公交调度"])
        entry = services.scenario_update(scenario=entry, actor=alice, title="城乡公交智能调度（二期）")
    else:
        entry = _solution(dave, firm, tags=["公交调度"])
        entry = services.solution_update(solution=entry, actor=dave, title="智能公交调度平台 2.0")
    assert _codes(entry) == ["bus_dispatch"]


def test_a_tag_added_through_the_api_makes_the_solution_findable_by_its_capability(api_as, dave, firm):
    solution = _solution(dave, firm, tags=["公交调度"])
    services.solution_publish(solution=solution, actor=dave)
    found = api_as(None).get("/api/v1/solutions/", {"capability": "telemedicine"}).json()
    assert found["count"] == 0
    response = api_as(dave).patch(
        f"/api/v1/solutions/{solution.pk}/", {"tags": ["公交调度", "互联网医院"]}, format="json"
    )
    assert response.status_code == 200
    assert sorted(response.json()["capabilities"]) == ["bus_dispatch", "telemedicine"]
    found = api_as(None).get("/api/v1/solutions/", {"capability": "telemedicine"}).json()
    assert [row["id"] for row in found["results"]] == [solution.pk]


@pytest.mark.parametrize("kind", ["scenario", "solution"])
def test_an_api_patch_that_moves_an_entry_to_another_owner_is_refused(
    api_as, alice, county, other_county, dave, firm, other_firm, kind
):
    """Neither a scenario nor a solution changes hands through an edit: the API says so (400 on ``owner``) instead
    of answering 200 and leaving the owner as it was."""
    if kind == "scenario":
        entry, actor, owner, other = _create(alice, county), alice, county, other_county
    else:
        entry, actor, owner, other = _solution(dave, firm), dave, firm, other_firm
    url = f"/api/v1/{kind}s/{entry.pk}/"
    response = api_as(actor).patch(url, {"owner": other.pk, "title": "改名"}, format="json")
    assert response.status_code == 400
    assert response.json()["owner"] == [f"The owner of a {kind} cannot change."]
    entry.refresh_from_db()
    assert (entry.owner_id, entry.title) == (owner.pk, entry.title)
    assert entry.title != "改名"
    # Naming the owner it already has is no change.
    same = api_as(actor).patch(url, {"owner": owner.pk, "title": "改名"}, format="json")
    assert (same.status_code, same.json()["title"], same.json()["owner"]) == (200, "改名", owner.pk)
