"""Error pages are styled and bilingual; the API keeps answering JSON."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from core import errors


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [("en", "Page not found"), ("zh-hans", "找不到页面")])
def test_404_is_a_page_of_the_site_in_the_readers_language(client, language, heading):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 404
    assert heading in html
    assert 'id="error-title"' in html and "img/logo.svg" in html and "img/favicon.svg" in html


@pytest.mark.django_db
def test_403_says_why(client, alice):
    client.force_login(alice)
    response = client.get("/organizations/verification/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Not allowed" in html
    assert "Only members of the provincial office verify organisations." in html


@pytest.mark.django_db
def test_api_errors_stay_json(client):
    response = client.get("/api/v1/no-such-endpoint/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("view", "status", "words"),
    [
        (errors.server_error, 500, {"en": "Something went wrong", "zh-hans": "出错了"}),
        (lambda request: errors.bad_request(request, None), 400, {"en": "Bad request", "zh-hans": "请求有误"}),
    ],
)
def test_400_and_500_render_without_the_request_context(view, status, words):
    for language, heading in words.items():
        with translation.override(language):
            response = view(RequestFactory().get("/somewhere/"))
        assert response.status_code == status
        assert heading in response.content.decode()
