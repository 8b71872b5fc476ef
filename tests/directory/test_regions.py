import pytest
from django.core.management import call_command

from directory.models import Region


@pytest.mark.django_db
def test_regions_loaded_with_expected_counts():
    assert Region.objects.filter(level="province").count() == 1
    assert Region.objects.cities().count() == 13
    assert Region.objects.counties().count() == 95
    kinds = {kind: Region.objects.filter(kind=kind).count() for kind in ("district", "county-level city", "county")}
    assert kinds == {"district": 55, "county-level city": 21, "county": 19}


@pytest.mark.django_db
def test_every_county_has_a_city_parent_with_the_same_zone():
    for county in Region.objects.counties().select_related("parent"):
        assert county.parent.level == "city", county.code
        assert county.zone == county.parent.zone != "", county.code
        assert county.code.startswith(county.parent.code[:4])


@pytest.mark.django_db
def test_zone_counts_match_the_source():
    counts = {zone: Region.objects.counties().filter(zone=zone).count() for zone in ("south", "centre", "north")}
    assert counts == {"south": 39, "centre": 19, "north": 37}


@pytest.mark.django_db
def test_counties_carry_census_population():
    assert not Region.objects.counties().filter(population__isnull=True).exists()
    assert Region.objects.get(code="320613").population == 1_183_740  # 崇川区 after the 2020 merger
    total = sum(Region.objects.counties().values_list("population", flat=True))
    assert total == 81_203_211


@pytest.mark.django_db
def test_city_and_everything_under_it_is_one_query(django_assert_num_queries):
    xuzhou = Region.objects.get(code="320300")
    with django_assert_num_queries(1):
        codes = list(Region.objects.within(xuzhou).values_list("code", flat=True))
    assert len(codes) == 11
    assert codes[0] == "320300"
    assert "320302" in codes  # 鼓楼区 of Xuzhou, not the one of Nanjing (320106)
    assert "320106" not in codes


@pytest.mark.django_db
def test_load_regions_twice_changes_nothing(capsys):
    before = list(Region.objects.values_list("code", "name_zh", "parent_id", "zone", "population"))
    call_command("load_regions")
    call_command("load_regions")
    out = capsys.readouterr().out
    assert "0 created, 0 updated" in out
    assert list(Region.objects.values_list("code", "name_zh", "parent_id", "zone", "population")) == before


@pytest.mark.django_db
def test_load_regions_repairs_a_changed_row():
    Region.objects.filter(code="320102").update(name_zh="错误", population=1)
    call_command("load_regions")
    fixed = Region.objects.get(code="320102")
    assert (fixed.name_zh, fixed.population) == ("玄武区", 537825)
