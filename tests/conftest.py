"""Shared fixtures. The cast, after healthchecks' alice / bob / charlie:

- ``alice``: admin of ``county`` (昆山市数据局, a verified county office in 苏南, region 320583)
- ``bob``: viewer in ``county`` (read-only member)
- ``charlie``: admin of ``other_county`` (沭阳县, 苏北, 321322) — another organisation of the same kind
- ``dave``: admin of ``firm`` (a verified firm in Suzhou); ``erin``: admin of ``other_firm``
- ``pat``: member of the verified provincial office ``province``
- ``trudy``: admin of ``trainer_org`` (a verified training provider)
- ``mallory``: a signed-up user with no organisation

Migrations load all regions of Jiangsu, so every test can use real codes.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from directory.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, region


def _member(username: str, organization: Organization, role: str = Membership.Role.ADMIN):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def county(db):
    return OrganizationFactory(name_zh="昆山市数据局", name_en="Kunshan Data Bureau", region=region("320583"))


@pytest.fixture
def other_county(db):
    return OrganizationFactory(name_zh="沭阳县数据局", name_en="Shuyang Data Bureau", region=region("321322"))


@pytest.fixture
def firm(db):
    return OrganizationFactory(firm=True, name_zh="苏州云途智行科技有限公司", name_en="Suzhou Yuntu Mobility")


@pytest.fixture
def other_firm(db):
    return OrganizationFactory(firm=True, name_zh="南京康宁医疗信息技术有限公司", name_en="Nanjing Kangning Medical IT")


@pytest.fixture
def province(db):
    return OrganizationFactory(provincial=True, name_zh="江苏省数据局", name_en="Jiangsu Provincial Data Bureau")


@pytest.fixture
def trainer_org(db):
    return OrganizationFactory(
        trainer=True, name_zh="江苏省数字技能培训中心", name_en="Jiangsu Digital Skills Training Centre"
    )


@pytest.fixture
def alice(county):
    return _member("alice", county, Membership.Role.ADMIN)


@pytest.fixture
def bob(county):
    return _member("bob", county, Membership.Role.VIEWER)


@pytest.fixture
def charlie(other_county):
    return _member("charlie", other_county, Membership.Role.ADMIN)


@pytest.fixture
def dave(firm):
    return _member("dave", firm, Membership.Role.ADMIN)


@pytest.fixture
def erin(other_firm):
    return _member("erin", other_firm, Membership.Role.ADMIN)


@pytest.fixture
def pat(province):
    return _member("pat", province, Membership.Role.ADMIN)


@pytest.fixture
def trudy(trainer_org):
    return _member("trudy", trainer_org, Membership.Role.ADMIN)


@pytest.fixture
def mallory(db):
    return UserFactory(username="mallory")


@pytest.fixture
def api_client():
    """An anonymous API client that asks for English (the site's default language is Chinese)."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def api_as():
    """``api_as(user)`` returns an APIClient signed in as ``user`` (or anonymous for None)."""

    def make(user=None, language="en"):
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def client_as(client):
    """``client_as(user)`` returns Django's test client signed in as ``user`` (or anonymous for None)."""
    from django.test import Client

    def make(user=None):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


def _django_group(item) -> int:
    """pytest-django's order: tests in a rolled-back transaction (0), then tests that commit and flush the
    database (1: ``transaction=True``, live servers), then tests without a database (2)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    flushes = (
        marker is not None and bool(marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or ("transactional_db" in fixtures or "live_server" in fixtures)
    if flushes:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


def pytest_collection_modifyitems(items):
    """Within pytest-django's order (a flush wipes the rows that migrations load, such as regions and skills, so
    flushing tests must come after the others), the slow tests first: under pytest-xdist (`make test` runs
    ``-n auto``) they start early and the other workers share out the rest around them."""
    items.sort(key=lambda item: (_django_group(item), item.get_closest_marker("slow") is None))


@pytest.fixture(autouse=True)
def _english_messages():
    """Service-level assertions read English messages; page tests choose their language explicitly."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def page_cache(settings):
    """The server-side page cache on (the suite runs with it off) and empty."""
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()
