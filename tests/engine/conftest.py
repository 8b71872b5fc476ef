"""Fixtures for the engine tests. They need no database and no Django settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.engine import RegionInfo
from vocabulary import Concept, load_concepts

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="session")
def vocabulary() -> list[Concept]:
    return load_concepts()


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
