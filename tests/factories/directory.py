from __future__ import annotations

import itertools

import factory

from directory.demo import demo_credit_code
from directory.models import Membership, Organization, Region, User
from directory.regions_data import read_region_rows, sync_regions

_serial = itertools.count(1)


def region(code: str) -> Region:
    """A region from the data set. Migrations load all of Jiangsu; transactional tests flush tables after
    each test, so the regions are loaded again when they are missing."""
    found = Region.objects.filter(code=code).first()
    if found is None:
        sync_regions(Region, read_region_rows())
        found = Region.objects.get(code=code)
    return found


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.LazyAttribute(lambda o: o.username.title())
    password = factory.django.Password("correct-horse-battery")


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A verified county office in Kunshan (苏南) unless told otherwise."""

    class Meta:
        model = Organization

    kind = Organization.Kind.COUNTY_OFFICE
    name_zh = factory.Sequence(lambda n: f"测试机构{n}")
    name_en = factory.Sequence(lambda n: f"Test Organisation {n}")
    region = factory.LazyFunction(lambda: region("320583"))
    verification_status = Organization.Verification.VERIFIED
    credit_code = factory.LazyAttribute(
        lambda o: demo_credit_code(o.region.code, 900000 + next(_serial)) if o.kind == Organization.Kind.FIRM else ""
    )

    class Params:
        firm = factory.Trait(
            kind=Organization.Kind.FIRM,
            region=factory.LazyFunction(lambda: region("320505")),
        )
        provincial = factory.Trait(
            kind=Organization.Kind.PROVINCIAL_OFFICE,
            region=factory.LazyFunction(lambda: region("320000")),
        )
        trainer = factory.Trait(
            kind=Organization.Kind.TRAINING_PROVIDER,
            region=factory.LazyFunction(lambda: region("320102")),
        )
        pending = factory.Trait(verification_status=Organization.Verification.PENDING)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.VIEWER
    status = Membership.Status.ACTIVE
