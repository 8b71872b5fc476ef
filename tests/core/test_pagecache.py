"""The server-side cache of anonymous public pages (core/pagecache.py): served without queries, validated by
ETag, never shared with signed-in users, separate per language, and a change is visible at once."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from catalog import services
from catalog.models import Scenario, Solution
from tests.factories import ScenarioFactory, SolutionFactory

pytestmark = pytest.mark.usefixtures("page_cache")


@pytest.fixture
def open_scenario(county):
    return ScenarioFactory(owner=county, title="智慧停车场景", status=Scenario.Status.OPEN)


def test_second_anonymous_request_is_served_without_queries(client, open_scenario, django_assert_num_queries):
    first = client.get(reverse("catalog:scenario-list"))
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(reverse("catalog:scenario-list"))
    assert second.status_code == 200
    assert "智慧停车场景" in second.content.decode()
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"]
    assert "no-cache" in second["Cache-Control"] and "private" in second["Cache-Control"]
    vary = second["Vary"]
    assert "Cookie" in vary and "Accept-Language" in vary


def test_unchanged_page_answers_304_to_its_etag(client, open_scenario):
    url = reverse("catalog:scenario-detail", args=[open_scenario.pk])
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_scenario_change_is_visible_at_once(client, alice, open_scenario, django_capture_on_commit_callbacks):
    url = reverse("catalog:scenario-detail", args=[open_scenario.pk])
    list_url = reverse("catalog:scenario-list")
    before, before_list = client.get(url), client.get(list_url)
    assert client.get(url)["ETag"] == before["ETag"]  # cached
    with django_capture_on_commit_callbacks(execute=True):
        services.scenario_cancel(scenario=open_scenario, actor=alice, reason="预算取消")
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "预算取消" in after.content.decode() or after.content != before.content
    assert client.get(list_url).content != before_list.content


def test_solution_archive_removes_it_from_the_cached_list_at_once(
    client, firm, dave, django_capture_on_commit_callbacks
):
    solution = SolutionFactory(owner=firm, title="县域医共体影像云", status=Solution.Status.PUBLISHED)
    url = reverse("catalog:solution-list")
    assert "县域医共体影像云" in client.get(url).content.decode()
    assert "县域医共体影像云" in client.get(url).content.decode()  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        services.solution_archive(solution=solution, actor=dave)
    assert "县域医共体影像云" not in client.get(url).content.decode()


def test_a_successful_post_invalidates(client_as, alice, open_scenario, django_capture_on_commit_callbacks):
    anonymous = Client()
    url = reverse("catalog:scenario-list")
    anonymous.get(url)
    ScenarioFactory(owner=open_scenario.owner, title="新发布的场景", status=Scenario.Status.OPEN)  # no service call
    assert "新发布的场景" not in anonymous.get(url).content.decode()  # still the cached page
    with django_capture_on_commit_callbacks(execute=True):
        client_as(alice).post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "新发布的场景" in anonymous.get(url).content.decode()


def test_signed_in_users_never_get_or_fill_the_cache(client_as, alice, county, open_scenario):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    anonymous = Client()
    url = reverse("catalog:scenario-list")
    anonymous.get(url)
    signed_in = client_as(alice).get(url).content.decode()
    assert str(alice) in signed_in
    assert str(alice) not in anonymous.get(url).content.decode()
    cache.clear()
    client_as(alice).get(url)
    with CaptureQueriesContext(connection) as rendering:
        assert str(alice) not in anonymous.get(url).content.decode()
    assert len(rendering) > 0  # alice's page was not stored: the anonymous reader's page is rendered afresh


def test_languages_are_cached_apart(client, open_scenario):
    url = reverse("catalog:scenario-list")
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "开放应用场景" in chinese
    assert "Open application scenarios" in english
    assert "Open application scenarios" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "开放应用场景" in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_each_reader_gets_a_csrf_token_that_works_with_their_cookie(open_scenario):
    url = reverse("catalog:scenario-list")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(url)
    page = second.get(url)  # from the cache
    body = page.content.decode()
    assert "__PAGECACHE" not in body
    token = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = second.post(reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_api_list_is_cached_for_anonymous_readers_only(api_client, alice, open_scenario, django_assert_num_queries):
    url = reverse("api:scenario-list")
    first = api_client.get(url)
    with django_assert_num_queries(0):
        second = api_client.get(url)
    assert second.json() == first.json()
    assert second["ETag"]
    token = Token.objects.create(user=alice)
    with django_assert_num_queries(5):  # token lookup, then the list queries: not from the cache
        api_client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")


def test_drafts_stay_out_of_anonymous_pages(client, alice, county):
    draft = ScenarioFactory(owner=county, title="未发布草稿")
    assert client.get(reverse("catalog:scenario-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("catalog:scenario-detail", args=[draft.pk])).status_code == 404
    assert "未发布草稿" not in client.get(reverse("catalog:scenario-list")).content.decode()


# --- counts of the public lists ------------------------------------------------------------------------------


def _count_queries(captured) -> int:
    return sum(1 for query in captured.captured_queries if query["sql"].lstrip().upper().startswith("SELECT COUNT"))


def test_signed_in_reader_counts_a_public_list_once_per_content_version(
    client_as, alice, open_scenario, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(alice)  # signed in: the page itself is rendered every time
    url = reverse("catalog:scenario-list")
    with CaptureQueriesContext(connection) as first:
        assert "1 scenario" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with CaptureQueriesContext(connection) as second:
        assert "1 scenario" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _count_queries(first) == 1
    assert _count_queries(second) == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.scenario_publish(scenario=ScenarioFactory(owner=open_scenario.owner, title="第二个场景"), actor=alice)
    assert "2 scenarios" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_counts_are_kept_apart_for_readers_who_see_different_rows(client, client_as, alice, open_scenario, county):
    ScenarioFactory(owner=county, title="草稿场景")  # a draft: only the county's members see it
    url = reverse("api:scenario-list")
    assert client.get(url).json()["count"] == 1
    member = client_as(alice)
    assert member.get(url).json()["count"] == 2
    assert member.get(url).json()["count"] == 2
    assert client.get(url).json()["count"] == 1


def test_counts_are_fresh_without_the_page_cache(settings, client, open_scenario):
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse("catalog:scenario-list")
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    ScenarioFactory(owner=open_scenario.owner, title="又一个场景", status=Scenario.Status.OPEN)
    assert "2 scenarios" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


# --- fragments of public pages (core/templatetags/pagecache_tags.py) -------------------------------------------


def _without_csrf(content: bytes) -> bytes:
    import re

    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


@pytest.mark.parametrize("url_name", ["catalog:scenario-list", "catalog:solution-list", "talent:course-list"])
def test_signed_in_reader_gets_the_same_page_from_cached_fragments(client_as, alice, open_scenario, settings, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(alice)
    url = reverse(url_name) + "?q=%E5%81%9C%E8%BD%A6"
    settings.PAGE_CACHE_SECONDS = 0
    rendered = client.get(url).content
    settings.PAGE_CACHE_SECONDS = 60
    with CaptureQueriesContext(connection) as filling:
        first = client.get(url).content
    with CaptureQueriesContext(connection) as reading:
        second = client.get(url).content
    assert _without_csrf(first) == _without_csrf(second) == _without_csrf(rendered)
    assert len(reading) < len(filling)  # the filter's option lists (and the count) are not read again


def test_an_edited_scenario_shows_in_a_signed_in_readers_list_at_once(
    client_as, alice, open_scenario, django_capture_on_commit_callbacks
):
    client = client_as(alice)
    url = reverse("catalog:scenario-list")
    assert "智慧停车场景" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.scenario_update(scenario=open_scenario, actor=alice, title="智慧停车场景（二期）")
    page = client.get(url).content.decode()
    assert "智慧停车场景（二期）" in page


def test_a_row_follows_the_clock(client_as, alice, county, settings):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    settings.PAGE_CACHE_SECONDS = 24 * 3600  # the fragments outlive the deadline: only their key can follow it
    deadline = timezone.now() + dt.timedelta(hours=2)
    ScenarioFactory(owner=county, title="即将截止的场景", status=Scenario.Status.OPEN, deadline=deadline)
    client = client_as(alice)
    url = reverse("catalog:scenario-list")
    before = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">open for proposals</span>" in before and ">evaluating</span>" not in before
    with time_machine.travel(deadline + dt.timedelta(minutes=1)):
        after = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">evaluating</span>" in after and ">open for proposals</span>" not in after


def test_fragments_are_kept_apart_per_language(client_as, alice, open_scenario):
    client = client_as(alice)
    url = reverse("catalog:scenario-list")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Search" in english and "搜索" in chinese
    assert "搜索" not in english


def test_a_count_outlives_the_page_but_not_the_clock(client_as, alice, county):
    import datetime as dt

    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    deadline = timezone.now() + dt.timedelta(minutes=10)
    ScenarioFactory(owner=county, title="十分钟后截止", status=Scenario.Status.OPEN, deadline=deadline)
    client = client_as(alice)
    url = reverse("catalog:scenario-list")
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    open_only = client.get(url + "?status=open", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 scenario" in open_only
    with time_machine.travel(deadline + dt.timedelta(minutes=1)):  # the pages' 60 s are over, the count's hour not
        with CaptureQueriesContext(connection) as later:
            assert "1 scenario" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert _count_queries(later) == 0
        assert "0 scenarios" in client.get(url + "?status=open", HTTP_ACCEPT_LANGUAGE="en").content.decode()
