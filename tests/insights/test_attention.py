"""Acting on the gap: the provincial office's "needs attention" list and the replicable scenarios a county
adopts in one step from its page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Question, Scenario
from insights import selectors
from insights.services import refresh_insights
from matching import services
from proposals.models import Award, Engagement
from tests.factories import proposal_factories as pf
from tests.matching.conftest import radiology_scenario
from tests.matching.test_replication import setup as replication_setup  # noqa: F401 - a fixture


@pytest.fixture
def world(db, county, other_county, firm):
    now = timezone.now()
    # 沭阳 (north): one call published ten months ago, past its deadline, no proposal, an unanswered question.
    old = pf.scenario(owner=other_county, deadline=now - dt.timedelta(days=280))
    Scenario.objects.filter(pk=old.pk).update(published_at=now - dt.timedelta(days=300), status="evaluating")
    Question.objects.create(scenario=old, asker_organization=firm, text="数据接口？")
    # 昆山 (south): a replicable scenario piloted with an accepted engagement (a reference case).
    proven = pf.scenario(owner=county, deadline=now - dt.timedelta(days=60))
    Scenario.objects.filter(pk=proven.pk).update(replicable=True, status="piloting")
    winner = pf.proposal(scenario=proven, firm=firm, submitted_at=now - dt.timedelta(days=70))
    award = Award.objects.create(
        scenario=proven, reason="最优", standstill_until=now - dt.timedelta(days=40), status="final"
    )
    award.proposals.set([winner])
    Engagement.objects.create(
        award=award,
        proposal=winner,
        scenario=proven,
        firm=firm,
        solution=winner.solutions.get(),
        status="accepted",
        accepted_at=now - dt.timedelta(days=5),
    )
    refresh_insights()
    return {"old": old, "proven": Scenario.objects.get(pk=proven.pk)}


def test_attention_list_flags_and_proposals(client_as, pat, world, django_assert_max_num_queries):
    client = client_as(pat)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("insights:attention"), {"months": 6})
    assert response.status_code == 200
    rows = {row.county.code: row for row in response.context["rows"]}
    shuyang = rows["321322"]
    assert set(shuyang.flags) == {"no_recent_scenario", "unanswered_questions", "calls_without_proposal"}
    assert (shuyang.unanswered, shuyang.calls_without_proposal) == (1, 1)
    assert [p.scenario.pk for p in shuyang.proposals] == [world["proven"].pk]
    assert len(shuyang.proposals[0].reference_cases) == 1
    assert (
        "no_recent_scenario" not in rows.get("320583", selectors.AttentionRow(None, [], None, None, None, 0, 0)).flags
    )
    # 93 counties never published anything: all listed, 沭阳 (three signs) first.
    assert response.context["rows"][0].county.code == "321322"
    assert len(rows) == 94


def test_a_longer_window_clears_the_no_recent_flag(client_as, pat, world):
    response = client_as(pat).get(reverse("insights:attention"), {"months": 12})
    shuyang = next(row for row in response.context["rows"] if row.county.code == "321322")
    assert "no_recent_scenario" not in shuyang.flags


def test_attention_list_is_for_the_provincial_office_only(client_as, client, alice, world):
    assert client_as(alice).get(reverse("insights:attention")).status_code == 403
    assert client.get(reverse("insights:attention")).status_code == 302  # to sign-in


@pytest.mark.parametrize("months", ["0", "99", "abc"])
def test_bad_window_is_a_400(client_as, pat, world, months):
    assert client_as(pat).get(reverse("insights:attention"), {"months": months}).status_code == 400


def test_county_adopts_a_proposed_scenario_in_one_step(client_as, charlie, other_county, world):
    client = client_as(charlie)
    page = client.get(reverse("insights:county", args=["321322"]))
    assert [p.scenario.pk for p in page.context["overview"].proposals] == [world["proven"].pk]
    assert page.context["adopt_offices"] == [other_county]
    response = client.post(reverse("catalog:scenario-adopt", args=[world["proven"].pk]), {"office": other_county.pk})
    assert response.status_code == 302
    copy = Scenario.objects.get(replicated_from=world["proven"])
    assert (copy.county_id, copy.status) == ("321322", "draft")
    page = client.get(reverse("insights:county", args=["321322"]))
    assert page.context["overview"].proposals == []  # adopted: no longer proposed


def test_outsiders_see_proposals_without_an_adopt_button(client, world):
    page = client.get(reverse("insights:county", args=["321322"]))
    assert page.context["adopt_offices"] == []
    assert "Adopt as a draft" not in page.content.decode()


def test_replication_push_ranks_lagging_counties_by_the_gap_monitor(replication_setup):  # noqa: F811
    """Within a priority class the county further behind (scenarios opened per capita, latest snapshot) comes
    first, before the similarity score: 涟水 has opened three scenarios, 泰兴 one, so 泰兴 now precedes 涟水
    although its scenario is the weaker match."""
    setup = replication_setup
    for _ in range(2):
        radiology_scenario(setup["lianshui"].owner, status=Scenario.Status.OPEN)
    refresh_insights()
    lag = selectors.county_lag()
    assert lag["321283"] > lag["320826"]
    recommendations = services.replication_push(solution=setup["solution"], source_scenario=setup["source"])
    order = [r.county_id for r in recommendations]
    assert order[0] == "321322"  # paired 苏北 county first, whatever the lag
    assert order.index("321283") < order.index("320826")
    # 东海 (its only scenario cancelled) has opened nothing: the furthest behind of its class, reached as a county.
    assert order.index("320722") < order.index("321283")
    assert order[-1] == "320583"  # 苏南 last
