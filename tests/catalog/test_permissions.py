"""The permission matrix on pages and API: anonymous, firm member (dave), owner county admin (alice), editor,
viewer (bob), another county office (charlie, whose own draft is present), provincial office (pat)."""

import pytest
from django.urls import reverse

from catalog.models import Scenario, Solution
from tests.factories import ScenarioFactory, SolutionFactory

S = Scenario.Status
ROLES = ["anonymous", "dave", "alice", "county_editor", "bob", "charlie", "pat"]


@pytest.fixture
def people(request, alice, bob, charlie, dave, pat, county_editor):
    return {
        "anonymous": None,
        "dave": dave,
        "alice": alice,
        "county_editor": county_editor,
        "bob": bob,
        "charlie": charlie,
        "pat": pat,
    }


@pytest.fixture
def data(county, other_county):
    return {
        "draft": ScenarioFactory(owner=county, title="昆山草稿"),
        "open": ScenarioFactory(owner=county, status=S.OPEN, title="昆山公开", replicable=True),
        "charlie_draft": ScenarioFactory(owner=other_county, title="沭阳草稿"),
    }


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", ["昆山公开"]),
        ("dave", ["昆山公开"]),
        ("alice", ["昆山公开", "昆山草稿"]),
        ("county_editor", ["昆山公开", "昆山草稿"]),
        ("bob", ["昆山公开", "昆山草稿"]),
        ("charlie", ["昆山公开", "沭阳草稿"]),
        ("pat", ["昆山公开", "昆山草稿", "沭阳草稿"]),
    ],
)
def test_scenario_list_page_shows_what_each_role_may_see(client_as, people, data, role, expected):
    response = client_as(people[role]).get(reverse("catalog:scenario-list"))
    assert response.status_code == 200
    assert sorted(s.title for s in response.context["scenarios"]) == sorted(expected)


@pytest.mark.parametrize(
    ("role", "draft", "open_"),
    [
        ("anonymous", 404, 200),
        ("dave", 404, 200),
        ("alice", 200, 200),
        ("county_editor", 200, 200),
        ("bob", 200, 200),
        ("charlie", 404, 200),
        ("pat", 200, 200),
    ],
)
def test_scenario_detail_page(client_as, people, data, role, draft, open_):
    client = client_as(people[role])
    assert client.get(reverse("catalog:scenario-detail", args=[data["draft"].pk])).status_code == draft
    assert client.get(reverse("catalog:scenario-detail", args=[data["open"].pk])).status_code == open_


@pytest.mark.parametrize(
    ("role", "create", "edit"),
    [
        ("anonymous", 302, 302),
        ("dave", 403, 404),
        ("alice", 200, 200),
        ("county_editor", 200, 200),
        ("bob", 403, 403),
        ("charlie", 200, 404),
        ("pat", 200, 403),
    ],
)
def test_scenario_create_and_edit_pages(client_as, people, data, role, create, edit):
    client = client_as(people[role])
    assert client.get(reverse("catalog:scenario-create")).status_code == create
    assert client.get(reverse("catalog:scenario-edit", args=[data["draft"].pk])).status_code == edit


@pytest.mark.parametrize(
    ("role", "status", "published"),
    [
        ("anonymous", 302, False),
        ("dave", 404, False),
        ("alice", 302, True),
        ("county_editor", 302, True),
        ("bob", 403, False),
        ("charlie", 404, False),
        ("pat", 403, False),
    ],
)
def test_scenario_publish_page_action(client_as, people, data, role, status, published):
    response = client_as(people[role]).post(reverse("catalog:scenario-transition", args=[data["draft"].pk, "publish"]))
    assert response.status_code == status
    data["draft"].refresh_from_db()
    assert (data["draft"].status == S.OPEN) is published
    data["charlie_draft"].refresh_from_db()
    assert data["charlie_draft"].status == S.DRAFT


@pytest.mark.parametrize(
    ("role", "status", "deleted"),
    [
        ("anonymous", 302, False),
        ("dave", 404, False),
        ("alice", 302, True),
        ("county_editor", 403, False),
        ("bob", 403, False),
        ("charlie", 404, False),
        ("pat", 403, False),
    ],
)
def test_scenario_delete_page_action(client_as, people, data, role, status, deleted):
    response = client_as(people[role]).post(reverse("catalog:scenario-delete", args=[data["draft"].pk]))
    assert response.status_code == status
    assert (not Scenario.objects.filter(pk=data["draft"].pk).exists()) is deleted


@pytest.mark.parametrize(
    ("role", "status", "adopted"),
    [
        ("anonymous", 302, False),
        ("dave", 403, False),
        ("bob", 403, False),
        ("charlie", 302, True),
        ("pat", 403, False),
    ],
)
def test_scenario_adopt_page_action(client_as, people, data, other_county, role, status, adopted):
    user = people[role]
    response = client_as(user).post(
        reverse("catalog:scenario-adopt", args=[data["open"].pk]), {"office": other_county.pk}
    )
    assert response.status_code == status
    assert Scenario.objects.filter(replicated_from=data["open"]).exists() is adopted


def test_html_in_text_fields_is_shown_as_text(client_as, county):
    scenario = ScenarioFactory(
        owner=county, status=S.OPEN, title="<script>alert(1)</script>", problem_statement="<b>粗</b>"
    )
    body = client_as(None).get(reverse("catalog:scenario-detail", args=[scenario.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;粗&lt;/b&gt;" in body


# ---------------------------------------------------------------- API


def _api_ids(response):
    return sorted(item["title"] for item in response.json()["results"])


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", ["昆山公开"]),
        ("dave", ["昆山公开"]),
        ("alice", ["昆山公开", "昆山草稿"]),
        ("bob", ["昆山公开", "昆山草稿"]),
        ("charlie", ["昆山公开", "沭阳草稿"]),
        ("pat", ["昆山公开", "昆山草稿", "沭阳草稿"]),
    ],
)
def test_api_scenario_list(api_as, people, data, role, expected):
    response = api_as(people[role]).get("/api/v1/scenarios/")
    assert response.status_code == 200
    assert _api_ids(response) == sorted(expected)


@pytest.mark.parametrize(
    ("role", "detail", "patch", "publish", "delete"),
    [
        ("anonymous", 404, 401, 401, 401),
        ("dave", 404, 404, 404, 404),
        ("alice", 200, 200, 200, 409),
        ("county_editor", 200, 200, 200, 403),
        ("bob", 200, 403, 403, 403),
        ("charlie", 404, 404, 404, 404),
        ("pat", 200, 403, 403, 403),
    ],
)
def test_api_draft_scenario_matrix(api_as, people, data, role, detail, patch, publish, delete):
    api = api_as(people[role])
    url = f"/api/v1/scenarios/{data['draft'].pk}/"
    assert api.get(url).status_code == detail
    assert api.patch(url, {"summary": "改"}, format="json").status_code == patch
    assert api.post(url + "publish/", {}, format="json").status_code == publish
    # After publishing, even the admin cannot delete (409: cancel instead); others are refused first.
    assert api.delete(url).status_code == delete
    assert Scenario.objects.get(pk=data["charlie_draft"].pk).status == S.DRAFT


def test_api_draft_delete_by_admin(api_as, alice, data):
    assert api_as(alice).delete(f"/api/v1/scenarios/{data['draft'].pk}/").status_code == 204
    assert not Scenario.objects.filter(pk=data["draft"].pk).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("dave", 403),
        ("alice", 201),
        ("county_editor", 201),
        ("bob", 403),
        ("charlie", 201),
        ("pat", 201),
    ],
)
def test_api_scenario_create(api_as, people, data, role, status):
    payload = {"title": "新场景", "domain": "health", "county": "321322" if role in ("charlie", "pat") else "320583"}
    response = api_as(people[role]).post("/api/v1/scenarios/", payload, format="json")
    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert (body["status"], body["county"], body["title"]) == ("draft", payload["county"], "新场景")


def test_api_create_for_another_county_is_400(api_as, charlie, data):
    response = api_as(charlie).post(
        "/api/v1/scenarios/",
        {"title": "越界", "domain": "health", "county": "320583"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["county"] == [
        "A county office publishes scenarios only for its own county (Shuyang County)."
    ]


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("close", S.OPEN, S.EVALUATING),
        ("award", S.EVALUATING, S.AWARDED),
        ("start-pilot", S.AWARDED, S.PILOTING),
        ("complete", S.PILOTING, S.COMPLETED),
        ("cancel", S.OPEN, S.CANCELLED),
    ],
)
@pytest.mark.parametrize(
    ("role", "status"),
    [("alice", 200), ("bob", 403), ("charlie", 403), ("pat", 403), ("dave", 403), ("anonymous", 401)],
)
def test_api_each_transition(api_as, people, county, data, action, start, end, role, status):
    scenario = ScenarioFactory(owner=county, status=start)
    response = api_as(people[role]).post(
        f"/api/v1/scenarios/{scenario.pk}/{action}/", {"reason": "依程序"}, format="json"
    )
    assert response.status_code == status
    scenario.refresh_from_db()
    assert scenario.status == (end if status == 200 else start)
    if status == 200:
        assert response.json()["status"] == end
        assert scenario.transitions.get().reason == "依程序"


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("dave", 403), ("alice", 400), ("bob", 403), ("charlie", 201), ("pat", 403)],
)
def test_api_adopt(api_as, people, data, role, status):
    response = api_as(people[role]).post(f"/api/v1/scenarios/{data['open'].pk}/adopt/", {}, format="json")
    assert response.status_code == status
    if status == 201:
        assert (response.json()["county"], response.json()["replicated_from"], response.json()["status"]) == (
            "321322",
            data["open"].pk,
            "draft",
        )


def test_api_questions_hide_the_asker_from_outsiders(api_as, alice, dave, charlie, pat, data, firm):
    url = f"/api/v1/scenarios/{data['open'].pk}/questions/"
    assert api_as(charlie).post(url, {"text": "?"}, format="json").status_code == 403
    asked = api_as(dave).post(url, {"text": "数据接口？"}, format="json")
    assert asked.status_code == 201
    qid = asked.json()["id"]
    assert api_as(None).get(url).json() == []  # unanswered: not public yet
    answered = api_as(alice).post(f"{url}{qid}/answer/", {"answer": "国标接口。"}, format="json")
    assert answered.status_code == 200
    public = api_as(None).get(url).json()
    assert [(q["text"], q["answer"], q["asker"]) for q in public] == [("数据接口？", "国标接口。", None)]
    assert api_as(charlie).get(url).json()[0]["asker"] is None
    assert api_as(alice).get(url).json()[0]["asker"]["name_zh"] == firm.name_zh
    assert api_as(pat).get(url).json()[0]["asker"]["name_zh"] == firm.name_zh


# ---------------------------------------------------------------- solutions


@pytest.fixture
def solutions(firm, other_firm):
    return {
        "published": SolutionFactory(owner=firm, title="公开方案"),
        "draft": SolutionFactory(owner=firm, title="草稿方案", status=Solution.Status.DRAFT),
        "archived": SolutionFactory(owner=firm, title="归档方案", status=Solution.Status.ARCHIVED),
        "erin_draft": SolutionFactory(owner=other_firm, title="别家草稿", status=Solution.Status.DRAFT),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", ["公开方案"]),
        ("dave", ["公开方案", "归档方案", "草稿方案"]),
        ("alice", ["公开方案"]),
        ("pat", ["公开方案", "别家草稿", "归档方案", "草稿方案"]),
    ],
)
def test_solution_list_page_and_api(client_as, api_as, people, solutions, role, expected):
    page = client_as(people[role]).get(reverse("catalog:solution-list"))
    assert sorted(s.title for s in page.context["solutions"]) == sorted(expected)
    assert _api_ids(api_as(people[role]).get("/api/v1/solutions/")) == sorted(expected)


@pytest.mark.parametrize(
    ("role", "draft", "patch", "edit_page"),
    [("anonymous", 404, 401, 302), ("dave", 200, 200, 200), ("alice", 404, 404, 404), ("pat", 200, 403, 403)],
)
def test_solution_draft_matrix(client_as, api_as, people, solutions, role, draft, patch, edit_page):
    pk = solutions["draft"].pk
    assert api_as(people[role]).get(f"/api/v1/solutions/{pk}/").status_code == draft
    assert client_as(people[role]).get(reverse("catalog:solution-detail", args=[pk])).status_code == draft
    assert api_as(people[role]).patch(f"/api/v1/solutions/{pk}/", {"title": "改"}, format="json").status_code == patch
    assert client_as(people[role]).get(reverse("catalog:solution-edit", args=[pk])).status_code == edit_page


@pytest.mark.parametrize(
    ("role", "status", "deleted"),
    [("anonymous", 302, False), ("dave", 302, True), ("alice", 404, False), ("pat", 403, False)],
)
def test_solution_delete_page_action(client_as, api_as, people, solutions, role, status, deleted):
    """A firm deletes a never-published draft solution on its page, as through the API and as a county deletes a
    draft scenario; the same people may (the firm's admins and editors)."""
    pk = solutions["draft"].pk
    response = client_as(people[role]).post(reverse("catalog:solution-delete", args=[pk]))
    assert response.status_code == status
    assert (not Solution.objects.filter(pk=pk).exists()) is deleted
    if deleted:
        assert response.url == reverse("catalog:my-solutions")


@pytest.mark.parametrize("kind", ["scenario", "solution"])
def test_the_delete_pages_take_only_get_and_post(client_as, alice, dave, data, solutions, kind):
    entry, user = (data["draft"], alice) if kind == "scenario" else (solutions["draft"], dave)
    response = client_as(user).delete(reverse(f"catalog:{kind}-delete", args=[entry.pk]))
    assert response.status_code == 405
    assert type(entry).objects.filter(pk=entry.pk).exists()


def test_solution_page_offers_to_delete_a_draft_only(client_as, dave, solutions):
    client = client_as(dave)
    draft_page = client.get(reverse("catalog:solution-detail", args=[solutions["draft"].pk]))
    delete_url = reverse("catalog:solution-delete", args=[solutions["draft"].pk])
    assert delete_url.encode() in draft_page.content
    confirmation = client.get(delete_url)
    assert confirmation.status_code == 200
    assert "草稿方案" in confirmation.content.decode()
    published = solutions["published"]
    assert (
        reverse("catalog:solution-delete", args=[published.pk]).encode()
        not in client.get(reverse("catalog:solution-detail", args=[published.pk])).content
    )
    refused = client.post(reverse("catalog:solution-delete", args=[published.pk]), follow=True)
    assert Solution.objects.filter(pk=published.pk).exists()
    assert [str(m) for m in refused.context["messages"]] == ["只能删除草稿；已发布的方案请改为归档。"]


def test_solution_create_api_by_firm_admin(api_as, dave, alice, firm):
    payload = {"title": "县域远程会诊", "description": "互联网医院", "domains": ["health"], "price_min": "５００００"}
    response = api_as(dave).post("/api/v1/solutions/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["price_min"], body["owner"]) == ("draft", 50000, firm.pk)
    assert api_as(alice).post("/api/v1/solutions/", payload, format="json").status_code == 403
    bad = api_as(dave).post("/api/v1/solutions/", dict(payload, price_min=9, price_max=1), format="json")
    assert bad.status_code == 400
    assert bad.json() == {"price_max": ["The upper amount must not be below the lower amount."]}


def test_api_family_lists_only_visible_members(api_as, charlie, data):
    copy = api_as(charlie).post(f"/api/v1/scenarios/{data['open'].pk}/adopt/", {}, format="json").json()
    url = f"/api/v1/scenarios/{data['open'].pk}/family/"
    assert [s["id"] for s in api_as(charlie).get(url).json()] == [data["open"].pk, copy["id"]]
    assert [s["id"] for s in api_as(None).get(url).json()] == [data["open"].pk]  # the copy is still a draft


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("close", S.OPEN, S.EVALUATING),
        ("award", S.EVALUATING, S.AWARDED),
        ("start_pilot", S.AWARDED, S.PILOTING),
        ("complete", S.PILOTING, S.COMPLETED),
        ("cancel", S.EVALUATING, S.CANCELLED),
    ],
)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("alice", 302),
        ("county_editor", 302),
        ("bob", 403),
        ("charlie", 403),
        ("pat", 403),
        ("dave", 403),
        ("anonymous", 302),
    ],
)
def test_page_each_transition(client_as, people, county, data, name, start, end, role, status):
    scenario = ScenarioFactory(owner=county, status=start)
    response = client_as(people[role]).post(
        reverse("catalog:scenario-transition", args=[scenario.pk, name]), {"reason": "局务会决定"}
    )
    assert response.status_code == status
    scenario.refresh_from_db()
    allowed = role in ("alice", "county_editor")
    assert scenario.status == (end if allowed else start)
    if allowed:
        assert response.url == reverse("catalog:scenario-detail", args=[scenario.pk])
        assert scenario.transitions.get().reason == "局务会决定"
    elif role == "anonymous":
        assert response.url.startswith(reverse("login"))
