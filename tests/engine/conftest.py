"""Fixtures for the engine tests. They need no database and no Django settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.engine import Concept, RegionInfo, load_concepts

REPO = Path(__file__).resolve().parents[2]
VOCABULARY = REPO / "catalog" / "data" / "capabilities.json"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="session")
def vocabulary() -> list[Concept]:
    return load_concepts(VOCABULARY)


@pytest.fixture(scope="session")
def small_vocabulary() -> list[Concept]:
    """A hand-made vocabulary whose behaviour the tests can predict exactly."""
    return [
        Concept(
            "teleradiology",
            "远程影像诊断",
            "Teleradiology",
            ("远程阅片", "影像云"),
            ("remote reading",),
            ("health",),
        ),
        Concept("smart_parking", "智慧停车", "Smart parking", ("路内泊位",), ("parking guidance",), ("transport",)),
        Concept("greenhouse", "温室", "Greenhouse", ("大棚",), ("polytunnel",), ("agriculture",)),
        Concept("carbon", "碳排放核算", "Carbon accounting", ("温室气体",), ("greenhouse gas",), ("industry",)),
        Concept("ar_vr", "增强现实", "Augmented reality", (), ("AR",), ("culture_tourism",)),
        Concept("iot", "物联网", "IoT", ("传感器",), ("sensors",), ("municipal", "industry", "agriculture")),
    ]


@pytest.fixture(scope="session")
def regions() -> list[RegionInfo]:
    return [
        RegionInfo("320100", None, "苏南"),
        RegionInfo("320102", "320100", "苏南"),
        RegionInfo("320104", "320100", "苏南"),
        RegionInfo("320200", None, "苏南"),
        RegionInfo("320281", "320200", "苏南"),
        RegionInfo("320800", None, "苏北"),
        RegionInfo("320826", "320800", "苏北"),
    ]
