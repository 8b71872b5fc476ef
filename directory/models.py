"""Who is who: people, the regions of Jiangsu and the organisations that act on the platform."""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import AutoAuthoredModel, ContactModel, acting_user
from core.text import BilingualNameMixin, validate_not_blank
from core.validators import validate_web_url
from directory.validators import validate_credit_code


class User(AbstractUser):
    """A person. The custom model exists from the first migration so it can grow without pain."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The language of the person's e-mails; set when they switch the site's language."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="directory_user_email_unique_ci",
                violation_error_message=_("A user with this e-mail address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def has_perm(self, perm, obj=None) -> bool:
        """The site's own permissions (registered with ``rules`` in each app's ``permissions.py``) are decided by
        their rule alone: no implicit "superusers may do anything", no Django model permission granted in the
        admin. Django's model permissions (``app.view_model`` …) keep their usual meaning."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


class RegionQuerySet(models.QuerySet):
    def within(self, region: Region) -> RegionQuerySet:
        """The region itself and everything under it, in one indexed prefix query on the GB/T 2260 code."""
        return self.filter(code__startswith=region.code_prefix)

    def counties(self) -> RegionQuerySet:
        return self.filter(level=Region.Level.COUNTY)

    def cities(self) -> RegionQuerySet:
        return self.filter(level=Region.Level.CITY)


class Region(BilingualNameMixin, models.Model):
    """An administrative division of Jiangsu (GB/T 2260): the province, its cities and county-level units."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        COUNTY = "county", _("county-level unit")

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE_CITY = "prefecture-level city", _("prefecture-level city")
        DISTRICT = "district", _("district")
        COUNTY_CITY = "county-level city", _("county-level city")
        COUNTY = "county", _("county")

    class Zone(models.TextChoices):
        SOUTH = "south", _("Southern Jiangsu (苏南)")
        CENTRE = "centre", _("Central Jiangsu (苏中)")
        NORTH = "north", _("Northern Jiangsu (苏北)")

    # Codes are strings: "320102", never the integer 320102.
    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name_zh = models.CharField(_("Chinese name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=25, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices, blank=True, db_index=True)
    population = models.PositiveIntegerField(
        _("population (2020 census)"), null=True, blank=True, help_text=_("Resident population, 7th census.")
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{6}$"), name="directory_region_code_6_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(level="province", parent__isnull=True) | models.Q(parent__isnull=False),
                name="directory_region_parent_unless_province",
            ),
        ]

    @property
    def code_prefix(self) -> str:
        if self.level == self.Level.PROVINCE:
            return self.code[:2]
        if self.level == self.Level.CITY:
            return self.code[:4]
        return self.code

    @property
    def is_county(self) -> bool:
        return self.level == self.Level.COUNTY

    @property
    def city_code(self) -> str | None:
        return None if self.level == self.Level.PROVINCE else self.code[:4] + "00"


class OrganizationQuerySet(models.QuerySet):
    def verified(self) -> OrganizationQuerySet:
        return self.filter(verification_status=Organization.Verification.VERIFIED)

    def in_region(self, region: Region) -> OrganizationQuerySet:
        """Organisations located in the region or anywhere under it."""
        return self.filter(region__code__startswith=region.code_prefix)


class Organization(BilingualNameMixin, ContactModel, AutoAuthoredModel):
    class Kind(models.TextChoices):
        COUNTY_OFFICE = "county_office", _("county office")
        # A prefecture-level city's office (市数据局): reviews its counties' scenarios where the province asks.
        CITY_OFFICE = "city_office", _("city office")
        FIRM = "firm", _("firm")
        TRAINING_PROVIDER = "training_provider", _("training provider")
        PROVINCIAL_OFFICE = "provincial_office", _("provincial office")

    class Verification(models.TextChoices):
        PENDING = "pending", _("pending verification")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    name_zh = models.CharField(_("Chinese name"), max_length=120, blank=True, validators=[validate_not_blank])
    name_en = models.CharField(_("English name"), max_length=200, blank=True, validators=[validate_not_blank])
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="organizations")
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("统一社会信用代码: 18 characters, required for firms."),
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])

    verification_status = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.PENDING,
        db_index=True,
    )
    verified_by = acting_user(_("verified by"))
    verified_at = models.DateTimeField(_("verification decided at"), null=True, blank=True)
    verification_reason = models.TextField(_("verification note"), blank=True, max_length=2000)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("organization", "user"),
        related_name="organizations",
    )

    # What its admins may change (the kind stays; verification is the provincial office's): the form, the API
    # and organization_update read this one list.
    EDITABLE_FIELDS = (
        "name_zh",
        "name_en",
        "region",
        "credit_code",
        "description",
        "website",
        "contact_name",
        "contact_email",
        "contact_phone",
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_zh", "name_en", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_zh="", name_en=""), name="directory_organization_has_a_name"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="firm", credit_code=""),
                name="directory_organization_firm_has_credit_code",
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="directory_organization_credit_code_unique",
                violation_error_message=_(
                    "An organisation with this unified social credit code is already registered."
                ),
            ),
        ]

    @property
    def is_verified(self) -> bool:
        return self.verification_status == self.Verification.VERIFIED

    @property
    def can_publish(self) -> bool:
        """Only verified organisations publish anything (scenarios, solutions, courses, proposals)."""
        return self.is_verified


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(status=Membership.Status.ACTIVE)

    def pending(self) -> MembershipQuerySet:
        return self.filter(status=Membership.Status.PENDING)


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("administrator")
        EDITOR = "editor", _("editor")
        VIEWER = "viewer", _("viewer")

    class Status(models.TextChoices):
        PENDING = "pending", _("requested")
        ACTIVE = "active", _("active")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.CharField(_("message to the administrators"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = acting_user()
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization_id", "user_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="directory_membership_one_per_pair",
                violation_error_message=_(
                    "This person is already a member of, or has asked to join, this organisation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def can_edit(self) -> bool:
        return self.is_active and self.role in (self.Role.ADMIN, self.Role.EDITOR)
