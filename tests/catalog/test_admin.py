import pytest
from django.urls import reverse

from catalog import services
from catalog.models import Capability, UnmappedTag
from tests.factories import QuestionFactory, ScenarioFactory, SolutionFactory, UserFactory


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model",
    ["domain", "capability", "unmappedtag", "scenario", "scenariorevision", "question", "solution", "attachment"],
)
def test_admin_changelists_load(admin_client, county, firm, model):
    ScenarioFactory(owner=county)
    SolutionFactory(owner=firm)
    QuestionFactory(scenario=ScenarioFactory(owner=county, status="open"))
    assert admin_client.get(reverse(f"admin:catalog_{model}_changelist")).status_code == 200


def test_staff_without_permissions_sees_no_catalog_admin(client, county):
    ScenarioFactory(owner=county, title="草稿")
    client.force_login(UserFactory(username="staffer", is_staff=True))
    assert client.get(reverse("admin:catalog_scenario_changelist")).status_code == 403


def test_mapping_an_unmapped_tag_adds_a_synonym_and_future_tags_map(admin_client, alice, county):
    ScenarioFactory(owner=county)
    services.map_tags(tags=["路网体检"])
    tag = UnmappedTag.objects.get(text="路网体检")
    response = admin_client.post(
        reverse("admin:catalog_unmappedtag_changelist"),
        {
            "action": "map_to_capability",
            "_selected_action": [tag.pk],
            "capability": Capability.objects.get(code="road_maintenance").pk,
        },
    )
    assert response.status_code == 302
    assert "路网体检" in Capability.objects.get(code="road_maintenance").synonyms_zh
    assert UnmappedTag.objects.get().mapped_to.code == "road_maintenance"
    ids = services.map_tags(tags=["路网体检"])
    assert ids == {Capability.objects.get(code="road_maintenance").pk}


def test_api_ordering_by_public_fields_only(api_client, county):
    import datetime as dt

    from django.utils import timezone

    ScenarioFactory(owner=county, status="open", title="晚", deadline=timezone.now() + dt.timedelta(days=9))
    ScenarioFactory(owner=county, status="open", title="早", deadline=timezone.now() + dt.timedelta(days=2))
    titles = [r["title"] for r in api_client.get("/api/v1/scenarios/", {"ordering": "deadline"}).json()["results"]]
    assert titles == ["早", "晚"]
    assert api_client.get("/api/v1/scenarios/", {"ordering": "search_text"}).status_code == 400
