"""Matching fixtures: a small bilingual catalog with one obvious fit each way.

- ``radiology``: 昆山 (alice's county) open scenario "县域远程影像诊断中心" (health; 远程影像诊断, 医学影像系统)
- ``teleradiology``: dave's firm, an English teleradiology solution (cross-lingual fit)
- ``imaging_cloud``: erin's firm, a Chinese imaging cloud (fit)
- ``farm_iot``: erin's firm, a smart-greenhouse solution (no fit)
"""

from __future__ import annotations

import pytest

from catalog.concepts import sync_capabilities, sync_domains
from catalog.models import Capability, Domain, Scenario
from matching.demo import seed_region_pairs
from tests.factories import ScenarioFactory, SolutionFactory
from vocabulary import load_concepts

RADIOLOGY_TEXT = (
    "县医院影像科医生不足，乡镇卫生院拍片后无人阅片。希望建设县域远程影像诊断中心，"
    "基层拍片、县医院阅片，支持CT、DR影像上传与诊断报告回传。"
)


@pytest.fixture(autouse=True)
def vocabulary(db):
    """Domains, capabilities and region pairs come from data migrations; transactional tests flush them."""
    if not Capability.objects.exists():
        sync_domains(Domain)
        sync_capabilities(Capability, Domain, load_concepts())
    seed_region_pairs()


def radiology_scenario(owner, **kwargs):
    defaults = {
        "owner": owner,
        "title": "县域远程影像诊断中心",
        "summary": "基层拍片、县医院阅片",
        "problem_statement": RADIOLOGY_TEXT,
        "tags": ["远程影像诊断", "医学影像"],
        "capabilities": ["teleradiology"],
        "budget_min": 500_000,
        "budget_max": 2_000_000,
    }
    defaults.update(kwargs)
    return ScenarioFactory(**defaults)


def teleradiology_solution(owner, **kwargs):
    defaults = {
        "owner": owner,
        "title": "Teleradiology reading service",
        "summary": "Remote reading of CT and X-ray images for county hospitals",
        "description": "Township clinics upload CT and DR images; radiologists read them remotely and return "
        "diagnostic reports. PACS integration, AI triage of chest CT.",
        "tags": ["teleradiology", "PACS", "remote diagnosis"],
        "language": "en",
        "price_min": 300_000,
        "price_max": 900_000,
    }
    defaults.update(kwargs)
    return SolutionFactory(**defaults)


def imaging_cloud_solution(owner, **kwargs):
    defaults = {
        "owner": owner,
        "title": "区域影像云平台",
        "summary": "县域医共体远程影像诊断与影像云存储",
        "description": "为县域医共体提供影像云存储、远程影像诊断、报告互认，乡镇卫生院拍片县医院阅片。",
        "tags": ["影像云", "远程影像诊断", "PACS"],
        "price_min": 400_000,
        "price_max": 1_200_000,
    }
    defaults.update(kwargs)
    return SolutionFactory(**defaults)


def farm_solution(owner, **kwargs):
    defaults = {
        "owner": owner,
        "title": "智慧大棚环境监测",
        "summary": "温室大棚温湿度、土壤墒情监测与水肥一体化",
        "description": "大棚传感器采集温湿度和土壤墒情，自动控制卷帘、通风和滴灌。",
        "tags": ["智慧农业", "水肥一体化"],
        "domains": ["agriculture"],
    }
    defaults.update(kwargs)
    return SolutionFactory(**defaults)


@pytest.fixture
def radiology(county, alice, bob):
    return radiology_scenario(county, status=Scenario.Status.OPEN)


@pytest.fixture
def teleradiology(firm, dave):
    return teleradiology_solution(firm)


@pytest.fixture
def imaging_cloud(other_firm, erin):
    return imaging_cloud_solution(other_firm)


@pytest.fixture
def farm_iot(other_firm, erin):
    return farm_solution(other_firm)


@pytest.fixture
def charlies_data(other_county, charlie):
    """Charlie's own draft and open scenarios on the same need, present so that leaks would show."""
    draft = radiology_scenario(other_county, title="沭阳远程影像诊断（草稿）", status=Scenario.Status.DRAFT)
    open_ = radiology_scenario(other_county, title="沭阳远程影像诊断中心", status=Scenario.Status.OPEN)
    return draft, open_
