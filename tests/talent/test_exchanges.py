"""Talent exchanges: the two-sided approval workflow, bad input, visibility and zone-pair filters."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directory.models import Organization
from talent import services
from talent.models import Exchange, Skill
from tests.factories import MembershipFactory, OrganizationFactory


@pytest.fixture
def exchange(alice, bob, charlie, county, other_county, frozen):
    """bob from 昆山 (苏南) to 沭阳 (苏北), proposed by alice."""
    return services.exchange_propose(
        actor=alice,
        person=bob,
        home_organization=county,
        host_organization=other_county,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 6, 30),
        role="数据共享专班 挂职",
        goals="Set up data sharing",
        skills=[Skill.objects.get(code="det-big-data")],
        related_scenario_url="https://example.com/catalog/scenarios/12/",
    )


def test_exchange_full_workflow(exchange, alice, charlie, frozen):
    assert (exchange.status, exchange.home_region_id, exchange.host_region_id) == ("proposed", "320583", "321322")
    services.exchange_approve(actor=alice, exchange=exchange)
    assert Exchange.objects.get().status == "proposed"  # host has not approved yet
    with pytest.raises(ValidationError, match="already approved"):
        services.exchange_approve(actor=alice, exchange=exchange)
    services.exchange_approve(actor=charlie, exchange=exchange)
    assert Exchange.objects.get().status == "approved"
    services.exchange_start(actor=charlie, exchange=exchange)
    frozen.move_to(dt.datetime(2026, 7, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    with pytest.raises(ValidationError, match="Write a closing report"):
        services.exchange_complete(actor=alice, exchange=exchange, report=" ", hours=100)
    done = services.exchange_complete(actor=alice, exchange=exchange, report="46 staff trained", hours=400)
    assert (done.status, done.report, done.credited_hours) == ("completed", "46 staff trained", 400)
    assert done.ended_on == dt.date(2026, 6, 30)
    assert done.certificate_code.startswith("SCX-")
    with pytest.raises(ValidationError, match="cannot be cancelled"):
        services.exchange_cancel(actor=alice, exchange=exchange)


def test_exchange_start_before_approval_is_refused(exchange, alice):
    with pytest.raises(ValidationError, match="Only an approved exchange can start"):
        services.exchange_start(actor=alice, exchange=exchange)


def test_exchange_approve_by_outsider_is_forbidden(exchange, dave, bob):
    with pytest.raises(PermissionDenied):
        services.exchange_approve(actor=dave, exchange=exchange)
    with pytest.raises(PermissionDenied):  # bob is only a viewer of the home organisation
        services.exchange_approve(actor=bob, exchange=exchange)


def test_exchange_host_equal_to_home_is_refused(alice, bob, county):
    with pytest.raises(ValidationError) as error:
        services.exchange_propose(
            actor=alice,
            person=bob,
            home_organization=county,
            host_organization=county,
            start_date=dt.date(2026, 4, 1),
            end_date=dt.date(2026, 4, 30),
            role="x",
        )
    assert error.value.message_dict == {
        "host_organization": ["The host organisation must differ from the home organisation."]
    }


def test_exchange_end_before_start_and_outsider_person_are_refused(alice, mallory, county, other_county):
    with pytest.raises(ValidationError) as error:
        services.exchange_propose(
            actor=alice,
            person=mallory,
            home_organization=county,
            host_organization=other_county,
            start_date=dt.date(2026, 4, 30),
            end_date=dt.date(2026, 4, 1),
            role="x",
        )
    assert error.value.message_dict == {
        "person": ["The person must be a member of the home organisation."],
        "end_date": ["The exchange must end on or after its start date."],
    }


def _approved(exchange, alice, charlie):
    services.exchange_approve(actor=alice, exchange=exchange)
    services.exchange_approve(actor=charlie, exchange=exchange)


def test_exchange_proposed_is_private_approved_is_public_without_name(api_as, exchange, alice, charlie, mallory, pat):
    assert api_as(None).get("/api/v1/exchanges/").json()["count"] == 0
    assert api_as(charlie).get("/api/v1/exchanges/").json()["results"][0]["person"] == "Bob"
    _approved(exchange, alice, charlie)
    public = api_as(None).get("/api/v1/exchanges/").json()["results"]
    assert [(row["id"], row["person"], row["home_zone"], row["host_zone"]) for row in public] == [
        (exchange.pk, None, "south", "north")
    ]
    assert api_as(mallory).get("/api/v1/exchanges/").json()["results"][0]["person"] is None
    assert api_as(pat).get("/api/v1/exchanges/").json()["results"][0]["person"] == "Bob"


def test_exchange_zone_pair_period_and_skill_filters(api_as, exchange, alice, charlie):
    _approved(exchange, alice, charlie)
    client = api_as(None)

    def count(**params):
        return client.get("/api/v1/exchanges/", params).json()["count"]

    assert count(home_zone="south", host_zone="north") == 1
    assert count(home_zone="north", host_zone="south") == 0
    assert count(skill="det-big-data") == 1
    assert count(skill="det-ai") == 0
    assert count(active_on_or_after="2026-06-30", active_on_or_before="2026-07-31") == 1
    assert count(active_on_or_after="2026-07-01") == 0
    bad = client.get("/api/v1/exchanges/", {"home_zone": "east", "active_on_or_after": "soon"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"home_zone", "active_on_or_after"}


def test_exchange_pages_and_certificate(client, client_as, exchange, alice, charlie, frozen):
    _approved(exchange, alice, charlie)
    listing = client.get("/talent/exchanges/", {"home_zone": "south", "host_zone": "north"})
    assert [x.pk for x in listing.context["exchanges"]] == [exchange.pk]
    detail = client.get(f"/talent/exchanges/{exchange.pk}/").content.decode()
    assert "数据共享专班 挂职" in detail
    assert "Bob" not in detail
    assert client.get(f"/talent/exchanges/{exchange.pk}/certificate/").status_code == 404
    services.exchange_start(actor=alice, exchange=exchange)
    frozen.move_to(dt.datetime(2026, 4, 10, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    services.exchange_complete(
        actor=charlie, exchange=exchange, report="done", hours=8, early_end_reason="Host project finished early"
    )
    certificate = client_as(charlie).get(f"/talent/exchanges/{exchange.pk}/certificate/").content.decode()
    assert "人才交流证书" in certificate
    assert "Bob" in certificate


def test_exchange_api_create_bad_input(api_as, alice, bob, county):
    response = api_as(alice).post(
        "/api/v1/exchanges/",
        {
            "person": bob.pk,
            "home_organization": county.pk,
            "host_organization": county.pk,
            "start_date": "2026-13-01",
            "end_date": "2026-04-01",
            "role": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["start_date"]


@pytest.mark.parametrize(("count", "queries"), [(1, 3), (3, 3)])
def test_exchange_list_query_count(
    api_as, alice, bob, charlie, county, other_county, count, queries, django_assert_num_queries
):
    for i in range(count):
        x = services.exchange_propose(
            actor=alice,
            person=bob,
            home_organization=county,
            host_organization=other_county,
            start_date=dt.date(2026, 4, 1 + i),
            end_date=dt.date(2026, 5, 1),
            role=f"role {i}",
        )
        _approved(x, alice, charlie)
    client = api_as(None)
    with django_assert_num_queries(queries):
        response = client.get("/api/v1/exchanges/")
    assert response.json()["count"] == count


def test_exchange_create_page_by_home_admin(client_as, alice, bob, county, other_county):
    response = client_as(alice).post(
        "/talent/exchanges/new/",
        {
            "kind": "secondment",
            "home_organization": county.pk,
            "person": bob.pk,
            "host_organization": other_county.pk,
            "start_date": "2026-05-01",
            "end_date": "2026-07-31",
            "role": "数据专员",
            "skills": ["det-big-data"],
        },
    )
    exchange = Exchange.objects.get()
    assert response["Location"] == f"/talent/exchanges/{exchange.pk}/"
    assert (exchange.kind, exchange.person, exchange.status) == ("secondment", bob, "proposed")


def test_exchange_create_page_host_equal_home_shows_error(client_as, alice, bob, county):
    response = client_as(alice).post(
        "/talent/exchanges/new/",
        {
            "kind": "exchange",
            "home_organization": county.pk,
            "person": bob.pk,
            "host_organization": county.pk,
            "start_date": "2026-05-01",
            "end_date": "2026-04-01",
            "role": "x",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "host_organization": ["The host organisation must differ from the home organisation."],
        "end_date": ["The exchange must end on or after its start date."],
    }
    assert not Exchange.objects.exists()


def test_exchange_create_page_for_non_admin_is_403(client_as, bob, mallory):
    assert client_as(bob).get("/talent/exchanges/new/").status_code == 403
    assert client_as(mallory).get("/talent/exchanges/new/").status_code == 403


def test_exchange_with_an_unverified_organisation_is_refused_through_the_api(api_as, alice, bob, county, frozen):
    """The page offers only verified organisations as home and host; the API is held to the same rule (an
    approved exchange is listed publicly with both organisations' names)."""
    unverified = OrganizationFactory(name_zh="未认证单位", verification_status=Organization.Verification.PENDING)
    MembershipFactory(user=alice, organization=unverified, role="admin")
    payload = {
        "person": bob.pk,
        "home_organization": county.pk,
        "host_organization": unverified.pk,
        "start_date": "2026-04-01",
        "end_date": "2026-06-30",
        "role": "挂职",
    }
    response = api_as(alice).post("/api/v1/exchanges/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"host_organization": ["Choose a verified organisation."]}
    assert not Exchange.objects.exists()
