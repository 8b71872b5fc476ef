"""How a field reads its value: attribute paths (keys for dicts) that stop at an empty link, getters, the
shared fields read at a path (``under``), and the value rules of each type. No database."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from opendata.registry import DataSet, Field, attribute, under


def test_an_attribute_path_reads_attributes_and_keys_and_stops_at_an_empty_link():
    obj = SimpleNamespace(region=SimpleNamespace(zone="north"), row={"n": 3}, venue=None)
    assert attribute(obj, "region.zone") == "north"
    assert attribute(obj, "row.n") == 3
    assert attribute(obj, "venue.region.zone") is None


def test_a_field_reads_its_name_its_path_or_its_getter():
    obj = SimpleNamespace(pk=7, title="T", county=None)
    assert Field("title", "string", "").read(obj) == "T"
    assert Field("id", "integer", "", "pk").read(obj) == 7
    assert Field("url", "string", "", lambda o, base_url: f"{base_url}/x/{o.pk}").read(obj, "https://a") == (
        "https://a/x/7"
    )
    # An empty link reads as empty text for a string field (never null).
    assert Field("zone", "string", "", "county.zone").read(obj) == ""


@pytest.mark.parametrize(
    ("type_", "value", "expected"),
    [
        ("date", dt.date(2026, 5, 1), "2026-05-01"),
        ("date", None, None),
        ("datetime", None, None),
        ("codes", None, []),
        ("codes", ("county", "zone"), ["county", "zone"]),
        ("string", None, ""),
        ("integer", None, None),
        ("boolean", False, False),
    ],
)
def test_each_type_is_written_as_every_format_holds_it(type_, value, expected):
    assert Field("f", type_, "", lambda obj, base_url: value).read(None) == expected


def test_datetimes_are_written_in_shanghai_time_to_the_second():
    moment = dt.datetime(2026, 5, 1, 0, 0, 30, 123, tzinfo=dt.UTC)
    assert Field("at", "datetime", "", "at").read({"at": moment}) == timezone.localtime(moment).isoformat(
        timespec="seconds"
    )


def test_under_reads_shared_fields_from_the_object_at_a_path():
    zone = Field("zone", "string", "", "county.zone")
    firm = Field("firm", "string", "", lambda org, base_url: org.name)
    row = SimpleNamespace(
        scenario=SimpleNamespace(county=SimpleNamespace(zone="south")), firm=SimpleNamespace(name="F")
    )
    moved_zone, moved_firm = under("scenario", zone) + under("firm", firm)
    assert (moved_zone.name, moved_zone.type, moved_zone.description) == (zone.name, zone.type, zone.description)
    assert moved_zone.read(row) == "south"
    assert moved_firm.read(row) == "F"


def test_a_row_holds_exactly_the_fields_in_their_order_and_each_gives_several_rows():
    dataset = DataSet(
        slug="test-only",
        title="",
        description="",
        public_rule="",
        fields=(Field("b", "integer", ""), Field("a", "string", "", "label")),
        queryset=lambda since=None: [SimpleNamespace(b=1, label="one", extra="x", parts=[2, 3])],
        each=lambda obj: (SimpleNamespace(b=part, label=obj.label) for part in obj.parts),
    )
    rows = list(dataset.rows())
    assert rows == [{"b": 2, "a": "one"}, {"b": 3, "a": "one"}]
    assert [list(row) for row in rows] == [["b", "a"], ["b", "a"]]
