"""The API's contract (issue 17): the schema states what the site really does — 409 for state conflicts,
503, enums of the vocabularies, web addresses limited to http/https — and exports refuse an unknown format."""

import json
import re

import pytest
from django.core.management import call_command

from directory.models import Organization
from tests.factories import UserFactory
from tests.factories.catalog import use_test_vocabulary

WRITE_METHODS = {"post", "put", "patch", "delete"}


@pytest.fixture
def schema(db, tmp_path):
    use_test_vocabulary()
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", *WRITE_METHODS}:
                yield path, method, operation


def test_every_write_documents_409_and_every_operation_503(schema):
    operations = list(_operations(schema))
    assert len(operations) > 100
    for path, method, operation in operations:
        responses = operation["responses"]
        assert "503" in responses, (method, path)
        assert ("409" in responses) == (method in WRITE_METHODS), (method, path)
        assert responses["503"]["content"]["application/json"]["schema"]["type"] == "object"


def test_filters_and_bodies_list_the_vocabulary_codes(schema):
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/scenarios/"]["get"]["parameters"]}
    assert "health" in parameters["domain"]["enum"]
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["owner"]["type"] == "integer"
    # Actions on one scenario do not filter, so they document no filters.
    family = schema["paths"]["/api/v1/scenarios/{id}/family/"]["get"]
    assert [p["name"] for p in family["parameters"]] == ["id"]


def test_skill_codes_may_contain_dots(schema):
    (parameter,) = schema["paths"]["/api/v1/skills/{code}/"]["get"]["parameters"]
    assert re.fullmatch(parameter["schema"]["pattern"].strip("^$"), "digcomp-1.1")


def test_export_refuses_an_unknown_format_and_documents_both(api_client, schema):
    for kind in ("scenarios", "solutions"):
        response = api_client.get(f"/api/v1/{kind}/export/", {"as": "xml"})
        assert response.status_code == 400
        assert response.json() == {"as": ["Choose csv or json."]}
        content = schema["paths"][f"/api/v1/{kind}/export/"]["get"]["responses"]["200"]["content"]
        assert set(content) == {"text/csv", "application/json"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "website",
    [
        'https://www.example.cn/"><script>alert(1)</script>',
        "javascript:alert(1)",
        "ftp://files.example.cn/",
        "https://exa mple.cn/",
    ],
)
def test_a_website_that_is_not_a_plain_web_address_is_refused_and_nothing_saved(api_as, website):
    response = api_as(UserFactory()).post(
        "/api/v1/organizations/",
        {"kind": "county_office", "name_zh": "测试县数据局", "region": "320583", "website": website},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["website"]
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_a_web_address_is_accepted(api_as):
    response = api_as(UserFactory()).post(
        "/api/v1/organizations/",
        {
            "kind": "county_office",
            "name_zh": "测试县数据局",
            "region": "320583",
            "website": "https://www.ks.gov.cn/sjj/index.html?tab=1#top",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Organization.objects.get().website == "https://www.ks.gov.cn/sjj/index.html?tab=1#top"


@pytest.mark.django_db
def test_a_number_where_the_schema_says_text_is_refused(api_as):
    response = api_as(UserFactory()).post(
        "/api/v1/organizations/",
        {"kind": "county_office", "name_zh": 12345, "region": "320583"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["name_zh"]
    assert not Organization.objects.exists()
