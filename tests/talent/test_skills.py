from talent.models import Skill
from talent.skills_data import sync_skills


def test_skills_seed_has_digcomp_and_engineer_tracks(db):
    assert Skill.objects.filter(scheme="digcomp", kind="area").count() == 5
    assert Skill.objects.filter(scheme="digcomp", kind="competence").count() == 21
    assert Skill.objects.filter(scheme="engineer", kind="track").count() == 10
    programming = Skill.objects.get(code="digcomp-3.4")
    assert (programming.name_zh, programming.name_en, programming.parent.code) == ("编程", "Programming", "digcomp-3")
    assert programming.levels == ("1", "2", "3", "4", "5", "6", "7", "8")
    ai = Skill.objects.get(code="det-ai")
    assert (ai.occupation_code, ai.levels) == ("2-02-10-09", ("junior", "intermediate", "senior"))


def test_skills_sync_is_idempotent(db):
    before = Skill.objects.count()
    assert sync_skills(Skill) == before == 36
    assert Skill.objects.count() == 36


def test_skills_api_lists_with_levels(db, api_as, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = api_as(None).get("/api/v1/skills/", {"scheme": "engineer", "page_size": 100})
    assert response.status_code == 200
    assert response.json()["count"] == 10
    first = response.json()["results"][0]
    assert first["code"] == "det-ai"
    assert first["levels"] == ["junior", "intermediate", "senior"]
