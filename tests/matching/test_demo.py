from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings

from directory import demo as directory_demo
from directory.models import Organization
from matching import demo
from matching.models import ReplicationRecommendation, Subscription, Suggestion

# Tests may read ../shared; the site reads its copy in matching/data/demo.
DEV_SET = Path(settings.BASE_DIR).parent / "shared" / "data" / "matching-dev"


@pytest.mark.django_db
def test_demo_gives_firms_and_counties_sensible_recommendations_and_is_idempotent():
    directory_demo.seed()
    demo.seed(stdout=StringIO())
    counts = _counts()

    demo.seed(stdout=StringIO())

    assert _counts() == counts
    assert counts[0] > 10
    assert counts[1] == 2
    bus = Suggestion.objects.filter(scenario__external_ref="demo-match:S001", rank_for_scenario=1).get()
    assert bus.solution.external_ref == "demo-match:P001"
    assert bus.solution.owner.name_zh == "苏州云途智行科技有限公司"
    assert bus.reasons[0]["code"] == "concepts"
    push = ReplicationRecommendation.objects.get(target_scenario__isnull=False)
    assert (push.target_scenario.county_id, push.priority) == ("321322", 0)  # 沭阳: 宿迁 is paired with 苏州
    # The other demo county offices, silent for this solution, are reached as counties, paired ones first.
    silent = ReplicationRecommendation.objects.filter(target_scenario__isnull=True).order_by("position")
    assert silent.count() == counts[2] - 1 > 0
    assert push.position == 1


def _counts() -> tuple[int, int, int]:
    return Suggestion.objects.count(), Subscription.objects.count(), ReplicationRecommendation.objects.count()


@pytest.mark.skipif(not (DEV_SET / "labels.jsonl").exists(), reason="the shared dev set is not available")
def test_demo_data_is_the_dev_sets_scenarios_of_demo_counties_and_their_relevant_solutions():
    """matching/data/demo/README.md says what was copied from where; this keeps it true."""
    counties = {row[4] for row in directory_demo.ORGANIZATIONS if row[1] == Organization.Kind.COUNTY_OFFICE}

    def lines(folder: Path, name: str) -> list[str]:
        return [line for line in (folder / name).read_text(encoding="utf-8").splitlines() if line.strip()]

    scenarios = [line for line in lines(DEV_SET, "scenarios.jsonl") if json.loads(line)["county_code"] in counties]
    ids = {json.loads(line)["id"] for line in scenarios}
    labels = [line for line in lines(DEV_SET, "labels.jsonl") if json.loads(line)["scenario_id"] in ids]
    relevant = {json.loads(line)["solution_id"] for line in labels if json.loads(line)["relevance"] >= 1}
    solutions = [line for line in lines(DEV_SET, "solutions.jsonl") if json.loads(line)["id"] in relevant]

    assert lines(demo.DEMO_DATA, "scenarios.jsonl") == scenarios
    assert lines(demo.DEMO_DATA, "labels.jsonl") == labels
    assert lines(demo.DEMO_DATA, "solutions.jsonl") == solutions
