from __future__ import annotations

from io import StringIO

import pytest

from directory import demo as directory_demo
from matching import demo
from matching.models import ReplicationRecommendation, Subscription, Suggestion

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not demo.DEV_SET.exists(), reason="the shared dev set is not available")
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
    assert any(r.startswith("共享能力") for r in bus.reasons)
    push = ReplicationRecommendation.objects.get()
    assert (push.target_scenario.county_id, push.priority) == ("321322", 0)  # 沭阳: 宿迁 is paired with 苏州


def _counts() -> tuple[int, int, int]:
    return Suggestion.objects.count(), Subscription.objects.count(), ReplicationRecommendation.objects.count()
