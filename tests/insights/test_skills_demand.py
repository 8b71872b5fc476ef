"""Skills in demand: capabilities of open and piloting scenarios, per zone, mapped to the skills taxonomy through
the documented data file, next to the upcoming sessions that teach them (page and API)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from catalog.models import Scenario
from insights.skills_demand import MAPPING_FILE, CapabilitySkillMap, skills_in_demand
from talent.models import CourseSkill
from talent.skills_data import skill_rows
from tests.factories import CourseFactory, OrganizationFactory, SessionFactory, VenueFactory, region, skill
from tests.factories.catalog import ScenarioFactory
from vocabulary import DOMAINS, load_concepts


def test_mapping_file_names_only_real_codes_and_says_where_it_comes_from():
    data = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
    assert data["about"]["source"] and data["about"]["assumptions"]
    skills = {row["code"] for row in skill_rows() if row["kind"] != "area"}
    capabilities = {concept.code for concept in load_concepts()}
    assert set(data["by_domain"]) == {domain.code for domain in DOMAINS}
    assert set(data["by_capability"]) <= capabilities
    used = {code for codes in [*data["by_domain"].values(), *data["by_capability"].values()] for code in codes}
    assert used <= skills


def test_capability_wins_over_domain_default():
    mapping = CapabilitySkillMap(by_domain={"health": ("det-big-data",)}, by_capability={"nlp": ("det-ai",)})
    assert mapping.skills_for(capability_codes=["nlp"], domain_code="health") == {"det-ai"}
    assert mapping.skills_for(capability_codes=["nlp", "family_doctor"], domain_code="health") == {
        "det-ai",
        "det-big-data",
    }
    assert mapping.skills_for(capability_codes=[], domain_code="health") == {"det-big-data"}


@pytest.fixture
def north_county(db):
    return OrganizationFactory(name_zh="沭阳县数据局", region=region("321322"))


@pytest.fixture
def demand(db, north_county):
    """苏北: two open scenarios needing AI (nlp), one piloting IoT; 苏南: one open AI. Not counted: a draft, a
    cancelled and an open one past its deadline (reads as evaluating)."""
    ScenarioFactory(owner=north_county, status="open", capabilities=["nlp"], title="北-热线")
    ScenarioFactory(owner=north_county, status="open", capabilities=["contact_center_ai"], title="北-坐席")
    ScenarioFactory(owner=north_county, status="piloting", capabilities=["iot_sensing"], title="北-感知")
    ScenarioFactory(status="open", capabilities=["nlp"], title="南-热线")  # 昆山 (苏南)
    ScenarioFactory(owner=north_county, status="draft", capabilities=["nlp"])
    ScenarioFactory(owner=north_county, status="cancelled", capabilities=["nlp"])
    ScenarioFactory(
        owner=north_county, status="open", capabilities=["nlp"], deadline=timezone.now() - dt.timedelta(hours=1)
    )
    # Training: one upcoming AI session at a 苏北 venue, one online AI session, one past 苏北 session.
    provider = OrganizationFactory(trainer=True)
    course = CourseFactory(provider=provider, with_skill=False)
    CourseSkill.objects.create(course=course, skill=skill("det-ai"), level="junior")
    venue = VenueFactory(provider=provider, region=region("321322"))
    SessionFactory(course=course, venue=venue, online_url="")
    SessionFactory(course=course)
    past = timezone.now() - dt.timedelta(days=3)
    SessionFactory(course=course, venue=venue, online_url="", start=past, registration_closes=past)


def test_skills_in_demand_per_zone(demand):
    table = skills_in_demand()
    north = [(r.skill.code, r.scenarios, r.sessions_in_zone, r.sessions_online, r.uncovered) for r in table["north"]]
    assert north == [("det-ai", 2, 1, 1, False), ("det-iot", 1, 0, 0, True)]
    south = [(r.skill.code, r.scenarios, r.sessions_in_zone, r.sessions_online, r.uncovered) for r in table["south"]]
    assert south == [("det-ai", 1, 0, 1, True)]
    assert table["centre"] == []
    assert [s.title for s in table["north"][0].examples] == ["北-坐席", "北-热线"]  # newest first
    assert Scenario.objects.count() == 7


def test_skills_in_demand_for_one_zone(demand):
    assert list(skills_in_demand(zone="south")) == ["south"]


def test_skills_demand_page(demand, client):
    response = client.get("/insights/skills-demand/", {"zone": "north"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Artificial intelligence engineering technician" in page or "人工智能工程技术人员" in page
    assert "北-热线" in page
    assert "南-热线" not in page
    assert client.get("/insights/skills-demand/", {"zone": "mars"}).status_code == 200  # falls back to all


def test_skills_demand_api(demand, api_client):
    rows = api_client.get("/api/v1/skills-demand/", {"zone": "north"}).json()
    assert [(r["zone"], r["skill"], r["scenarios"], r["sessions_in_zone"], r["uncovered"]) for r in rows] == [
        ("north", "det-ai", 2, 1, False),
        ("north", "det-iot", 1, 0, True),
    ]
    assert len(rows[0]["example_scenarios"]) == 2
    bad = api_client.get("/api/v1/skills-demand/", {"zone": "mars"})
    assert bad.status_code == 400
    assert bad.json()["zone"] == ["Choose south, centre or north."]


@pytest.mark.parametrize("count", [1, 3])
def test_skills_demand_page_query_count(db, north_county, client, count, django_assert_num_queries):
    for i in range(count):
        ScenarioFactory(owner=north_county, status="open", capabilities=["nlp", "iot_sensing"], title=f"s{i}")
    client.get("/insights/skills-demand/")  # warm the session/site caches
    with django_assert_num_queries(4):
        assert client.get("/insights/skills-demand/").status_code == 200
