import pytest


@pytest.mark.django_db
def test_regions_filter_by_level_lists_95_counties(api_client):
    response = api_client.get("/api/v1/regions/", {"level": "county", "page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 95
    assert len(body["results"]) == 95
    assert {row["level"] for row in body["results"]} == {"county"}


@pytest.mark.django_db
def test_region_detail_by_code(api_client):
    body = api_client.get("/api/v1/regions/321322/").json()
    assert body == {
        "code": "321322",
        "name_zh": "沭阳县",
        "name_en": "Shuyang County",
        "level": "county",
        "kind": "county",
        "parent": "321300",
        "zone": "north",
        "population": body["population"],
    }
    assert isinstance(body["population"], int) and body["population"] > 1_000_000


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"zone": "centre", "level": "county"}, 19),
        ({"parent": "320500"}, 9),
        ({"code_prefix": "3203"}, 11),
        ({"level": "city", "zone": "south"}, 5),
        ({"kind": "county-level city"}, 21),
    ],
)
def test_region_filters(api_client, params, count):
    assert api_client.get("/api/v1/regions/", params).json()["count"] == count


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["1000000", "-1", "0", "abc"])
def test_bad_page_sizes_are_a_clear_400(api_client, size):
    response = api_client.get("/api/v1/regions/", {"page_size": size})
    assert response.status_code == 400
    assert "page_size" in response.json()


@pytest.mark.django_db
def test_bad_filter_value_is_a_400(api_client):
    response = api_client.get("/api/v1/regions/", {"level": "galaxy"})
    assert response.status_code == 400
    assert "level" in response.json()


@pytest.mark.django_db
def test_unknown_region_is_404(api_client):
    assert api_client.get("/api/v1/regions/999999/").status_code == 404


@pytest.mark.django_db
def test_region_list_query_count_is_flat(api_client, django_assert_num_queries):
    for size in (1, 3, 50):
        with django_assert_num_queries(2):  # count + page
            response = api_client.get("/api/v1/regions/", {"page_size": size})
        assert len(response.json()["results"]) == size


@pytest.mark.django_db
def test_regions_are_read_only(api_as, pat):
    response = api_as(pat).post("/api/v1/regions/", {"code": "329999"}, format="json")
    assert response.status_code == 405
