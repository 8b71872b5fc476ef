"""Fixtures for the vocabulary package's tests: pure Python, no database."""

from __future__ import annotations

import pytest

from vocabulary import Concept, load_concepts


@pytest.fixture(scope="session")
def vocabulary() -> list[Concept]:
    """The concepts shipped in vocabulary/data."""
    return load_concepts()


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
