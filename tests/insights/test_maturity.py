"""The county digital-maturity self-assessment: a county office fills it in, submits it, the score enters the
indicator; the provincial office comments; nobody else edits or reads a draft."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from insights import maturity
from insights.models import IndicatorSnapshot, MaturityAnswer, MaturityAssessment
from insights.services import refresh_insights

LEVELS = {"infrastructure": 3, "data_sharing": 2, "services": 4, "scenarios": 2, "talent": 1, "governance": 3}


def _post_data(levels: dict[str, int], action: str = "save", evidence: str = "https://example.gov.cn/plan.pdf"):
    data = {"action": action}
    for code, level in levels.items():
        data[f"level_{code}"] = level
        data[f"evidence_{code}"] = evidence
    return data


@pytest.fixture
def draft(client_as, alice, county):
    response = client_as(alice).post(reverse("insights:maturity-start"), {"office": county.pk})
    assessment = MaturityAssessment.objects.get()
    assert response.url == reverse("insights:maturity-edit", args=[assessment.pk])
    return assessment


def test_dimensions_have_five_bilingual_levels():
    assert 5 <= len(maturity.DIMENSIONS) <= 7
    for dimension in maturity.DIMENSIONS:
        assert [level.number for level in dimension.levels] == [1, 2, 3, 4, 5]
        assert all(level.zh and level.en for level in dimension.levels)


def test_county_office_fills_in_submits_and_the_score_enters_the_indicator(client_as, alice, draft):
    client = client_as(alice)
    assert draft.county.code == "320583" and draft.status == "draft"
    partial = {code: LEVELS[code] for code in ("infrastructure", "data_sharing")}
    response = client.post(reverse("insights:maturity-edit", args=[draft.pk]), _post_data(partial, "submit"))
    assert response.status_code == 400  # not every dimension answered
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert MaturityAnswer.objects.filter(assessment=draft).count() == 2  # what was answered is kept as a draft

    response = client.post(reverse("insights:maturity-edit", args=[draft.pk]), _post_data(LEVELS, "submit"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert draft.score == pytest.approx(15 / 6, abs=0.005)  # (3+2+4+2+1+3) / 6 = 2.5
    assert draft.submitted_by == alice

    refresh_insights()
    month = timezone.localdate().replace(day=1)
    row = IndicatorSnapshot.objects.get(indicator="maturity_score", level="county", area="320583", month=month)
    assert row.value == pytest.approx(2.5)
    # A submitted assessment is no longer editable.
    assert client.get(reverse("insights:maturity-edit", args=[draft.pk])).status_code == 403


def test_bad_evidence_is_a_400_and_saves_nothing(client_as, alice, draft):
    response = client_as(alice).post(
        reverse("insights:maturity-edit", args=[draft.pk]), _post_data(LEVELS, evidence="javascript:alert(1)")
    )
    assert response.status_code == 400
    assert not MaturityAnswer.objects.filter(assessment=draft).exists()


def test_others_cannot_edit_or_read_a_draft(client_as, client, bob, charlie, draft):
    assert client_as(bob).get(reverse("insights:maturity-detail", args=[draft.pk])).status_code == 200
    assert (
        client_as(bob).post(reverse("insights:maturity-edit", args=[draft.pk]), _post_data(LEVELS)).status_code == 403
    )
    assert client_as(charlie).get(reverse("insights:maturity-detail", args=[draft.pk])).status_code == 404
    assert (
        client_as(charlie).post(reverse("insights:maturity-edit", args=[draft.pk]), _post_data(LEVELS)).status_code
        == 404
    )
    assert client.get(reverse("insights:maturity-detail", args=[draft.pk])).status_code == 404
    assert not MaturityAnswer.objects.exists()


def test_only_own_office_can_start(client_as, charlie, county):
    assert client_as(charlie).post(reverse("insights:maturity-start"), {"office": county.pk}).status_code == 403
    assert not MaturityAssessment.objects.exists()


def test_province_comments_on_a_submitted_assessment(client_as, client, alice, pat, draft):
    client_as(alice).post(reverse("insights:maturity-edit", args=[draft.pk]), _post_data(LEVELS, "submit"))
    url = reverse("insights:maturity-comment", args=[draft.pk])
    assert client_as(alice).post(url, {"comment": "很好"}).status_code == 403
    assert client_as(pat).post(url, {"comment": "数据共享还需加强。"}).status_code == 302
    draft.refresh_from_db()
    assert (draft.province_comment, draft.commented_by) == ("数据共享还需加强。", pat)
    page = client.get(reverse("insights:maturity-detail", args=[draft.pk]))
    assert page.status_code == 200
    assert "数据共享还需加强。" in page.content.decode()
    assert "https://example.gov.cn/plan.pdf" in page.content.decode()
